import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { permits, VOCABULARY_KINDS } from '@casetrail/domain';
import { Access } from '../access/access.decorator';
import { ID_PATTERN } from '../http/fields';
import { bodyOf } from '../http/openapi';
import { Metadata, type RequestMetadata } from '../http/request-metadata';
import { PublishVocabularyVersionDto } from './publish-vocabulary-version.dto';
import { VocabularyParams } from './vocabulary-params';
import { Vocabularies } from './vocabularies.service';

@ApiTags('vocabularies')
@Controller('vocabularies')
export class VocabulariesController {
  constructor(private readonly vocabularies: Vocabularies) {}

  @Get()
  @Access('vocabulary.read')
  @ApiOperation({
    summary:
      'The agency’s vocabularies in force (service types, need domains, closing reasons, contact types): each kind’s version, codes, labels, categories, retired flags',
  })
  @ApiResponse({ status: 200, description: 'Each kind’s version in force (0: the built-in defaults)' })
  async list() {
    const catalog = await this.vocabularies.catalog();
    return { vocabularies: VOCABULARY_KINDS.map((kind) => catalog[kind]) };
  }

  @Post(':kind/versions')
  @Access('vocabulary.publish')
  @ApiParam({
    name: 'kind',
    required: true,
    schema: { type: 'string', maxLength: 128, pattern: ID_PATTERN.source, enum: [...VOCABULARY_KINDS] },
  })
  @ApiOperation({
    summary:
      'Publish the next version of a vocabulary: every code, none removed (retire instead), categories unchanged',
  })
  @ApiBody(bodyOf(PublishVocabularyVersionDto))
  @ApiResponse({ status: 201, description: 'Published: the version now in force' })
  @ApiResponse({
    status: 409,
    description: 'VOCABULARY_VERSION_NOT_NEXT: expectedVersion is not the version in force',
  })
  @ApiResponse({
    status: 422,
    description:
      'VOCABULARY_CODE_REMOVED, VOCABULARY_CATEGORY_CHANGED, VOCABULARY_CATEGORY_REQUIRED, VOCABULARY_CATEGORY_NOT_ALLOWED, DUPLICATE_VOCABULARY_CODE, INVALID_VOCABULARY_CODE, VOCABULARY_LABEL_REQUIRED, VOCABULARY_EMPTY',
  })
  publish(
    @Param() { kind }: VocabularyParams,
    @Body() body: PublishVocabularyVersionDto,
    @Metadata() metadata: RequestMetadata,
  ) {
    const { access, idempotencyKey: _key, ...command } = metadata;
    return this.vocabularies.publish(kind, body, {
      ...command,
      // The guard let it through: a role of the caller holds the action.
      actor: {
        id: access.principal.id,
        role: permits(access.principal, 'vocabulary.publish') ?? 'administrator',
      },
    });
  }
}

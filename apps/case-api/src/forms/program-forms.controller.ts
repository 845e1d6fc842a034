import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { permits } from '@casetrail/domain';
import { Access } from '../access/access.decorator';
import { ApiIdParams, bodyOf } from '../http/openapi';
import { Metadata, type RequestMetadata } from '../http/request-metadata';
import { FormParams, ProgramParams } from './form-params';
import { ProgramForms } from './program-forms.service';
import { PublishFormVersionDto } from './publish-form-version.dto';

@ApiTags('forms')
@Controller('programs/:programId/forms')
export class ProgramFormsController {
  constructor(private readonly forms: ProgramForms) {}

  @Get()
  @Access('form.read')
  @ApiIdParams(':programId')
  @ApiOperation({
    summary:
      'A program’s forms in force: each form’s latest version, where it is filled in, whether it is required, and its fields',
  })
  @ApiResponse({ status: 200, description: 'Each form’s version in force, in the order first published' })
  async list(@Param() { programId }: ProgramParams) {
    return { programId, forms: await this.forms.inForce(programId) };
  }

  @Post(':formId/versions')
  @Access('form.publish')
  @ApiIdParams(':programId/:formId')
  @ApiOperation({
    summary:
      'Publish the next version of a program’s form: from now on, answers at its attachment point are validated against it',
  })
  @ApiBody(bodyOf(PublishFormVersionDto))
  @ApiResponse({ status: 201, description: 'Published: the version now in force' })
  @ApiResponse({
    status: 409,
    description:
      'FORM_VERSION_OUT_OF_SEQUENCE: expectedVersion is not the form’s version in force; WRONG_EXPECTED_VERSION: another version of the program’s forms was published meanwhile',
  })
  @ApiResponse({
    status: 422,
    description:
      'INVALID_FORM_ID, FORM_TITLE_REQUIRED, FORM_ATTACHMENT_CHANGED, FORM_WITHOUT_FIELDS, INVALID_FIELD_ID, DUPLICATE_FIELD_ID, FIELD_LABEL_REQUIRED, ALLOWED_VALUES_REQUIRED, ALLOWED_VALUES_NOT_APPLICABLE, FIELD_TYPE_CHANGED, FIELD_PERSONAL_CHANGED, TEXT_FIELD_NOT_PERSONAL (details.field names the field)',
  })
  publish(
    @Param() { programId, formId }: FormParams,
    @Body() body: PublishFormVersionDto,
    @Metadata() metadata: RequestMetadata,
  ) {
    const { access, idempotencyKey: _key, ...command } = metadata;
    return this.forms.publish(programId, formId, body, {
      ...command,
      // The guard let it through: a role of the caller holds the action.
      actor: { id: access.principal.id, role: permits(access.principal, 'form.publish') ?? 'administrator' },
    });
  }
}

import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '../access/access.decorator';
import { ApiIdParams, bodyOf } from '../http/openapi';
import { Metadata, type RequestMetadata } from '../http/request-metadata';
import { ClientErasures } from './client-erasures.service';
import { ClientMerges } from './client-merges.service';
import { MergeClientsDto } from './merge-clients.dto';
import { ClientParams } from './client-params';
import { ClientRecordQuery } from './client-record.query';
import { ClientSearch } from './client-search.service';
import { EraseClientDto } from './erase-client.dto';
import { SearchClientsDto } from './search-clients.dto';

@ApiTags('clients')
@Controller('clients')
export class ClientsController {
  constructor(
    private readonly erasures: ClientErasures,
    private readonly search: ClientSearch,
    private readonly merges: ClientMerges,
  ) {}

  @Post(':clientId/merge')
  @Access('client.merge')
  @ApiIdParams(':clientId/merge')
  @ApiOperation({
    summary:
      'Merge a mistaken duplicate into this client: a CaseClientChanged on each of its cases, nothing rewritten; its id answers this client from then on',
  })
  @ApiBody(bodyOf(MergeClientsDto))
  @ApiResponse({
    status: 201,
    description: 'Merged: the merge, with the CaseClientChanged of each case moved',
  })
  @ApiResponse({
    status: 200,
    description: 'Merged before into this client: the same merge, finished if a step was left',
  })
  @ApiResponse({
    status: 404,
    description: 'CLIENT_NOT_FOUND: either client unknown, or no case of this client is yours to read',
  })
  @ApiResponse({
    status: 409,
    description:
      'CLIENT_ALREADY_MERGED: the duplicate was merged into another client; CLIENT_MERGED: this client was merged into another, or others into the duplicate; CLIENT_DATA_ERASED: either was erased',
  })
  @ApiResponse({ status: 422, description: 'MERGE_INTO_ITSELF: the duplicate is this client' })
  async merge(
    @Param() { clientId }: ClientParams,
    @Body() body: MergeClientsDto,
    @Metadata() metadata: RequestMetadata,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { receipt, created } = await this.merges.merge(
      clientId,
      body,
      metadata.access,
      metadata.recordedAt,
    );
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return receipt;
  }

  @Post(':clientId/erasure')
  @Access('client.erase')
  @ApiIdParams(':clientId/erasure')
  @ApiOperation({
    summary:
      'Erase a client’s data: destroys their key and blind-index entries, records a receipt on each of their cases',
  })
  @ApiBody(bodyOf(EraseClientDto))
  @ApiResponse({ status: 201, description: 'Erased: the receipt, with the receipt event of each case' })
  @ApiResponse({ status: 200, description: 'Erased before: the same receipt; nothing was changed' })
  @ApiResponse({ status: 404, description: 'CLIENT_NOT_FOUND: no client has that id' })
  async erase(
    @Param() { clientId }: ClientParams,
    @Body() body: EraseClientDto,
    @Metadata() metadata: RequestMetadata,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { receipt, created } = await this.erasures.erase(
      clientId,
      body,
      metadata.access,
      metadata.recordedAt,
    );
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return receipt;
  }

  @Get(':clientId')
  @Access('client.search')
  @ApiIdParams(':clientId')
  @ApiOperation({
    summary:
      'A client’s record across cases: their episodes in order (case id and number, program, team, opened, closed), those you may read',
  })
  @ApiResponse({ status: 200, description: 'The client id and their episodes you may read, numbered from 1' })
  @ApiResponse({
    status: 404,
    description: 'CLIENT_NOT_FOUND: no client has that id, or none of their cases is yours to read',
  })
  async record(
    @Param() { clientId }: ClientParams,
    @Query() query: ClientRecordQuery,
    @Metadata() metadata: RequestMetadata,
  ) {
    return this.search.record(clientId, metadata.access, query.status ?? 'all');
  }

  @Post('search')
  @HttpCode(HttpStatus.OK)
  @Access('client.search')
  @ApiOperation({
    summary:
      'Find clients by name and/or date of birth (through the blind index): only those with a case you may read',
  })
  @ApiBody(bodyOf(SearchClientsDto))
  @ApiResponse({ status: 200, description: 'The matching clients and the cases of theirs you may read' })
  async find(@Body() body: SearchClientsDto, @Metadata() metadata: RequestMetadata) {
    return { matches: await this.search.find(body, metadata.access) };
  }
}

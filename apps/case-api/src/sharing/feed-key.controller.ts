import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PROTECTION, type Protection } from '@casetrail/protection';
import { AccessDeniedError } from '../access/access-denied.error';
import { Access } from '../access/access.decorator';
import { AccessLog } from '../access/access-log.service';
import { ApiIdParams } from '../http/openapi';
import { Metadata, type RequestMetadata } from '../http/request-metadata';
import { PartnerParams } from './partner-params';

/** A partner fetching the key its feed's pii is sealed under, to open the messages it receives. */
@ApiTags('partners')
@Controller('partners')
export class FeedKeyController {
  constructor(
    @Inject(PROTECTION) private readonly protection: Protection,
    @Inject(AccessLog) private readonly accessLog: AccessLog,
  ) {}

  @Get(':partnerId/feed-key')
  @Access('partner.read-feed-key')
  @ApiIdParams(':partnerId/feed-key')
  @ApiOperation({ summary: 'The AES-256-GCM key your partner feed’s pii is sealed under (your own only)' })
  @ApiResponse({
    status: 200,
    description: 'The key, base64url; the message id is the associated data of each sealed value',
    schema: { example: { kid: 'partner/svc-partner-a', alg: 'A256GCM', key: '<43 base64url characters>' } },
  })
  @ApiResponse({ status: 403, description: 'NOT_YOUR_FEED: a partner reads only its own feed key' })
  async feedKey(@Param() { partnerId }: PartnerParams, @Metadata() metadata: RequestMetadata) {
    const { principal } = metadata.access;
    // The policy lets any service account ask; only the partner itself may have its key.
    if (principal.id !== partnerId) {
      const denial = {
        allowed: false as const,
        status: 403 as const,
        code: 'NOT_YOUR_FEED',
        message: 'A partner may read only its own feed key',
      };
      await this.accessLog.denied(metadata.access, denial, null);
      throw new AccessDeniedError(denial);
    }
    const { kid, key } = await this.protection.partnerFeedKey(partnerId);
    // Recorded like a read, naming no case: who took a feed key and when is what a review needs.
    await this.accessLog.granted(metadata.access, 'service', []);
    const answer = { kid, alg: 'A256GCM' as const, key: key.toString('base64url') };
    key.fill(0);
    return answer;
  }
}

import { Module } from '@nestjs/common';
import { AccessLogModule } from '@casetrail/platform';
import { AccessLog } from './access-log.service';
import { CaseReads } from './case-reads.service';
import { EmergencyGrants } from './emergency-grants.service';

/** The object-level half of authorization and the access log, for every controller and handler. */
@Module({
  imports: [AccessLogModule],
  providers: [AccessLog, CaseReads, EmergencyGrants],
  exports: [AccessLog, CaseReads],
})
export class AccessModule {}

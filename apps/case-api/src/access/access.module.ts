import { Module } from '@nestjs/common';
import { AccessLog } from './access-log.service';
import { CaseReads } from './case-reads.service';

/** The object-level half of authorization and the access log, for every controller and handler. */
@Module({ providers: [AccessLog, CaseReads], exports: [AccessLog, CaseReads] })
export class AccessModule {}

import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccessModule } from './access/access.module';
import { AnalyticsController } from './analytics/analytics.controller';
import { PublisherModule } from '@casetrail/messaging';
import {
  AccessLogModule,
  HealthModule,
  InfrastructureModule,
  MetricsModule,
  type CasetrailConfig,
} from '@casetrail/platform';
import { ProjectorModule } from '../../projector/src/projector.module';
import { AccessLogController } from './queries/access-log/access-log.controller';
import { CaseloadsController } from './queries/caseloads/caseloads.controller';
import { AgendaController } from './queries/agenda/agenda.controller';
import { ReminderService } from './reminders/reminder.service';
import { FreshnessService } from './queries/freshness';
import { OutcomeReportsController } from './queries/outcome-reports/outcome-reports.controller';
import { StatusController } from './queries/status/status.controller';
import { TimelinesController } from './queries/timelines/timelines.controller';
import { CasesModule } from './cases/cases.module';
import { ClientsModule } from './clients/clients.module';
import { ProgramFormsController } from './forms/program-forms.controller';
import { ProgramFormsModule } from './forms/program-forms.module';
import { VocabulariesController } from './vocabularies/vocabularies.controller';
import { VocabulariesModule } from './vocabularies/vocabularies.module';
import { EdgeModule } from './identity/edge.module';
import { HealthController } from './health/health.controller';
import { SharingModule } from './sharing/sharing.module';
import { DisclosuresController } from './sharing/disclosures.controller';
import { FeedKeyController } from './sharing/feed-key.controller';

@Module({})
export class AppModule {
  /**
   * The API always hosts the publisher (see ARCHITECTURE.md). Embedded, it also hosts
   * the projector, because in-memory read models must live in the process that serves them.
   */
  static forConfig(config: CasetrailConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        // Before the infrastructure: the store and the transport are built with its observers.
        MetricsModule.forRoot('case-api'),
        EdgeModule.forRoot(config),
        InfrastructureModule.forRoot(config),
        PublisherModule,
        HealthModule.forRoot({ publisherLag: true }),
        AccessModule,
        AccessLogModule,
        CasesModule,
        ClientsModule,
        VocabulariesModule,
        ProgramFormsModule,
        SharingModule.forConfig(config),
        ...(config.mode === 'embedded' ? [ProjectorModule] : []),
      ],
      controllers: [
        HealthController,
        CaseloadsController,
        TimelinesController,
        OutcomeReportsController,
        StatusController,
        AccessLogController,
        AnalyticsController,
        DisclosuresController,
        FeedKeyController,
        AgendaController,
        VocabulariesController,
        ProgramFormsController,
      ],
      providers: [FreshnessService, ReminderService],
    };
  }
}

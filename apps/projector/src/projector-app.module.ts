import { Module, type DynamicModule } from '@nestjs/common';
import { HealthModule, InfrastructureModule, MetricsModule, type CasetrailConfig } from '@casetrail/platform';
import { ProjectorHealthController } from './health.controller';
import { ProjectorModule } from './projector.module';
import type { StallWatchOptions } from './stall-watch';

@Module({})
export class ProjectorAppModule {
  static forConfig(config: CasetrailConfig, stallWatch?: StallWatchOptions): DynamicModule {
    return {
      module: ProjectorAppModule,
      imports: [
        // Its registry is scraped on the projector's HTTP listener (PROJECTOR_PORT).
        MetricsModule.forRoot('projector'),
        // The projector copies sealed client data as it is: it needs, and so holds, no key.
        InfrastructureModule.forRoot(config, { protection: false }),
        stallWatch ? ProjectorModule.watched(stallWatch) : ProjectorModule,
        // The projector publishes nothing: its readiness is the database, Kafka and its groups' lag.
        HealthModule.forRoot({ publisherLag: false }),
      ],
      // Served on PROJECTOR_PORT by main; an application context (the tests') has no routes.
      controllers: [ProjectorHealthController],
    };
  }
}

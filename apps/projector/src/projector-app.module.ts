import { Module, type DynamicModule } from '@nestjs/common';
import { InfrastructureModule, type CasetrailConfig } from '@casetrail/platform';
import { ProjectorModule } from './projector.module';
import type { StallWatchOptions } from './stall-watch';

@Module({})
export class ProjectorAppModule {
  static forConfig(config: CasetrailConfig, stallWatch?: StallWatchOptions): DynamicModule {
    return {
      module: ProjectorAppModule,
      imports: [
        InfrastructureModule.forRoot(config),
        stallWatch ? ProjectorModule.watched(stallWatch) : ProjectorModule,
      ],
    };
  }
}

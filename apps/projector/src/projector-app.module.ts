import { Module, type DynamicModule } from '@nestjs/common';
import { InfrastructureModule, type CasetrailConfig } from '@casetrail/platform';
import { ProjectorModule } from './projector.module';

@Module({})
export class ProjectorAppModule {
  static forConfig(config: CasetrailConfig): DynamicModule {
    return { module: ProjectorAppModule, imports: [InfrastructureModule.forRoot(config), ProjectorModule] };
  }
}

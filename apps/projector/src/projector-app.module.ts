import { Module, type DynamicModule } from '@nestjs/common';
import { InfrastructureModule, ProjectorModule, type CasetrailConfig } from '@casetrail/platform';

@Module({})
export class ProjectorAppModule {
  static forConfig(config: CasetrailConfig): DynamicModule {
    return { module: ProjectorAppModule, imports: [InfrastructureModule.forRoot(config), ProjectorModule] };
  }
}

import { Module } from '@nestjs/common';
import { CaseCommands } from './case-commands';
import { EngageClientController } from './engaging-client/engage-client.controller';
import { ExecuteCaseCommandHandler } from './execute-case-command';
import { CasesController } from './reading-cases/cases.controller';

/** One controller per use case; all of them go through the one command handler. */
@Module({
  controllers: [EngageClientController, CasesController],
  providers: [ExecuteCaseCommandHandler, CaseCommands],
})
export class CasesModule {}

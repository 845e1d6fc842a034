import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { SafetyFlagParams } from '../case-params';
import { ClearSafetyFlagDto } from './clear-safety-flag.dto';

@Controller('cases')
export class ClearSafetyFlagController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'ClearSafetyFlag',
    ':caseId/safety-flags/:flagId/clearance',
    'Clear a safety flag that no longer applies',
    ClearSafetyFlagDto,
  )
  clear(
    @Body() body: ClearSafetyFlagDto,
    @OnCase(SafetyFlagParams) on: CaseCommandContext<SafetyFlagParams>,
  ) {
    return this.bus.execute(
      on.command('ClearSafetyFlag', {
        flagId: on.params.flagId,
        reason: body.reason,
        occurredAt: body.occurredAt,
      }),
    );
  }
}

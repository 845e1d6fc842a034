import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { DecidePlanApprovalDto } from './decide-plan-approval.dto';

@Controller('cases')
export class DecidePlanApprovalController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'DecidePlanApproval',
    ':caseId/plan/approval',
    'A supervisor approves or returns (with comments) the plan version waiting for approval',
    DecidePlanApprovalDto,
  )
  decide(@Body() body: DecidePlanApprovalDto, @OnCase() on: CaseCommandContext) {
    return this.bus.execute(
      on.command('DecidePlanApproval', {
        decision: body.decision,
        amendmentNumber: body.planVersion,
        ...(body.comments === undefined ? {} : { comments: body.comments }),
        occurredAt: body.occurredAt,
      }),
    );
  }
}

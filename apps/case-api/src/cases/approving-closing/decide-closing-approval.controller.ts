import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { DecideClosingApprovalDto } from './decide-closing-approval.dto';

@Controller('cases')
export class DecideClosingApprovalController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'DecideClosingApproval',
    ':caseId/closing/approval',
    'A supervisor approves (the case closes) or returns (with comments) the closing waiting for approval',
    DecideClosingApprovalDto,
  )
  decide(@Body() body: DecideClosingApprovalDto, @OnCase() on: CaseCommandContext) {
    return this.bus.execute(
      on.command('DecideClosingApproval', {
        decision: body.decision,
        ...(body.comments === undefined ? {} : { comments: body.comments }),
        occurredAt: body.occurredAt,
      }),
    );
  }
}

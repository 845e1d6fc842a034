import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { DecideTransferApprovalDto } from './decide-transfer-approval.dto';

@Controller('cases')
export class DecideTransferApprovalController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'DecideTransferApproval',
    ':caseId/transfer/approval',
    'A supervisor approves (the case moves to the program asked for) or returns (with comments) the transfer out of the program waiting for approval',
    DecideTransferApprovalDto,
  )
  decide(@Body() body: DecideTransferApprovalDto, @OnCase() on: CaseCommandContext) {
    return this.bus.execute(
      on.command('DecideTransferApproval', {
        decision: body.decision,
        ...(body.comments === undefined ? {} : { comments: body.comments }),
        occurredAt: body.occurredAt,
      }),
    );
  }
}

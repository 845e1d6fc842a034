import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { RecordAdvocacyActionDto } from './record-advocacy-action.dto';

@Controller('cases')
export class RecordAdvocacyActionController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'RecordAdvocacyAction',
    ':caseId/advocacy-actions',
    'Record an action taken for the client against a barrier: an appeal, a letter, a hearing...',
    RecordAdvocacyActionDto,
  )
  record(@Body() body: RecordAdvocacyActionDto, @OnCase() on: CaseCommandContext) {
    return this.bus.execute(
      on.command('RecordAdvocacyAction', {
        actionId: on.id(body.actionId, 'advocacy-action'),
        actionType: body.actionType,
        targetOrganisation: body.targetOrganisation,
        outcome: body.outcome,
        goalIds: body.goalIds ?? [],
        summary: body.summary,
        occurredAt: body.occurredAt,
      }),
    );
  }
}

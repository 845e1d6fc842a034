import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { AssignCaseDto } from './assign-case.dto';

@Controller('cases')
export class AssignCaseController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'AssignCase',
    ':caseId/assignment',
    'Assign an unassigned case to a case manager',
    AssignCaseDto,
  )
  assign(@Body() body: AssignCaseDto, @OnCase() on: CaseCommandContext) {
    return this.bus.execute(
      on.command('AssignCase', { caseManagerId: body.caseManagerId, occurredAt: body.occurredAt }),
    );
  }
}

import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { HouseholdMemberParams } from '../case-params';
import { RecordHouseholdMemberDepartureDto } from './record-household-member-departure.dto';

@Controller('cases')
export class RecordHouseholdMemberDepartureController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'RecordHouseholdMemberDeparture',
    ':caseId/household/members/:memberId/departure',
    'Record that a member left the client’s household',
    RecordHouseholdMemberDepartureDto,
  )
  leave(
    @Body() body: RecordHouseholdMemberDepartureDto,
    @OnCase(HouseholdMemberParams) on: CaseCommandContext<HouseholdMemberParams>,
  ) {
    return this.bus.execute(
      on.command('RecordHouseholdMemberDeparture', {
        memberId: on.params.memberId,
        note: body.note,
        occurredAt: body.occurredAt,
      }),
    );
  }
}

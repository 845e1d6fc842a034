import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { MilestoneParams } from '../case-params';
import { MeetMilestoneDto } from './meet-milestone.dto';

@Controller('cases')
export class MeetMilestoneController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'MeetMilestone',
    ':caseId/goals/:goalId/milestones/:milestoneId/met',
    'Record that a milestone of an open goal was met (once)',
    MeetMilestoneDto,
  )
  meet(@Body() body: MeetMilestoneDto, @OnCase(MilestoneParams) on: CaseCommandContext<MilestoneParams>) {
    return this.bus.execute(
      on.command('MeetMilestone', {
        goalId: on.params.goalId,
        milestoneId: on.params.milestoneId,
        note: body.note,
        metAt: body.metAt,
      }),
    );
  }
}

import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { TaskResolution } from '@casetrail/domain';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { TaskParams } from '../case-params';
import { CloseTaskDto } from './close-task.dto';

/** Two routes, one command: completing and cancelling both end a task. */
@Controller('cases')
export class CloseTaskController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint('CloseTask', ':caseId/tasks/:taskId/completion', 'Complete a task', CloseTaskDto)
  complete(@Body() body: CloseTaskDto, @OnCase(TaskParams) on: CaseCommandContext<TaskParams>) {
    return this.close('completed', body, on);
  }

  @CaseCommandEndpoint('CloseTask', ':caseId/tasks/:taskId/cancellation', 'Cancel a task', CloseTaskDto)
  cancel(@Body() body: CloseTaskDto, @OnCase(TaskParams) on: CaseCommandContext<TaskParams>) {
    return this.close('cancelled', body, on);
  }

  private close(resolution: TaskResolution, body: CloseTaskDto, on: CaseCommandContext<TaskParams>) {
    return this.bus.execute(
      on.command('CloseTask', {
        taskId: on.params.taskId,
        resolution,
        note: body.note,
        occurredAt: body.occurredAt,
      }),
    );
  }
}

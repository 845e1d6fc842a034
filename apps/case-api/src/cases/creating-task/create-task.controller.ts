import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { CreateTaskDto } from './create-task.dto';

@Controller('cases')
export class CreateTaskController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'CreateTask',
    ':caseId/tasks',
    'Create a task with an owner and a due time',
    CreateTaskDto,
  )
  create(@Body() body: CreateTaskDto, @OnCase() on: CaseCommandContext) {
    return this.bus.execute(
      on.command('CreateTask', {
        taskId: on.id(body.taskId, 'task'),
        title: body.title,
        ownerId: body.ownerId,
        dueAt: body.dueAt,
        goalIds: body.goalIds ?? [],
        occurredAt: body.occurredAt,
      }),
    );
  }
}

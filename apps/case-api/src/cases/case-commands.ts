import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import type { CaseCommand } from '@casetrail/domain';
import type { RequestMetadata } from '../http/request-metadata';
import { respond, type CommandResponseBody } from './command-response';
import { ExecuteCaseCommand, type CommandResult } from './execute-case-command';

/** What every command endpoint does once it has built its command: execute, then answer uniformly. */
@Injectable()
export class CaseCommands {
  constructor(private readonly bus: CommandBus) {}

  async run(
    command: CaseCommand & { readonly metadata: RequestMetadata },
    expectedVersion: number | undefined,
    response: Response,
  ): Promise<CommandResponseBody> {
    const result = await this.bus.execute<ExecuteCaseCommand, CommandResult>(
      new ExecuteCaseCommand(command, command.metadata.access, expectedVersion),
    );
    response.status(201);
    return respond(response, result);
  }
}

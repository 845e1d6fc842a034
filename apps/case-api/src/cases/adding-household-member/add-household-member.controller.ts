import { Body, Controller, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import type { CommandResult } from '../execute-case-command';
import { AddHouseholdMemberDto } from './add-household-member.dto';

@Controller('cases')
export class AddHouseholdMemberController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'AddHouseholdMember',
    ':caseId/household/members',
    'Add a member to the client’s household (answers with the memberId and its Location)',
    AddHouseholdMemberDto,
  )
  async add(
    @Body() body: AddHouseholdMemberDto,
    @OnCase() on: CaseCommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandResult & { readonly created: { readonly memberId: string } }> {
    const memberId = on.id(body.memberId, 'household-member');
    const result: CommandResult = await this.bus.execute(
      on.command('AddHouseholdMember', {
        memberId,
        relationship: body.relationship,
        givenName: body.givenName,
        familyName: body.familyName,
        dateOfBirth: body.dateOfBirth ?? null,
        occurredAt: body.occurredAt,
      }),
    );
    response.setHeader('Location', `/cases/${result.caseId}/household/members/${memberId}`);
    return { ...result, created: { memberId } };
  }
}

import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { TerminateCaseDto } from './terminate-case.dto';
import { formOf } from '../form-submission.dto';

@Controller('cases')
export class TerminateCaseController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'TerminateCase',
    ':caseId/termination',
    'Close the case: the reason, an outcome per open goal, the supports that continue',
    TerminateCaseDto,
  )
  terminate(@Body() body: TerminateCaseDto, @OnCase() on: CaseCommandContext) {
    return this.bus.execute(
      on.command('TerminateCase', {
        reason: body.reason,
        goalOutcomes: body.goalOutcomes.map(({ goalId, outcome }) => ({ goalId, outcome })),
        ongoingSupports: (body.ongoingSupports ?? []).map((support) => ({
          serviceType: support.serviceType,
          ...(support.providerId ? { providerId: support.providerId } : {}),
        })),
        summary: body.summary,
        ...(body.referralDispositions === undefined
          ? {}
          : {
              referralDispositions: body.referralDispositions.map(({ referralId, disposition }) => ({
                referralId,
                disposition,
              })),
            }),
        occurredAt: body.occurredAt,
        ...formOf(body.form),
      }),
    );
  }
}

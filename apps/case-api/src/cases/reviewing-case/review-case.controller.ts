import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { ReviewCaseDto } from './review-case.dto';

@Controller('cases')
export class ReviewCaseController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'ReviewCase',
    ':caseId/reviews',
    'Review the case: progress on every open goal, and the next review date',
    ReviewCaseDto,
  )
  review(@Body() body: ReviewCaseDto, @OnCase() on: CaseCommandContext) {
    return this.bus.execute(
      on.command('ReviewCase', {
        reviewId: on.id(body.reviewId, 'review'),
        goalReviews: body.goalReviews.map(({ goalId, progress }) => ({ goalId, progress })),
        goalMeasures: (body.goalMeasures ?? []).map(({ goalId, value, unit, measuredAt }) => ({
          goalId,
          value,
          unit: unit ?? null,
          measuredAt: measuredAt ?? null,
        })),
        nextReviewDate: body.nextReviewDate,
        summary: body.summary,
        occurredAt: body.occurredAt,
      }),
    );
  }
}

import { Body, Controller, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Metadata, type RequestMetadata } from '../../http/request-metadata';
import { CaseCommandEndpoint } from '../case-command-endpoint';
import { CaseCommands } from '../case-commands';
import { CaseParams } from '../case-params';
import { ExpectedVersion } from '../command-response';
import { idsFor } from '../ids';
import { ReviewCaseDto } from './review-case.dto';

@Controller('cases')
export class ReviewCaseController {
  constructor(private readonly commands: CaseCommands) {}

  @CaseCommandEndpoint(
    'ReviewCase',
    ':caseId/reviews',
    'Review the case: progress on every open goal, and the next review date',
    ReviewCaseDto,
  )
  review(
    @Param() params: CaseParams,
    @Body() body: ReviewCaseDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @Metadata() metadata: RequestMetadata,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.commands.run(
      {
        type: 'ReviewCase',
        caseId: params.caseId,
        data: {
          reviewId: idsFor(metadata)(body.reviewId, 'review'),
          goalReviews: body.goalReviews.map(({ goalId, progress }) => ({ goalId, progress })),
          nextReviewDate: body.nextReviewDate,
          summary: body.summary,
          occurredAt: body.occurredAt,
        },
        metadata,
      },
      expectedVersion,
      response,
    );
  }
}

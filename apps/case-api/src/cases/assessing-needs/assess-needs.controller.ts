import { Body, Controller, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AssessedNeed, AssessedStrength, ToolScore } from '@casetrail/domain';
import { Metadata, type RequestMetadata } from '../../http/request-metadata';
import { CaseCommandEndpoint } from '../case-command-endpoint';
import { CaseCommands } from '../case-commands';
import { CaseParams } from '../case-params';
import { ExpectedVersion } from '../command-response';
import { idsFor } from '../ids';
import { descriptionsOf } from '../shared-dtos';
import { AssessNeedsDto } from './assess-needs.dto';

@Controller('cases')
export class AssessNeedsController {
  constructor(private readonly commands: CaseCommands) {}

  @CaseCommandEndpoint(
    'AssessNeeds',
    ':caseId/assessments',
    'Assess needs and strengths (the first is the initial assessment, later ones reassessments)',
    AssessNeedsDto,
  )
  assess(
    @Param() params: CaseParams,
    @Body() body: AssessNeedsDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @Metadata() metadata: RequestMetadata,
    @Res({ passthrough: true }) response: Response,
  ) {
    const id = idsFor(metadata);
    const needs = (body.needs ?? []).map((need, index) => ({
      need,
      needId: id(need.needId, 'need', index),
    }));
    const strengths = (body.strengths ?? []).map((strength, index) => ({
      strength,
      strengthId: id(strength.strengthId, 'strength', index),
    }));
    return this.commands.run(
      {
        type: 'AssessNeeds',
        caseId: params.caseId,
        data: {
          assessmentId: id(body.assessmentId, 'assessment'),
          needs: needs.map(({ need, needId }): AssessedNeed => ({
            needId,
            domain: need.domain,
            severity: need.severity,
          })),
          strengths: strengths.map(({ strength, strengthId }): AssessedStrength => ({
            strengthId,
            domain: strength.domain,
          })),
          scores: (body.scores ?? []).map((score): ToolScore => ({
            tool: score.tool,
            score: score.score,
            ...(typeof score.maxScore === 'number' ? { maxScore: score.maxScore } : {}),
          })),
          summary: body.summary,
          descriptions: descriptionsOf([
            ...needs.map(({ need, needId }) => [needId, need.description] as const),
            ...strengths.map(({ strength, strengthId }) => [strengthId, strength.description] as const),
          ]),
          assessedAt: body.assessedAt,
        },
        metadata,
      },
      expectedVersion,
      response,
    );
  }
}

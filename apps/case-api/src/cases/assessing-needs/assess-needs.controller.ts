import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { AssessedNeed, AssessedStrength, ToolScore } from '@casetrail/domain';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { descriptionsOf } from '../shared-dtos';
import { AssessNeedsDto } from './assess-needs.dto';
import { formOf } from '../form-submission.dto';

@Controller('cases')
export class AssessNeedsController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'AssessNeeds',
    ':caseId/assessments',
    'Assess needs and strengths (the first is the initial assessment, later ones reassessments)',
    AssessNeedsDto,
  )
  assess(@Body() body: AssessNeedsDto, @OnCase() on: CaseCommandContext) {
    const { id } = on;
    const needs = (body.needs ?? []).map((need, index) => ({
      need,
      needId: id(need.needId, 'need', index),
    }));
    const strengths = (body.strengths ?? []).map((strength, index) => ({
      strength,
      strengthId: id(strength.strengthId, 'strength', index),
    }));
    return this.bus.execute(
      on.command('AssessNeeds', {
        assessmentId: id(body.assessmentId, 'assessment'),
        needs: needs.map(({ need, needId }): Omit<AssessedNeed, 'category'> => ({
          needId,
          domain: need.domain,
          severity: need.severity,
          ...(need.memberId === undefined ? {} : { memberId: need.memberId }),
        })),
        strengths: strengths.map(({ strength, strengthId }): Omit<AssessedStrength, 'category'> => ({
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
        ...formOf(body.form),
      }),
    );
  }
}

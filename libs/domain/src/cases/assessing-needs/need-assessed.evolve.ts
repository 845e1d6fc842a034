import { withEntry } from '../../shared/records';
import { SEVERITIES, type Severity } from '../vocabularies';
import type { NeedAssessed } from './need-assessed.event';
import type { ActiveCase } from '../case-state';

const highest = (severities: readonly Severity[]): Severity | null =>
  severities.reduce<Severity | null>(
    (max, severity) =>
      max === null || SEVERITIES.indexOf(severity) > SEVERITIES.indexOf(max) ? severity : max,
    null,
  );

export const evolveNeedAssessed = (state: ActiveCase, event: NeedAssessed): ActiveCase => {
  const { assessmentId, needs } = event.data;
  return {
    ...state,
    assessments: {
      count: state.assessments.count + 1,
      latestAssessmentId: assessmentId,
      latestAssessedAt: event.occurredAt,
      needs: needs.reduce(
        (all, need) =>
          withEntry(all, need.needId, {
            domain: need.domain,
            category: need.category,
            severity: need.severity,
            assessmentId,
            ...(need.memberId === undefined ? {} : { memberId: need.memberId }),
          }),
        state.assessments.needs,
      ),
      highestSeverity: highest(needs.map((need) => need.severity)),
    },
  };
};

import { withEntry } from '../../shared/records';
import { SEVERITIES } from '../vocabularies';
import type { ActiveCase } from '../case-state';
import type { NeedIdentified } from './need-identified.event';

export const evolveNeedIdentified = (state: ActiveCase, event: NeedIdentified): ActiveCase => {
  const { needId, domain, category, severity, memberId } = event.data;
  const { assessments } = state;
  const highest = assessments.highestSeverity;
  return {
    ...state,
    assessments: {
      ...assessments,
      // Counted with the latest assessment, so the next reassessment decides whether it stays current.
      needs: withEntry(assessments.needs, needId, {
        domain,
        category,
        severity,
        assessmentId: assessments.latestAssessmentId ?? '',
        ...(memberId === null ? {} : { memberId }),
      }),
      highestSeverity:
        highest === null || SEVERITIES.indexOf(severity) > SEVERITIES.indexOf(highest) ? severity : highest,
    },
  };
};

import type { CommandMetadata } from '../../shared/metadata';
import { hasEntry } from '../../shared/records';
import { caseError } from '../case-errors';
import type { CaseState } from '../case-state';
import {
  occurredAtFor,
  requireNeedDomain,
  requireOneOf,
  requireOpenCase,
  requirePresentMember,
  requireText,
} from '../case-rules';
import { SEVERITIES, type NeedDomainCode, type Severity } from '../vocabularies';
import type { NeedIdentified } from './need-identified.event';

/** One newly found need, recorded without a whole reassessment. */
export interface IdentifyNeed {
  readonly type: 'IdentifyNeed';
  readonly caseId: string;
  readonly data: {
    readonly needId: string;
    /** Any code of the agency's need domains in force. */
    readonly domain: NeedDomainCode;
    readonly severity: Severity;
    readonly description: string;
    /** The household member it concerns, present in the household when it was found. */
    readonly memberId?: string | null;
    /** When it was found; defaults to when it was recorded. */
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

export const identifyNeed = (command: IdentifyNeed, state: CaseState): readonly NeedIdentified[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.occurredAt);
  // It adds to an assessment: without one there is nothing to add to, and no initial view of the client.
  if (active.assessments.count === 0) {
    throw caseError('ASSESSMENT_REQUIRED', 'A need is added to an assessment: assess the client first', {});
  }
  if (hasEntry(active.assessments.needs, data.needId)) {
    throw caseError(
      'NEED_ALREADY_EXISTS',
      `Need ${data.needId} is already in the case: reassess to re-rate it`,
      {
        needId: data.needId,
      },
    );
  }
  const { domain, category } = requireNeedDomain(metadata.vocabulary, data.domain, 'domain');
  const severity = requireOneOf(SEVERITIES, data.severity, 'severity');
  const description = requireText(data.description, 'DESCRIPTION_REQUIRED', 'description');
  const memberId = data.memberId ?? null;
  if (memberId !== null) requirePresentMember(active, memberId, occurredAt, 'memberId');
  return [
    {
      type: 'NeedIdentified',
      occurredAt,
      data: { needId: data.needId, domain, category, severity, memberId },
      pii: { description },
    },
  ];
};

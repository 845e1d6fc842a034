import type { CommandMetadata } from '../../shared/metadata';
import { entry } from '../../shared/records';
import { caseError } from '../case-errors';
import { REFERRAL_STATUSES, type ReferralStatus } from '../vocabularies';
import type { ReferralStatusChanged } from './referral-status-changed.event';
import type { CaseState, ReferralLifecycleStatus } from '../case-state';
import { occurredAtFor, requireOneOf, requireOpenCase } from '../case-rules';

export interface ChangeReferralStatus {
  readonly type: 'ChangeReferralStatus';
  readonly caseId: string;
  readonly data: {
    readonly referralId: string;
    readonly status: ReferralStatus;
    readonly note?: string;
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

/** A referral's life; a status with no way out is final, and a new referral replaces it. */
export const REFERRAL_TRANSITIONS: Readonly<Record<ReferralLifecycleStatus, readonly ReferralStatus[]>> = {
  made: ['accepted', 'declined', 'withdrawn'],
  accepted: ['service_started', 'no_show', 'withdrawn'],
  service_started: ['completed', 'withdrawn'],
  declined: [],
  completed: [],
  no_show: [],
  withdrawn: [],
};

export const changeReferralStatus = (
  command: ChangeReferralStatus,
  state: CaseState,
): readonly ReferralStatusChanged[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.occurredAt);
  const referral = entry(active.referrals, data.referralId);
  if (referral === undefined) {
    throw caseError('UNKNOWN_REFERRAL', `Referral ${data.referralId} does not exist on this case`, {
      referralId: data.referralId,
    });
  }
  const to = requireOneOf(REFERRAL_STATUSES, data.status, 'status');
  const from = referral.status;
  const allowed = REFERRAL_TRANSITIONS[from];
  if (allowed.length === 0) {
    throw caseError('REFERRAL_STATUS_FINAL', `Referral ${data.referralId} is ${from}, which is final`, {
      referralId: data.referralId,
      from,
      to,
    });
  }
  if (!allowed.includes(to)) {
    throw caseError('INVALID_REFERRAL_TRANSITION', `A ${from} referral cannot become ${to}`, {
      referralId: data.referralId,
      from,
      to,
      allowed,
    });
  }
  return [
    {
      type: 'ReferralStatusChanged',
      occurredAt,
      data: { referralId: data.referralId, from, to },
      pii: { note: data.note ?? '' },
    },
  ];
};

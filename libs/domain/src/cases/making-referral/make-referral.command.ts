import type { CommandMetadata } from '../../shared/metadata';
import { entry, hasEntry } from '../../shared/records';
import { caseError } from '../case-errors';
import { requireCode } from '../../vocabularies/vocabulary-catalog';
import type { ServiceTypeCode } from '../vocabularies';
import type { ReferralMade } from './referral-made.event';
import type { ActiveCase, CaseState, ReferralLifecycleStatus } from '../case-state';
import {
  occurredAtFor,
  requirePresentMember,
  requireDistinct,
  requireGoal,
  requireOpenCase,
  requireText,
} from '../case-rules';

export interface MakeReferral {
  readonly type: 'MakeReferral';
  readonly caseId: string;
  readonly data: {
    readonly referralId: string;
    readonly providerId: string;
    readonly serviceType: ServiceTypeCode;
    /** The plan's goals this referral serves; may be empty for a crisis referral before any plan. */
    readonly goalIds?: readonly string[];
    /** A referral that fell through and that this one replaces. */
    readonly replacesReferralId?: string | null;
    readonly note?: string;
    /** The household member it is for, in the household when it is made. */
    readonly memberId?: string | null;
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

/** Only a referral that will not deliver its service can be replaced. */
const REPLACEABLE: readonly ReferralLifecycleStatus[] = ['declined', 'withdrawn', 'no_show'];

const requireReplaceable = (active: ActiveCase, referralId: string): void => {
  const replaced = entry(active.referrals, referralId);
  if (replaced === undefined) {
    throw caseError('UNKNOWN_REFERRAL', `Referral ${referralId} does not exist on this case`, { referralId });
  }
  if (!REPLACEABLE.includes(replaced.status)) {
    throw caseError(
      'REFERRAL_NOT_REPLACEABLE',
      `Referral ${referralId} is ${replaced.status}, so nothing to replace`,
      {
        referralId,
        status: replaced.status,
      },
    );
  }
  if (replaced.replacedByReferralId !== null) {
    throw caseError('REFERRAL_ALREADY_REPLACED', `Referral ${referralId} was already replaced`, {
      referralId,
      replacedByReferralId: replaced.replacedByReferralId,
    });
  }
};

export const makeReferral = (command: MakeReferral, state: CaseState): readonly ReferralMade[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.occurredAt);
  if (hasEntry(active.referrals, data.referralId)) {
    throw caseError('REFERRAL_ALREADY_EXISTS', `Referral ${data.referralId} already exists`, {
      referralId: data.referralId,
    });
  }
  const providerId = requireText(data.providerId, 'PROVIDER_REQUIRED', 'providerId');
  // Any code in force: the event keeps the category it carries now, so replay needs no vocabulary.
  const service = requireCode(metadata.vocabulary, 'service_type', data.serviceType, 'serviceType');
  const goalIds = data.goalIds ?? [];
  requireDistinct(goalIds, 'goalIds');
  goalIds.forEach((goalId) => requireGoal(active.plan, goalId));
  const replacesReferralId = data.replacesReferralId ?? null;
  if (replacesReferralId !== null) requireReplaceable(active, replacesReferralId);
  const memberId = data.memberId ?? null;
  if (memberId !== null) requirePresentMember(active, memberId, occurredAt, 'memberId');
  return [
    {
      type: 'ReferralMade',
      occurredAt,
      data: {
        referralId: data.referralId,
        providerId,
        serviceType: service.code,
        serviceCategory: service.category ?? 'services_referrals',
        goalIds,
        replacesReferralId,
        ...(memberId === null ? {} : { memberId }),
      },
      pii: { note: data.note ?? '' },
    },
  ];
};

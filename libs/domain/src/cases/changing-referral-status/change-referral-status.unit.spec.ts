import type { CaseEvent } from '../case-events';
import type { ReferralStatus } from '../vocabularies';
import type { ReferralLifecycleStatus } from '../case-state';
import { CASE_ID, metadata, NOW, planned, referralMade, spec } from '../../testing/fixtures';
import { REFERRAL_TRANSITIONS, type ChangeReferralStatus } from './change-referral-status.command';

const change = (
  status: ReferralStatus,
  data: Partial<ChangeReferralStatus['data']> = {},
): ChangeReferralStatus => ({
  type: 'ChangeReferralStatus',
  caseId: CASE_ID,
  data: { referralId: 'ref-voucher', status, note: 'Provider called back', ...data },
  metadata: metadata(),
});

/** The history that brings the referral to `status` along the shortest path. */
const PATHS: Readonly<Record<ReferralLifecycleStatus, readonly ReferralStatus[]>> = {
  made: [],
  accepted: ['accepted'],
  declined: ['declined'],
  withdrawn: ['withdrawn'],
  service_started: ['accepted', 'service_started'],
  no_show: ['accepted', 'no_show'],
  completed: ['accepted', 'service_started', 'completed'],
};

const referralAt = (status: ReferralLifecycleStatus): readonly CaseEvent[] => {
  const steps = PATHS[status];
  return [
    ...planned,
    referralMade(),
    ...steps.map((to, index): CaseEvent => ({
      type: 'ReferralStatusChanged',
      occurredAt: NOW,
      data: { referralId: 'ref-voucher', from: index === 0 ? 'made' : steps[index - 1]!, to },
      pii: { note: '' },
    })),
  ];
};

const allowed = (Object.keys(REFERRAL_TRANSITIONS) as ReferralLifecycleStatus[]).flatMap((from) =>
  REFERRAL_TRANSITIONS[from].map((to) => [from, to] as const),
);

describe('ChangeReferralStatus', () => {
  it.each(allowed)('moves a %s referral to %s', (from, to) => {
    spec(referralAt(from))
      .when(change(to))
      .then([
        {
          type: 'ReferralStatusChanged',
          occurredAt: NOW,
          data: { referralId: 'ref-voucher', from, to },
          pii: { note: 'Provider called back' },
        },
      ]);
  });

  it.each(['declined', 'completed', 'no_show', 'withdrawn'] as const)('keeps a %s referral final', (from) => {
    spec(referralAt(from)).when(change('accepted')).thenFails('REFERRAL_STATUS_FINAL');
  });

  it.each([
    ['made', 'service_started'],
    ['made', 'completed'],
    ['made', 'no_show'],
    ['accepted', 'accepted'],
    ['accepted', 'completed'],
    ['service_started', 'no_show'],
  ] as const)('does not move a %s referral to %s', (from, to) => {
    spec(referralAt(from)).when(change(to)).thenFails('INVALID_REFERRAL_TRANSITION');
  });

  it('changes only a referral of this case', () => {
    spec(planned).when(change('accepted')).thenFails('UNKNOWN_REFERRAL');
  });

  it('knows the statuses', () => {
    spec(referralAt('made'))
      .when(change('lost' as never))
      .thenFails('INVALID_VOCABULARY_VALUE');
  });
});

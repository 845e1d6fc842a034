import type { ReferralStatusChanged } from '../changing-referral-status/referral-status-changed.event';
import {
  CASE_ID,
  engaged,
  householdMemberJoined,
  householdMemberLeft,
  metadata,
  NOW,
  planned,
  referralMade,
  spec,
} from '../../testing/fixtures';
import type { MakeReferral } from './make-referral.command';

const refer = (data: Partial<MakeReferral['data']> = {}): MakeReferral => ({
  type: 'MakeReferral',
  caseId: CASE_ID,
  data: {
    referralId: 'ref-voucher-2',
    providerId: 'prov-housing-2',
    serviceType: 'housing_voucher',
    goalIds: ['goal-housing'],
    note: 'Second provider has capacity',
    ...data,
  },
  metadata: metadata(),
});

const statusChanged = (
  referralId: string,
  to: ReferralStatusChanged['data']['to'],
): ReferralStatusChanged => ({
  type: 'ReferralStatusChanged',
  occurredAt: '2025-03-08T09:00:00.000Z',
  data: { referralId, from: 'made', to },
  pii: { note: '' },
});

const declined = [...planned, referralMade(), statusChanged('ref-voucher', 'declined')];

describe('MakeReferral', () => {
  it('refers the client to a provider for a service', () => {
    spec(planned)
      .when(refer())
      .then([
        {
          type: 'ReferralMade',
          occurredAt: NOW,
          data: {
            referralId: 'ref-voucher-2',
            providerId: 'prov-housing-2',
            serviceType: 'housing_voucher',
            serviceCategory: 'housing',
            goalIds: ['goal-housing'],
            replacesReferralId: null,
          },
          pii: { note: 'Second provider has capacity' },
        },
      ]);
  });

  it('may refer before there is a plan, for no goal', () => {
    spec(engaged)
      .when(refer({ serviceType: 'food_assistance', goalIds: undefined, note: undefined }))
      .then([
        {
          type: 'ReferralMade',
          occurredAt: NOW,
          data: {
            referralId: 'ref-voucher-2',
            providerId: 'prov-housing-2',
            serviceType: 'food_assistance',
            serviceCategory: 'services_referrals',
            goalIds: [],
            replacesReferralId: null,
          },
          pii: { note: '' },
        },
      ]);
  });

  it('replaces a declined referral', () => {
    spec(declined)
      .when(refer({ replacesReferralId: 'ref-voucher' }))
      .then([
        {
          type: 'ReferralMade',
          occurredAt: NOW,
          data: {
            referralId: 'ref-voucher-2',
            providerId: 'prov-housing-2',
            serviceType: 'housing_voucher',
            serviceCategory: 'housing',
            goalIds: ['goal-housing'],
            replacesReferralId: 'ref-voucher',
          },
          pii: { note: 'Second provider has capacity' },
        },
      ]);
  });

  it('names a provider', () => {
    spec(planned)
      .when(refer({ providerId: '' }))
      .thenFails('PROVIDER_REQUIRED');
  });

  it('names a known service type', () => {
    spec(planned)
      .when(refer({ serviceType: 'magic' }))
      .thenFails('INVALID_VOCABULARY_VALUE');
  });

  it('uses a new referral id', () => {
    spec([...planned, referralMade('ref-voucher-2')])
      .when(refer())
      .thenFails('REFERRAL_ALREADY_EXISTS');
  });

  it('serves goals of the plan', () => {
    spec(planned)
      .when(refer({ goalIds: ['goal-unknown'] }))
      .thenFails('UNKNOWN_GOAL');
  });

  it('replaces only a referral of this case', () => {
    spec(planned)
      .when(refer({ replacesReferralId: 'ref-unknown' }))
      .thenFails('UNKNOWN_REFERRAL');
  });

  it('replaces only a referral that fell through', () => {
    spec([...planned, referralMade()])
      .when(refer({ replacesReferralId: 'ref-voucher' }))
      .thenFails('REFERRAL_NOT_REPLACEABLE');
  });

  it('replaces a referral only once', () => {
    spec([...declined, referralMade('ref-voucher-2', { replacesReferralId: 'ref-voucher' })])
      .when(refer({ referralId: 'ref-voucher-3', replacesReferralId: 'ref-voucher' }))
      .thenFails('REFERRAL_ALREADY_REPLACED');
  });
});

describe('MakeReferral for a household member (ReferralMade v2)', () => {
  const forMember = (memberId: string, occurredAt?: string): MakeReferral => ({
    type: 'MakeReferral',
    caseId: 'case-1',
    data: {
      referralId: 'ref-school',
      providerId: 'prov-school',
      serviceType: 'childcare',
      memberId,
      ...(occurredAt === undefined ? {} : { occurredAt }),
    },
    metadata: metadata(),
  });

  it('names the member it is for', () => {
    spec([...engaged, householdMemberJoined])
      .when(forMember('member-1'))
      .then([
        {
          type: 'ReferralMade',
          occurredAt: NOW,
          data: {
            referralId: 'ref-school',
            providerId: 'prov-school',
            serviceType: 'childcare',
            serviceCategory: 'services_referrals',
            goalIds: [],
            replacesReferralId: null,
            memberId: 'member-1',
          },
          pii: { note: '' },
        },
      ]);
  });

  it('refuses a member unknown, or not in the household when it is made', () => {
    spec(engaged).when(forMember('member-9')).thenFails('UNKNOWN_HOUSEHOLD_MEMBER');
    spec([...engaged, householdMemberJoined, householdMemberLeft])
      .when(forMember('member-1'))
      .thenFails('HOUSEHOLD_MEMBER_NOT_PRESENT');
    spec([...engaged, householdMemberJoined])
      .when(forMember('member-1', '2025-03-01T12:00:00.000Z'))
      .thenFails('HOUSEHOLD_MEMBER_NOT_PRESENT');
  });
});

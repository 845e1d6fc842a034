import { CASE_EVENT_SCHEMA_VERSION, CASE_EVENT_TYPES, type ContactType } from '@casetrail/domain';
import type { StoredEvent } from '../event-store.port';
import {
  CASE_UPCASTERS,
  createUpcaster,
  UpcastError,
  type Upcaster,
  type UpcasterRegistry,
} from './upcasters';

/**
 * A worked example of a shape change, registered only here (production ContactRecorded is v1):
 *
 * - v2 splits `durationMinutes` into `faceToFaceMinutes` and `travelMinutes`, because travel
 *   time is reported separately. A v1 duration was the contact itself; its travel was never
 *   recorded, so it becomes null, not 0.
 * - v3 adds `channel`, derived from `contactType`.
 */
interface ContactDataV1 {
  readonly contactId: string;
  readonly contactType: ContactType;
  readonly participants: readonly unknown[];
  readonly durationMinutes: number | null;
}
type ContactDataV2 = Omit<ContactDataV1, 'durationMinutes'> & {
  readonly faceToFaceMinutes: number | null;
  readonly travelMinutes: number | null;
};
type ContactDataV3 = ContactDataV2 & { readonly channel: 'in_person' | 'remote' | 'written' };

const splitDuration: Upcaster = ({ data, pii }) => {
  const { durationMinutes, ...rest } = data as ContactDataV1;
  return {
    data: { ...rest, faceToFaceMinutes: durationMinutes, travelMinutes: null } satisfies ContactDataV2,
    pii,
  };
};

const CHANNELS: Readonly<Record<ContactType, ContactDataV3['channel']>> = {
  home_visit: 'in_person',
  office_visit: 'in_person',
  meeting: 'in_person',
  phone_call: 'remote',
  video_call: 'remote',
  email: 'written',
  letter: 'written',
};
const addChannel: Upcaster = ({ data, pii }) => {
  const v2 = data as ContactDataV2;
  return { data: { ...v2, channel: CHANNELS[v2.contactType] } satisfies ContactDataV3, pii };
};

const V2_REGISTRY: UpcasterRegistry = { ...CASE_UPCASTERS, ContactRecorded: { 1: splitDuration } };
const V3_REGISTRY: UpcasterRegistry = {
  ...CASE_UPCASTERS,
  ContactRecorded: { 1: splitDuration, 2: addChannel },
};
const at = (version: number) => ({ ...CASE_EVENT_SCHEMA_VERSION, ContactRecorded: version });

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
};

const storedContact = (schemaVersion: number, data: object): StoredEvent =>
  deepFreeze({
    eventId: 'evt-42',
    type: 'ContactRecorded',
    schemaVersion,
    streamId: 'case-0001',
    version: 7,
    position: 1234,
    occurredAt: '2024-11-07T15:30:00.000Z',
    recordedAt: '2024-11-07T18:02:11.000Z',
    actor: { id: 'cm-ana', role: 'case_manager' },
    correlationId: 'corr-9',
    causationId: 'cmd-9',
    data,
    pii: { summary: 'Home visit; the client showed the new tenancy agreement.' },
  });

const V1_DATA: ContactDataV1 = {
  contactId: 'contact-7',
  contactType: 'home_visit',
  participants: [{ kind: 'client' }],
  durationMinutes: 45,
};
const V2_DATA: ContactDataV2 = {
  contactId: 'contact-7',
  contactType: 'home_visit',
  participants: [{ kind: 'client' }],
  faceToFaceMinutes: 45,
  travelMinutes: null,
};

describe('createUpcaster', () => {
  const toV2 = createUpcaster(V2_REGISTRY, at(2));

  it('lifts a stored v1 event to v2, changing only data and the schema version', () => {
    const stored = storedContact(1, V1_DATA);
    expect(toV2(stored)).toEqual({ ...stored, schemaVersion: 2, data: V2_DATA });
  });

  it('leaves the stored event itself unchanged', () => {
    const stored = storedContact(1, V1_DATA); // deep-frozen: a mutation would throw
    toV2(stored);
    expect(stored.schemaVersion).toBe(1);
    expect(stored.data).toEqual(V1_DATA);
  });

  it('passes a current (v2) event through untouched', () => {
    const current = storedContact(2, V2_DATA);
    expect(toV2(current)).toBe(current);
  });

  it('passes a version newer than it knows through untouched, for the consumer to decide', () => {
    const newer = storedContact(3, { ...V2_DATA, channel: 'in_person' });
    expect(toV2(newer)).toBe(newer);
  });

  it('passes other types, and types it does not know, through untouched', () => {
    const assigned = { ...storedContact(1, V1_DATA), type: 'CaseAssigned' };
    const unknown = { ...storedContact(1, V1_DATA), type: 'CaseArchived' };
    const inherited = { ...storedContact(1, V1_DATA), type: 'constructor' };
    expect(toV2(assigned)).toBe(assigned);
    expect(toV2(unknown)).toBe(unknown);
    expect(toV2(inherited)).toBe(inherited);
  });

  it('chains upcasters, one version at a time, from whichever version was stored', () => {
    const toV3 = createUpcaster(V3_REGISTRY, at(3));
    const expected = { ...V2_DATA, channel: 'in_person' };
    expect(toV3(storedContact(1, V1_DATA))).toMatchObject({ schemaVersion: 3, data: expected });
    expect(toV3(storedContact(2, V2_DATA))).toMatchObject({ schemaVersion: 3, data: expected });
  });

  it('refuses a registry with a gap, a step at or past the current version, or an unknown type', () => {
    expect(() => createUpcaster(V2_REGISTRY, at(3))).toThrow(
      'Upcaster registry incomplete: no upcaster for ContactRecorded v2 -> v3',
    );
    expect(() => createUpcaster(V3_REGISTRY, at(2))).toThrow(
      'an upcaster for ContactRecorded from v2, but v2 is current',
    );
    expect(() => createUpcaster({ ...CASE_UPCASTERS, CaseArchived: { 1: splitDuration } }, at(1))).toThrow(
      'upcasters for CaseArchived, which is not an event type',
    );
  });

  it('throws on a stored version that no upcaster starts from', () => {
    expect(() => toV2(storedContact(0, V1_DATA))).toThrow(UpcastError);
    expect(() => toV2(storedContact(1.5, V1_DATA))).toThrow(
      'ContactRecorded v1.5 (event evt-42) cannot be upcast',
    );
  });
});

describe('the production upcaster', () => {
  it('has an upcaster for every version older than the current one', () => {
    for (const type of CASE_EVENT_TYPES) {
      const steps = CASE_UPCASTERS[type] ?? {};
      for (let from = 1; from < CASE_EVENT_SCHEMA_VERSION[type]; from++) {
        expect({ type, from, registered: Object.hasOwn(steps, from) }).toEqual({
          type,
          from,
          registered: true,
        });
      }
    }
  });
});

describe('ClientEngaged v1 -> v2', () => {
  const toCurrent = createUpcaster(CASE_UPCASTERS, CASE_EVENT_SCHEMA_VERSION);
  const v1Data = {
    caseNumber: 'CT-2024-0042',
    programId: 'prog-housing-first',
    teamId: 'team-north',
    caseManagerId: 'cm-ana',
    referralSource: 'hospital',
    consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
  };
  const storedV1: StoredEvent = deepFreeze({
    ...storedContact(1, v1Data),
    type: 'ClientEngaged',
    streamId: 'case-7f3a',
    version: 1,
    pii: {
      client: { givenName: 'Ada', familyName: 'Moss', dateOfBirth: '1970-01-01' },
      presentingConcerns: '',
    },
  });

  it('names the case itself as the client: before v2 every case was its own client', () => {
    expect(toCurrent(storedV1)).toEqual({
      ...storedV1,
      schemaVersion: 2,
      data: { clientId: 'case-7f3a', ...v1Data },
    });
  });

  it('leaves the pii exactly as stored (sealed values pass through unopened)', () => {
    const sealed = { sealed: 1, alg: 'A256GCM', kid: 'client/case-7f3a', iv: 'aXY', ct: 'Y3Q' };
    expect(toCurrent({ ...storedV1, pii: sealed }).pii).toBe(sealed);
  });

  it('passes a v2 event through untouched', () => {
    const v2 = { ...storedV1, schemaVersion: 2, data: { clientId: 'client-1', ...v1Data } };
    expect(toCurrent(v2)).toBe(v2);
  });
});

describe('CaseTerminated v1 -> v2', () => {
  const toCurrent = createUpcaster(CASE_UPCASTERS, CASE_EVENT_SCHEMA_VERSION);
  const v1Data = {
    reason: 'client_moved',
    goalOutcomes: [{ goalId: 'goal-housing', outcome: 'not_achieved' }],
    ongoingSupports: [],
  };
  const storedV1: StoredEvent = deepFreeze({
    ...storedContact(1, v1Data),
    type: 'CaseTerminated',
    streamId: 'case-7f3a',
    version: 9,
    pii: { summary: 'Moved away.' },
  });

  it('lists no dispositions: a v1 closing closed every referral then open with the case', () => {
    // v1 lifts through v2 to the current v3 (no support here, so v3 adds nothing).
    expect(toCurrent(storedV1)).toEqual({
      ...storedV1,
      schemaVersion: 3,
      data: { ...v1Data, referralDispositions: [] },
    });
  });

  it('passes a v3 event through untouched', () => {
    const v3 = { ...storedV1, schemaVersion: 3, data: { ...v1Data, referralDispositions: [] } };
    expect(toCurrent(v3)).toBe(v3);
  });
});

describe('CaseTerminated v2 -> v3 and ClosingRequested v1 -> v2 (production registry)', () => {
  const toCurrent = createUpcaster(CASE_UPCASTERS, CASE_EVENT_SCHEMA_VERSION);
  const supports = [
    { serviceType: 'substance_use_treatment', providerId: 'prov-su' },
    { serviceType: 'food_assistance' },
  ];
  const withCategories = [
    { serviceType: 'substance_use_treatment', serviceCategory: 'substance_use', providerId: 'prov-su' },
    { serviceType: 'food_assistance', serviceCategory: 'services_referrals' },
  ];
  const data = {
    reason: 'goals_met',
    goalOutcomes: [],
    ongoingSupports: supports,
    referralDispositions: [],
  };

  it('records each ongoing support’s built-in category on a v2 closing', () => {
    const stored = { ...storedContact(2, data), type: 'CaseTerminated' };
    expect(toCurrent(stored)).toEqual({
      ...stored,
      schemaVersion: 3,
      data: { ...data, ongoingSupports: withCategories },
    });
  });

  it('records them on a v1 closing too, lifted through v2', () => {
    const { referralDispositions: _none, ...v1Data } = data;
    const stored = { ...storedContact(1, v1Data), type: 'CaseTerminated' };
    expect(toCurrent(stored).data).toEqual({ ...data, ongoingSupports: withCategories });
  });

  it('records them on a v1 closing request', () => {
    const requested = { ...data, requestedBy: 'cm-ana' };
    const stored = { ...storedContact(1, requested), type: 'ClosingRequested' };
    expect(toCurrent(stored)).toEqual({
      ...stored,
      schemaVersion: 2,
      data: { ...requested, ongoingSupports: withCategories },
    });
  });

  it('passes a current event through untouched', () => {
    const v3 = { ...storedContact(3, { ...data, ongoingSupports: withCategories }), type: 'CaseTerminated' };
    expect(toCurrent(v3)).toBe(v3);
  });
});

describe('ContactRecorded v1 -> v2 (production registry)', () => {
  const toCurrent = createUpcaster(CASE_UPCASTERS, CASE_EVENT_SCHEMA_VERSION);
  const v1Data = {
    contactId: 'contact-1',
    contactType: 'home_visit',
    participants: [{ kind: 'client' }],
    durationMinutes: 30,
  };

  it('links nothing: a v1 contact named no goal, referral or appointment', () => {
    const stored = storedContact(1, v1Data);
    expect(toCurrent(stored)).toEqual({
      ...stored,
      schemaVersion: 2,
      data: { ...v1Data, goalIds: [], referralIds: [], appointmentId: null },
    });
  });
});

describe('ReferralMade v1 -> v2 (production registry)', () => {
  const toCurrent = createUpcaster(CASE_UPCASTERS, CASE_EVENT_SCHEMA_VERSION);
  const v1Data = {
    referralId: 'ref-1',
    providerId: 'prov-1',
    serviceType: 'substance_use_treatment',
    goalIds: [],
    replacesReferralId: null,
  };

  it('records the category its built-in service type carries, so consent never reads a vocabulary', () => {
    const stored = { ...storedContact(1, v1Data), type: 'ReferralMade' };
    expect(toCurrent(stored)).toEqual({
      ...stored,
      schemaVersion: 2,
      data: { ...v1Data, serviceCategory: 'substance_use' },
    });
  });

  it('names no member: a v1 referral is for the client', () => {
    const stored = { ...storedContact(1, v1Data), type: 'ReferralMade' };
    expect(toCurrent(stored).data).not.toHaveProperty('memberId');
  });
});

describe('PlanAmended v1 -> v2 (production registry)', () => {
  const toCurrent = createUpcaster(CASE_UPCASTERS, CASE_EVENT_SCHEMA_VERSION);

  it('records each planned service’s built-in category', () => {
    const v1Data = {
      amendmentNumber: 1,
      services: [
        { serviceType: 'counseling', goalIds: [] },
        { serviceType: 'job_training', providerId: 'prov-jobs', goalIds: ['goal-1'] },
      ],
    };
    const stored = { ...storedContact(1, v1Data), type: 'PlanAmended' };
    expect(toCurrent(stored).data).toEqual({
      amendmentNumber: 1,
      services: [
        { serviceType: 'counseling', serviceCategory: 'mental_health', goalIds: [] },
        {
          serviceType: 'job_training',
          serviceCategory: 'services_referrals',
          providerId: 'prov-jobs',
          goalIds: ['goal-1'],
        },
      ],
    });
  });
});

describe('NeedAssessed and PlanAmended v1 -> v2', () => {
  const toCurrent = createUpcaster(CASE_UPCASTERS, CASE_EVENT_SCHEMA_VERSION);

  it.each(['NeedAssessed', 'PlanAmended'])(
    'lifts a %s v1 as it is: no member named, the client’s own',
    (type) => {
      const stored = { ...storedContact(1, { anything: 'as stored' }), type };
      expect(toCurrent(stored)).toEqual({ ...stored, schemaVersion: 2 });
    },
  );
});

describe('NeedAssessed and PlanAmended v1 -> v2: need domains keep their built-in categories', () => {
  const toCurrent = createUpcaster(CASE_UPCASTERS, CASE_EVENT_SCHEMA_VERSION);

  it('records each need’s and strength’s category from the built-in table', () => {
    const v1Data = {
      assessmentId: 'asmt-1',
      needs: [
        { needId: 'need-1', domain: 'substance_use', severity: 'high' },
        { needId: 'need-2', domain: 'family_support', severity: 'low' },
      ],
      strengths: [{ strengthId: 'str-1', domain: 'education' }],
    };
    const stored = { ...storedContact(1, v1Data), type: 'NeedAssessed' };
    expect(toCurrent(stored).data).toEqual({
      assessmentId: 'asmt-1',
      needs: [
        { needId: 'need-1', domain: 'substance_use', category: 'substance_use', severity: 'high' },
        { needId: 'need-2', domain: 'family_support', category: 'safety', severity: 'low' },
      ],
      strengths: [{ strengthId: 'str-1', domain: 'education', category: 'services_referrals' }],
    });
  });

  it('records each added goal’s category from the built-in table', () => {
    const v1Data = { amendmentNumber: 1, goalsAdded: [{ goalId: 'goal-1', domain: 'legal', needIds: [] }] };
    const stored = { ...storedContact(1, v1Data), type: 'PlanAmended' };
    expect(toCurrent(stored).data).toEqual({
      amendmentNumber: 1,
      goalsAdded: [{ goalId: 'goal-1', domain: 'legal', category: 'legal_immigration', needIds: [] }],
    });
  });
});

describe('CaseReviewed v1 -> v2', () => {
  const toCurrent = createUpcaster(CASE_UPCASTERS, CASE_EVENT_SCHEMA_VERSION);
  const v1Data = {
    reviewId: 'review-1',
    goalReviews: [{ goalId: 'goal-housing', progress: 'in_progress' }],
    nextReviewDate: '2025-05-10',
  };
  const storedV1: StoredEvent = deepFreeze({
    ...storedContact(1, v1Data),
    type: 'CaseReviewed',
    streamId: 'case-7f3a',
    version: 6,
    pii: { summary: 'Voucher pending.' },
  });

  it('measures no goal: a v1 review carried no measured values', () => {
    expect(toCurrent(storedV1)).toEqual({
      ...storedV1,
      schemaVersion: 2,
      data: { ...v1Data, goalMeasures: [] },
    });
  });

  it('passes a v2 event through untouched', () => {
    const v2 = { ...storedV1, schemaVersion: 2, data: { ...v1Data, goalMeasures: [] } };
    expect(toCurrent(v2)).toBe(v2);
  });
});

describe('CaseTransferred v1 -> v2', () => {
  const toCurrent = createUpcaster(CASE_UPCASTERS, CASE_EVENT_SCHEMA_VERSION);
  const v1Data = { fromCaseManagerId: 'cm-ana', toCaseManagerId: 'cm-ben' };
  const storedV1: StoredEvent = deepFreeze({
    ...storedContact(1, v1Data),
    type: 'CaseTransferred',
    streamId: 'case-7f3a',
    version: 4,
    pii: { reason: 'Leave cover.' },
  });

  it('stays in its program and team: a v1 transfer moved only between case managers', () => {
    expect(toCurrent(storedV1)).toEqual({
      ...storedV1,
      schemaVersion: 2,
      data: { ...v1Data, toProgramId: null, toTeamId: null },
    });
  });
});

import { caseDecider } from '../cases/case-decider';
import type { CaseEvent, CaseEventType } from '../cases/case-events';
import { CASE_EVENT_TYPES } from '../cases/case-events';
import type { CaseState } from '../cases/case-state';
import { INFORMATION_CATEGORIES, type InformationCategory } from '../shared/sensitivity';
import {
  caseEvent,
  CONSENT_GRANTED_AT,
  clientEngaged,
  EXAMPLE_EVENTS,
  needAssessed,
  NOW,
  planAmended,
  referralMade,
  safetyFlagCleared,
  safetyFlagSet,
} from '../testing/fixtures';
import {
  partnerDisclosures,
  RECORD_ONLY_EVENT_TYPES,
  type SharingContext,
  type SharingOutcome,
} from './partner-feed';

const fold = (events: readonly CaseEvent[]): CaseState =>
  events.reduce(caseDecider.evolve, caseDecider.initialState);

const NO_PROGRAM: SharingContext = { programCategory: () => null };
const PART_2_PROGRAM: SharingContext = {
  programCategory: (programId) => (programId === clientEngaged.data.programId ? 'substance_use' : null),
};

/** Given a stored history, when one more event is recorded at `recordedAt`, then this is shared. */
const whenRecorded = (
  history: readonly CaseEvent[],
  event: CaseEvent,
  recordedAt: string = NOW,
  context: SharingContext = NO_PROGRAM,
): SharingOutcome => {
  const before = fold(history);
  return partnerDisclosures(before, event, caseDecider.evolve(before, event), recordedAt, context);
};

const grant = (
  consentId: string,
  partnerId: string,
  categories: readonly InformationCategory[],
  changes: { from?: string; until?: string | null; occurredAt?: string } = {},
) =>
  caseEvent('ConsentGranted', {
    occurredAt: changes.occurredAt ?? CONSENT_GRANTED_AT,
    data: {
      consentId,
      partnerId,
      categories,
      from: changes.from ?? CONSENT_GRANTED_AT,
      until: changes.until === undefined ? null : changes.until,
    },
  });

const HOUSING = 'partner-housing';
/** An assignment after every grant below: the example one is dated before them. */
const assigned = caseEvent('CaseAssigned', { occurredAt: '2025-03-04T09:00:00.000Z' });
const CLINIC = 'partner-clinic';
const EVERYTHING = INFORMATION_CATEGORIES.filter((c) => c !== 'case_record');

const twoNeeds = caseEvent('NeedAssessed', {
  data: {
    needs: [
      { needId: 'need-housing', domain: 'housing', category: 'housing', severity: 'high' },
      { needId: 'need-use', domain: 'substance_use', category: 'substance_use', severity: 'moderate' },
    ],
    strengths: [],
    scores: [],
  },
});

const consentsOf = (state: CaseState) => (state.status === 'initial' ? {} : state.consents);

const toPartner = (outcome: SharingOutcome, partnerId: string) =>
  outcome.disclosures.find((d) => d.partnerId === partnerId);

describe('partnerDisclosures', () => {
  describe('rule 1: which partners, covered at the time it is about and at the time it is sent', () => {
    it('considers every partner with a consent on the case, each under its own consent', () => {
      const history = [
        clientEngaged,
        grant('c-h', HOUSING, ['housing']),
        grant('c-s', CLINIC, ['substance_use']),
      ];
      const outcome = whenRecorded(history, twoNeeds);
      expect(outcome.disclosures.map((d) => [d.partnerId, d.categories])).toEqual([
        [CLINIC, ['substance_use']],
        [HOUSING, ['housing']],
      ]);
      expect(toPartner(outcome, HOUSING)?.data['needs']).toEqual([
        { needId: 'need-housing', domain: 'housing', category: 'housing', severity: 'high' },
      ]);
    });

    it('gives nothing for an entry back-dated to before the grant, though recorded under it', () => {
      const history = [clientEngaged, grant('c-h', HOUSING, ['housing'])];
      const backDated = { ...twoNeeds, occurredAt: '2025-03-01T12:00:00.000Z' };
      expect(whenRecorded(history, backDated).disclosures).toEqual([]);
    });

    it('judges a grant by the terms it sets: a grant from a later date discloses nothing now', () => {
      const later = grant('c-h', HOUSING, ['housing'], { from: '2025-04-01T00:00:00.000Z' });
      expect(whenRecorded([clientEngaged], later).disclosures).toEqual([]);
      const now = grant('c-h', HOUSING, ['housing']);
      expect(whenRecorded([clientEngaged], now).disclosures.map((d) => d.partnerId)).toEqual([HOUSING]);
    });

    it('never gives a case’s first event to anyone: no consent exists before it', () => {
      expect(whenRecorded([], clientEngaged)).toEqual({ disclosures: [], notices: [] });
    });
  });

  describe('rule 2: a partner is live only while a consent covers some category at both instants', () => {
    it('gives an expired consent’s partner nothing, not even a record-only event', () => {
      const history = [
        clientEngaged,
        grant('c-h', HOUSING, ['housing'], { until: '2025-03-04T00:00:00.000Z' }),
      ];
      expect(whenRecorded(history, assigned).disclosures).toEqual([]);
      expect(whenRecorded(history, twoNeeds).disclosures).toEqual([]);
    });

    it('gives nothing for an entry that happened before the end but is recorded after it (expiry)', () => {
      const history = [
        clientEngaged,
        grant('c-h', HOUSING, ['housing'], { until: '2025-03-09T00:00:00.000Z' }),
      ];
      expect(whenRecorded(history, twoNeeds, '2025-03-08T00:00:00.000Z').disclosures).toHaveLength(1);
      expect(whenRecorded(history, twoNeeds, '2025-03-09T00:00:00.000Z').disclosures).toEqual([]);
    });
  });

  describe('rule 3: which fields go', () => {
    it('sends identity and contact fields of the client only under consent to those categories', () => {
      // A case's first event reaches no partner in a real history (above); judged against a state
      // holding consents, as a re-engagement would be, its fields follow their categories.
      const withPhone = caseEvent('ClientEngaged', {
        pii: { client: { ...clientEngaged.pii.client, phone: '+1 555 0100' } },
      });
      const history = [
        clientEngaged,
        grant('c-i', 'partner-id', ['identity']),
        grant('c-c', 'partner-ct', ['contact']),
      ];
      const outcome = whenRecorded(history, { ...withPhone, occurredAt: '2025-03-03T00:00:00.000Z' });
      expect(toPartner(outcome, 'partner-id')?.pii).toEqual({
        client: { givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1988-07-14' },
      });
      expect(toPartner(outcome, 'partner-ct')?.pii).toEqual({ client: { phone: '+1 555 0100' } });
      expect(toPartner(outcome, 'partner-ct')?.data).not.toHaveProperty('referralSource');
    });

    it('sends who the client is with a grant covering identity or contact, and only what it covers', () => {
      const client = { ...clientEngaged.pii.client, phone: '+1 555 0100' };
      const context: SharingContext = { ...NO_PROGRAM, client };
      const identity = whenRecorded([clientEngaged], grant('c-i', 'partner-id', ['identity']), NOW, context);
      expect(toPartner(identity, 'partner-id')).toMatchObject({
        categories: ['identity'],
        consentIds: ['c-i'],
        pii: { client: { givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1988-07-14' } },
      });
      expect(toPartner(identity, 'partner-id')?.fields).toContainEqual({
        part: 'pii',
        path: 'client.givenName',
        category: 'identity',
      });
      const housing = whenRecorded([clientEngaged], grant('c-h', HOUSING, ['housing']), NOW, context);
      expect(toPartner(housing, HOUSING)?.pii).toEqual({});
      expect(toPartner(housing, HOUSING)?.categories).toEqual([]);
      // Erased (or not supplied): nothing of the client goes.
      const erased = whenRecorded([clientEngaged], grant('c-i', 'partner-id', ['identity']), NOW, {
        ...NO_PROGRAM,
        client: null,
      });
      expect(toPartner(erased, 'partner-id')?.pii).toEqual({});
    });

    describe('a confidential address', () => {
      const client = { ...clientEngaged.pii.client, phone: '+1 555 0100', address: '12 Refuge Lane' };
      const context: SharingContext = { ...NO_PROGRAM, client };
      const flagged = [clientEngaged, safetyFlagSet];
      const contactGrant = grant('c-c', 'partner-ct', ['contact'], { occurredAt: NOW, from: NOW });

      it('never goes to a partner with a grant, though the grant covers contact', () => {
        const outcome = whenRecorded(flagged, contactGrant, NOW, context);
        expect(toPartner(outcome, 'partner-ct')?.pii).toEqual({ client: { phone: '+1 555 0100' } });
        expect(toPartner(outcome, 'partner-ct')?.fields).not.toContainEqual(
          expect.objectContaining({ path: 'client.address' }),
        );
      });

      it('goes under contact consent again once the flag is cleared', () => {
        const outcome = whenRecorded([...flagged, safetyFlagCleared], contactGrant, NOW, context);
        expect(toPartner(outcome, 'partner-ct')?.pii).toEqual({
          client: { phone: '+1 555 0100', address: '12 Refuge Lane' },
        });
      });

      it('never goes in an event either, nor an appointment’s location', () => {
        const history = [...flagged, grant('c-all', 'partner-all', EVERYTHING)];
        const withAddress = caseEvent('ClientEngaged', { pii: { client } });
        const engagedAgain = whenRecorded(history, {
          ...withAddress,
          occurredAt: '2025-03-03T00:00:00.000Z',
        });
        expect(toPartner(engagedAgain, 'partner-all')?.pii['client']).not.toHaveProperty('address');
        const appointment = whenRecorded(history, EXAMPLE_EVENTS.AppointmentScheduled);
        expect(toPartner(appointment, 'partner-all')?.pii).not.toHaveProperty('location');
        const unflagged = whenRecorded(
          [clientEngaged, grant('c-all', 'partner-all', EVERYTHING)],
          EXAMPLE_EVENTS.AppointmentScheduled,
        );
        expect(toPartner(unflagged, 'partner-all')?.pii).toHaveProperty('location');
      });
    });

    it('sends free text only under consent to every category but case_record', () => {
      const noted = caseEvent('ReferralMade', { pii: { note: 'Landlord asked for a reference.' } });
      const almost = EVERYTHING.filter((c) => c !== 'safety');
      const history = [
        clientEngaged,
        grant('c-a', 'partner-all', EVERYTHING),
        grant('c-m', 'partner-most', almost),
      ];
      const outcome = whenRecorded(history, noted);
      expect(toPartner(outcome, 'partner-all')?.pii).toEqual({
        note: noted.pii.note,
      });
      expect(toPartner(outcome, 'partner-most')?.pii).toEqual({});
      expect(toPartner(outcome, 'partner-most')?.fields).not.toContainEqual(
        expect.objectContaining({ part: 'pii' }),
      );
    });

    it('never sends a field nobody declared, even under consent to everything', () => {
      const history = [clientEngaged, grant('c-a', 'partner-all', EVERYTHING)];
      const event = {
        ...assigned,
        data: { caseManagerId: 'cm-ana', hint: 'x' },
      } as CaseEvent;
      expect(toPartner(whenRecorded(history, event), 'partner-all')?.data).toEqual({
        caseManagerId: 'cm-ana',
      });
    });

    it.each([
      ['substance_use_treatment', 'substance_use'],
      ['counseling', 'mental_health'],
      ['medical_care', 'physical_health'],
      ['legal_aid', 'legal_immigration'],
      ['housing_voucher', 'housing'],
      ['benefits', 'finances'],
      ['food_assistance', 'services_referrals'],
    ] as const)('treats a referral to %s as %s', (serviceType, category) => {
      const history = [
        clientEngaged,
        grant('c-r', 'partner-ref', ['services_referrals']),
        grant('c-x', 'partner-x', [category]),
      ];
      const outcome = whenRecorded(history, referralMade('ref-1', { serviceType }));
      expect(toPartner(outcome, 'partner-x')?.categories).toEqual([category]);
      expect(toPartner(outcome, 'partner-x')?.data).toMatchObject({
        serviceType,
        providerId: 'prov-housing',
      });
      if (category !== 'services_referrals') expect(toPartner(outcome, 'partner-ref')).toBeUndefined();
    });

    it('decides an agency’s own service type on the category the referral recorded, not on the type', () => {
      const history = [
        clientEngaged,
        grant('c-r', 'partner-ref', ['services_referrals']),
        grant('c-s', CLINIC, ['substance_use']),
      ];
      const outcome = whenRecorded(
        history,
        referralMade('ref-1', { serviceType: 'harm_reduction', serviceCategory: 'substance_use' }),
      );
      expect(toPartner(outcome, CLINIC)?.categories).toEqual(['substance_use']);
      expect(toPartner(outcome, CLINIC)?.data).toMatchObject({ serviceType: 'harm_reduction' });
      expect(toPartner(outcome, 'partner-ref')).toBeUndefined();
    });

    it('decides an ongoing support of an agency’s own service type on the category the closing recorded', () => {
      const history = [
        clientEngaged,
        grant('c-r', 'partner-ref', ['services_referrals']),
        grant('c-s', CLINIC, ['substance_use']),
      ];
      const outcome = whenRecorded(
        history,
        caseEvent('CaseTerminated', {
          data: {
            reason: 'refuge_placement',
            ongoingSupports: [
              { serviceType: 'harm_reduction', serviceCategory: 'substance_use', providerId: 'prov-hr' },
              { serviceType: 'errands', serviceCategory: 'services_referrals' },
            ],
          },
        }),
      );
      const seenBy = (partnerId: string) => JSON.stringify(toPartner(outcome, partnerId)?.data ?? {});
      expect(seenBy(CLINIC)).toContain('harm_reduction');
      expect(seenBy('partner-ref')).not.toContain('harm_reduction');
      expect(seenBy('partner-ref')).toContain('errands');
    });

    it('keeps a later status change of an agency’s own service type to the referral’s recorded category', () => {
      const history = [
        clientEngaged,
        grant('c-r', 'partner-ref', ['services_referrals']),
        grant('c-s', CLINIC, ['substance_use']),
        referralMade('ref-voucher', { serviceType: 'harm_reduction', serviceCategory: 'substance_use' }),
      ];
      const outcome = whenRecorded(history, EXAMPLE_EVENTS.ReferralStatusChanged);
      expect(outcome.disclosures.map((d) => [d.partnerId, d.categories])).toEqual([
        [CLINIC, ['substance_use']],
      ]);
    });

    it('reads a status change’s service type from the referral it changes', () => {
      const history = [
        clientEngaged,
        grant('c-r', 'partner-ref', ['services_referrals']),
        grant('c-s', CLINIC, ['substance_use']),
        referralMade('ref-voucher', { serviceType: 'substance_use_treatment' }),
      ];
      const outcome = whenRecorded(history, EXAMPLE_EVENTS.ReferralStatusChanged);
      expect(outcome.disclosures.map((d) => [d.partnerId, d.categories])).toEqual([
        [CLINIC, ['substance_use']],
      ]);
      expect(toPartner(outcome, CLINIC)?.data).toEqual({
        referralId: 'ref-voucher',
        from: 'made',
        to: 'accepted',
      });
    });

    it('refines a plan’s service by its own item’s type', () => {
      const plan = caseEvent('PlanAmended', {
        data: {
          services: [
            {
              serviceType: 'counseling',
              serviceCategory: 'mental_health',
              providerId: 'prov-mind',
              goalIds: [],
            },
            {
              serviceType: 'food_assistance',
              serviceCategory: 'services_referrals',
              providerId: 'prov-food',
              goalIds: [],
            },
          ],
        },
      });
      const history = [clientEngaged, needAssessed, grant('c-r', 'partner-ref', ['services_referrals'])];
      expect(toPartner(whenRecorded(history, plan), 'partner-ref')?.data['services']).toEqual([
        {
          serviceType: 'food_assistance',
          serviceCategory: 'services_referrals',
          providerId: 'prov-food',
          goalIds: [],
        },
      ]);
    });

    it('gives nothing of a case in a Part 2 program to a partner without substance-use consent', () => {
      const history = [
        clientEngaged,
        grant('c-h', HOUSING, ['housing']),
        grant('c-hs', CLINIC, ['housing', 'substance_use']),
      ];
      const outcome = whenRecorded(history, twoNeeds, NOW, PART_2_PROGRAM);
      expect(outcome.disclosures.map((d) => d.partnerId)).toEqual([CLINIC]);
      expect(
        whenRecorded(history, assigned, NOW, PART_2_PROGRAM).disclosures.map((d) => d.partnerId),
      ).toEqual([CLINIC]);
    });
    it('cites the substance-use consent a Part 2 program’s disclosure goes under, though no such field goes', () => {
      const housingNeed = caseEvent('NeedAssessed', {
        data: {
          needs: [{ needId: 'need-housing', domain: 'housing', category: 'housing', severity: 'high' }],
          strengths: [],
          scores: [],
        },
      });
      const history = [
        clientEngaged,
        grant('c-h', CLINIC, ['housing']),
        grant('c-s', CLINIC, ['substance_use']),
      ];
      const disclosure = toPartner(whenRecorded(history, housingNeed, NOW, PART_2_PROGRAM), CLINIC);
      expect(disclosure?.categories).toEqual(['housing']);
      expect(disclosure?.consentIds).toEqual(['c-h', 'c-s']);
      expect(toPartner(whenRecorded(history, housingNeed), CLINIC)?.consentIds).toEqual(['c-h']);
    });
  });

  describe('rule 4: when a disclosure is made at all', () => {
    it('computes the record-only events from the declaration', () => {
      expect([...RECORD_ONLY_EVENT_TYPES].sort()).toEqual(
        [
          'CaseAssigned',
          'CaseNoteCorrected',
          'ClosingApproved',
          'ClosingReturned',
          'PlanApprovalRequested',
          'PlanApproved',
          'PlanReturned',
          'CaseReopened',
          'CaseTransferred',
          'ClientDataErased',
          'ConsentGranted',
          'ConsentNarrowed',
          'ConsentRevoked',
          'EntryCorrected',
          'EntryVoided',
          // Appointments' outcomes, tasks and reminders state record facts only (their words are in pii).
          'AppointmentOutcomeRecorded',
          'TaskCreated',
          'TaskClosed',
          'ItemDueSoon',
          'HouseholdMemberLeft',
          // Transfer approvals: who asked, who decided, where to (their words are in pii).
          'TransferRequested',
          'TransferApproved',
          'TransferReturned',
          // A merge of client records: ids of the agency's own records, no partner's business.
          'CaseClientChanged',
          // A milestone met: which goal's step, and when (the note is in pii).
          'MilestoneMet',
        ].sort(),
      );
    });

    it('sends a record-only event (a void) to a live partner, with the record facts only', () => {
      const history = [clientEngaged, grant('c-h', HOUSING, ['housing'])];
      const outcome = whenRecorded(history, EXAMPLE_EVENTS.EntryVoided);
      expect(outcome.disclosures).toEqual([
        {
          partnerId: HOUSING,
          consentIds: ['c-h'],
          categories: [],
          data: EXAMPLE_EVENTS.EntryVoided.data,
          pii: {},
          fields: [
            { part: 'data', path: 'entryId', category: 'case_record' },
            { part: 'data', path: 'entryType', category: 'case_record' },
            { part: 'data', path: 'entryVersion', category: 'case_record' },
          ],
        },
      ]);
    });

    it('gives no disclosure, not an empty one, when nothing of substance is covered', () => {
      const history = [clientEngaged, grant('c-f', 'partner-fin', ['finances'])];
      expect(whenRecorded(history, twoNeeds).disclosures).toEqual([]);
      expect(whenRecorded(history, EXAMPLE_EVENTS.ContactRecorded).disclosures).toEqual([]);
    });

    it('sends a consent event only to the partner it concerns', () => {
      const history = [clientEngaged, grant('c-h', HOUSING, ['housing'])];
      const outcome = whenRecorded(history, grant('c-s', CLINIC, ['substance_use', 'case_record']));
      expect(outcome.disclosures.map((d) => [d.partnerId, d.consentIds])).toEqual([[CLINIC, ['c-s']]]);
      const narrowed = caseEvent('ConsentNarrowed', { data: { consentId: 'c-h', categories: ['housing'] } });
      expect(
        whenRecorded([...history, grant('c-s', CLINIC, ['substance_use'])], narrowed).disclosures.map(
          (d) => d.partnerId,
        ),
      ).toEqual([HOUSING]);
    });
  });

  describe('rule 5: notices', () => {
    const history = [
      clientEngaged,
      grant('c-s', CLINIC, ['mental_health', 'substance_use'], { until: '2026-01-01T00:00:00.000Z' }),
    ];

    it('tells the partner of a revocation, and does not disclose the revocation itself', () => {
      const revoked = caseEvent('ConsentRevoked', { data: { consentId: 'c-s' } });
      expect(whenRecorded(history, revoked)).toEqual({
        disclosures: [],
        notices: [
          {
            partnerId: CLINIC,
            consentId: 'c-s',
            change: 'revoked',
            effectiveAt: revoked.occurredAt,
            categories: [],
            until: '2026-01-01T00:00:00.000Z',
          },
        ],
      });
    });

    it('tells the partner what a narrowing leaves in force', () => {
      const narrowed = caseEvent('ConsentNarrowed', {
        data: { consentId: 'c-s', categories: ['mental_health'], until: '2025-06-01T00:00:00.000Z' },
      });
      const outcome = whenRecorded(history, narrowed);
      expect(outcome.notices).toEqual([
        {
          partnerId: CLINIC,
          consentId: 'c-s',
          change: 'narrowed',
          effectiveAt: narrowed.occurredAt,
          categories: ['mental_health'],
          until: '2025-06-01T00:00:00.000Z',
        },
      ]);
    });

    it('cuts what goes after a narrowing, and what is recorded after it though back-dated', () => {
      const narrowed = caseEvent('ConsentNarrowed', {
        occurredAt: '2025-03-06T10:00:00.000Z',
        data: { consentId: 'c-s', categories: ['mental_health'], until: null },
      });
      const after = [...history, narrowed];
      expect(whenRecorded(after, twoNeeds, '2025-03-07T00:00:00.000Z').disclosures).toEqual([]);
      expect(whenRecorded(history, twoNeeds, '2025-03-05T00:00:00.000Z').disclosures).toHaveLength(1);
    });
  });

  describe('revocation', () => {
    const history = [clientEngaged, grant('c-h', HOUSING, ['housing'])];
    const revoked = caseEvent('ConsentRevoked', {
      occurredAt: '2025-03-06T10:00:00.000Z',
      data: { consentId: 'c-h' },
    });
    const referral = referralMade('ref-1', { serviceType: 'housing_voucher' });

    it('cuts every later event mid-history', () => {
      expect(
        whenRecorded(
          history,
          { ...referral, occurredAt: '2025-03-05T00:00:00.000Z' },
          '2025-03-05T00:00:00.000Z',
        ).disclosures,
      ).toHaveLength(1);
      expect(
        whenRecorded([...history, revoked], { ...referral, occurredAt: '2025-03-07T00:00:00.000Z' })
          .disclosures,
      ).toEqual([]);
      expect(whenRecorded([...history, revoked], EXAMPLE_EVENTS.EntryVoided).disclosures).toEqual([]);
    });

    it('never sends an entry back-dated to before the revocation but recorded after it', () => {
      const backDated = { ...referral, occurredAt: '2025-03-05T00:00:00.000Z' };
      expect(whenRecorded([...history, revoked], backDated, '2025-03-07T00:00:00.000Z').disclosures).toEqual(
        [],
      );
    });
  });

  describe('rule 6: erased client data', () => {
    const history = [clientEngaged, grant('c-a', 'partner-all', EVERYTHING)];

    it('sends nothing of pii once erased, only the data the consent covers', () => {
      const erasedReferral = { ...referralMade('ref-1'), pii: {} } as CaseEvent;
      const disclosure = toPartner(whenRecorded(history, erasedReferral), 'partner-all');
      expect(disclosure?.pii).toEqual({});
      expect(disclosure?.fields.filter((f) => f.part === 'pii')).toEqual([]);
    });

    it('tells live partners of the erasure', () => {
      const outcome = whenRecorded(
        [...history, grant('c-h', HOUSING, ['housing'])],
        EXAMPLE_EVENTS.ClientDataErased,
      );
      expect(outcome.disclosures.map((d) => [d.partnerId, d.consentIds])).toEqual([
        ['partner-all', ['c-a']],
        [HOUSING, ['c-h']],
      ]);
    });
  });

  describe('words a worker typed into data', () => {
    it('go only under consent to every category, like free text: an erasure’s legal basis, an organisation’s name', () => {
      const history = [
        clientEngaged,
        grant('c-h', HOUSING, ['housing']),
        grant('c-a', 'partner-all', EVERYTHING),
      ];
      const erased = whenRecorded(history, EXAMPLE_EVENTS.ClientDataErased);
      expect(toPartner(erased, HOUSING)?.data).not.toHaveProperty('legalBasis');
      expect(toPartner(erased, HOUSING)?.data).not.toHaveProperty('requestedBy');
      expect(toPartner(erased, 'partner-all')?.data).toHaveProperty('legalBasis');

      const legalOnly = [clientEngaged, grant('c-l', 'partner-legal', ['legal_immigration'])];
      const advocacy = whenRecorded(legalOnly, EXAMPLE_EVENTS.AdvocacyActionRecorded);
      expect(JSON.stringify(advocacy.disclosures)).not.toContain(
        EXAMPLE_EVENTS.AdvocacyActionRecorded.data.targetOrganisation,
      );
    });
  });

  describe('rule 7: consents cited', () => {
    it('cites each consent covering a disclosed category, sorted, and only those', () => {
      const history = [
        clientEngaged,
        grant('c-2', HOUSING, ['substance_use']),
        grant('c-1', HOUSING, ['housing']),
        grant('c-3', HOUSING, ['finances']),
      ];
      const disclosure = toPartner(whenRecorded(history, twoNeeds), HOUSING);
      expect(disclosure?.consentIds).toEqual(['c-1', 'c-2']);
      expect(disclosure?.categories).toEqual(['housing', 'substance_use']);
    });

    it('cites the partner’s live consents for a record-only event, not its expired ones', () => {
      const history = [
        clientEngaged,
        grant('c-old', HOUSING, ['housing'], { until: '2025-03-04T00:00:00.000Z' }),
        grant('c-new', HOUSING, ['finances']),
      ];
      expect(toPartner(whenRecorded(history, assigned), HOUSING)?.consentIds).toEqual(['c-new']);
    });
  });

  describe('substance-use records reach only a partner whose consent names substance_use', () => {
    const suVariants: readonly CaseEvent[] = [
      twoNeeds,
      caseEvent('NeedAssessed', {
        data: {
          needs: [],
          strengths: [{ strengthId: 's', domain: 'substance_use', category: 'substance_use' }],
          scores: [{ tool: 'AUDIT', score: 9, maxScore: 40 }],
        },
      }),
      referralMade('ref-su', { serviceType: 'substance_use_treatment' }),
      EXAMPLE_EVENTS.ReferralStatusChanged,
      caseEvent('PlanAmended', {
        data: {
          goalsAdded: [
            {
              ...planAmended.data.goalsAdded[0]!,
              goalId: 'goal-use',
              domain: 'substance_use',
              category: 'substance_use',
            },
          ],
          goalsRevised: [
            { goalId: 'goal-mood', target: { metric: 'days without use', value: 30, unit: 'days' } },
          ],
          services: [
            {
              serviceType: 'substance_use_treatment',
              serviceCategory: 'substance_use',
              providerId: 'prov-su',
              goalIds: [],
            },
          ],
        },
      }),
      caseEvent('CaseTerminated', {
        data: {
          ongoingSupports: [
            {
              serviceType: 'substance_use_treatment',
              serviceCategory: 'substance_use',
              providerId: 'prov-su',
            },
          ],
        },
      }),
    ];
    const events: readonly CaseEvent[] = [
      ...CASE_EVENT_TYPES.map((type: CaseEventType) => EXAMPLE_EVENTS[type]),
      ...suVariants,
    ];
    // One partner per single category, each with a consent naming that category only.
    const history = [
      clientEngaged,
      referralMade('ref-voucher', { serviceType: 'substance_use_treatment' }),
      ...INFORMATION_CATEGORIES.map((category) => grant(`c-${category}`, `partner-${category}`, [category])),
    ];

    it.each([
      ['an ordinary program', NO_PROGRAM],
      ['a Part 2 program', PART_2_PROGRAM],
    ])('in %s, for every event type, no partner gets a field outside its one category', (_, context) => {
      const reached = new Set<string>();
      for (const event of events) {
        const outcome = whenRecorded(history, event, NOW, context);
        for (const disclosure of outcome.disclosures) reached.add(disclosure.partnerId);
        for (const disclosure of outcome.disclosures) {
          const consented = new Set(
            Object.values(consentsOf(fold([...history, event])))
              .filter((c) => c.partnerId === disclosure.partnerId)
              .flatMap((c) => c.terms.flatMap((t) => t.categories)),
          );
          const leaked = [...disclosure.fields.map((f) => f.category), ...disclosure.categories].filter(
            (c) => c !== 'case_record' && (c === null || !consented.has(c)),
          );
          expect({ type: event.type, partner: disclosure.partnerId, leaked }).toEqual({
            type: event.type,
            partner: disclosure.partnerId,
            leaked: [],
          });
          if (!consented.has('substance_use')) {
            expect(disclosure.categories).not.toContain('substance_use');
            expect(JSON.stringify(disclosure.data)).not.toMatch(
              /substance_use|AUDIT|days without use|prov-su/,
            );
            expect(disclosure.pii).toEqual({});
          }
          if (context === PART_2_PROGRAM) expect(consented.has('substance_use')).toBe(true);
        }
      }
      // Not vacuous: the single-category partners did receive what their consent names.
      expect(reached.has('partner-substance_use')).toBe(true);
      if (context === NO_PROGRAM) {
        for (const category of INFORMATION_CATEGORIES) expect(reached).toContain(`partner-${category}`);
      }
    });

    it('does send them to the partner whose consent names substance_use', () => {
      const disclosure = toPartner(
        whenRecorded(
          history,
          referralMade('ref-su', { serviceType: 'substance_use_treatment', providerId: 'prov-su' }),
        ),
        'partner-substance_use',
      );
      expect(disclosure?.data).toMatchObject({
        serviceType: 'substance_use_treatment',
        providerId: 'prov-su',
      });
    });
  });
});

import { caseDecider, type CaseCommand } from '../cases/case-decider';
import {
  assessed,
  CASE_ID,
  caseTerminated,
  engaged,
  metadata,
  NOW,
  planned,
  spec,
  SUPERVISOR,
} from '../testing/fixtures';
import { BUILT_IN_VOCABULARIES, type VocabularyCatalog, type VocabularyKind } from './vocabulary-kinds';

/** The built-in catalog with one code retired in each kind, and an agency's own code added. */
const retiring = (retired: Readonly<Record<VocabularyKind, string>>): VocabularyCatalog => {
  const kinds = Object.keys(BUILT_IN_VOCABULARIES) as VocabularyKind[];
  return Object.fromEntries(
    kinds.map((kind) => {
      const { codes } = BUILT_IN_VOCABULARIES[kind];
      return [
        kind,
        {
          kind,
          version: 2,
          codes: [
            ...codes.map((code) => (code.code === retired[kind] ? { ...code, retired: true } : code)),
            {
              code: 'agency_own',
              label: 'Agency’s own',
              ...(codes[0]!.category ? { category: 'safety' as const } : {}),
            },
          ],
        },
      ];
    }),
  ) as unknown as VocabularyCatalog;
};

const catalog = retiring({
  service_type: 'food_assistance',
  need_domain: 'housing',
  closing_reason: 'lost_contact',
  contact_type: 'letter',
});

const withCatalog = { metadata: metadata({ vocabulary: catalog }) };

const refer = (serviceType: string): CaseCommand => ({
  type: 'MakeReferral',
  caseId: CASE_ID,
  data: { referralId: 'ref-new', providerId: 'prov-1', serviceType, goalIds: [] },
  ...withCatalog,
});

const assess = (domain: string): CaseCommand => ({
  type: 'AssessNeeds',
  caseId: CASE_ID,
  data: {
    assessmentId: 'asmt-1',
    needs: [{ needId: 'need-1', domain, severity: 'high' }],
    strengths: [],
    summary: 'Assessed at the first home visit',
    assessedAt: NOW,
  },
  ...withCatalog,
});

const withStrength = (command: CaseCommand, domain: string): CaseCommand =>
  ({ ...command, data: { ...command.data, strengths: [{ strengthId: 'str-1', domain }] } }) as CaseCommand;

const identify = (domain: string): CaseCommand => ({
  type: 'IdentifyNeed',
  caseId: CASE_ID,
  data: { needId: 'need-new', domain, severity: 'moderate', description: 'Found at the second visit' },
  ...withCatalog,
});

const planGoal = (domain: string): CaseCommand => ({
  type: 'AmendPlan',
  caseId: CASE_ID,
  data: {
    goalsAdded: [
      {
        goalId: 'goal-new',
        domain,
        needIds: [],
        target: { metric: 'weeks attended', value: 8, unit: 'weeks' },
        dueDate: '2025-12-31',
        milestones: [],
      },
    ],
    nextReviewDate: '2025-05-01',
    reason: 'A need of the agency’s own kind',
  },
  ...withCatalog,
});

const contact = (contactType: string): CaseCommand => ({
  type: 'RecordContact',
  caseId: CASE_ID,
  data: {
    contactId: 'contact-1',
    contactType,
    participants: [{ kind: 'client' }],
    summary: 'Talked about the housing application',
    happenedAt: NOW,
  },
  ...withCatalog,
});

const terminate = (reason: string): CaseCommand => ({
  type: 'TerminateCase',
  caseId: CASE_ID,
  data: { reason, goalOutcomes: [], summary: 'Closed', occurredAt: NOW },
  ...withCatalog,
});

/** A closing of the planned case (every open goal given its outcome), in a program that may require approval. */
const close = (
  reason: string,
  ongoingSupports: readonly { serviceType: string; providerId?: string }[],
  approvalsRequired: readonly 'closing'[] = [],
): CaseCommand => ({
  type: 'TerminateCase',
  caseId: CASE_ID,
  data: {
    reason,
    goalOutcomes: caseTerminated.data.goalOutcomes,
    ongoingSupports,
    summary: 'Closed',
    occurredAt: NOW,
  },
  metadata: metadata({ vocabulary: catalog, approvalsRequired }),
});

const failure = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as { code: string; details: { field: string }; message: string };
  }
  throw new Error('Expected the command to be refused');
};

describe("Case commands check codes against the agency's vocabulary in force", () => {
  it.each([
    ['MakeReferral', () => spec(engaged).when(refer('food_assistance')), 'serviceType'],
    ['AssessNeeds', () => spec(engaged).when(assess('housing')), 'needs[0].domain'],
    ['RecordContact', () => spec(engaged).when(contact('letter')), 'contactType'],
    ['TerminateCase', () => spec(planned).when(terminate('lost_contact')), 'reason'],
  ])('%s refuses a retired code, naming the field', (_name, when, field) => {
    const caught = failure(() => when().then([]));
    expect(caught.code).toBe('INVALID_VOCABULARY_VALUE');
    expect(caught.details.field).toBe(field);
    expect(caught.message).toContain('retired');
  });

  it.each([
    ['MakeReferral', () => spec(engaged).when(refer('astrology')), 'serviceType'],
    ['AssessNeeds', () => spec(engaged).when(assess('astrology')), 'needs[0].domain'],
  ])('%s refuses a code no version has', (_name, when, field) => {
    const caught = failure(() => when().then([]));
    expect(caught.code).toBe('INVALID_VOCABULARY_VALUE');
    expect(caught.details.field).toBe(field);
  });

  it("takes an administrator's own service type, recording the category it carries now", () => {
    spec(engaged)
      .when(refer('agency_own'))
      .then([
        {
          type: 'ReferralMade',
          occurredAt: NOW,
          data: {
            referralId: 'ref-new',
            providerId: 'prov-1',
            serviceType: 'agency_own',
            serviceCategory: 'safety',
            goalIds: [],
            replacesReferralId: null,
          },
          pii: { note: '' },
        },
      ]);
  });

  it("plans a service of an administrator's own type, recording its category", () => {
    const state = planned.reduce(caseDecider.evolve, caseDecider.initialState);
    const [amended] = caseDecider.decide(
      {
        type: 'AmendPlan',
        caseId: CASE_ID,
        data: {
          services: [{ serviceType: 'agency_own', goalIds: [] }],
          nextReviewDate: '2025-05-01',
          reason: 'A refuge place is needed',
        },
        ...withCatalog,
      },
      state,
    );
    expect(amended).toMatchObject({
      type: 'PlanAmended',
      data: { services: [{ serviceType: 'agency_own', serviceCategory: 'safety', goalIds: [] }] },
    });
  });

  it("takes an administrator's own contact type", () => {
    const state = engaged.reduce(caseDecider.evolve, caseDecider.initialState);
    const [recorded] = caseDecider.decide(contact('agency_own'), state);
    expect(recorded).toMatchObject({ type: 'ContactRecorded', data: { contactType: 'agency_own' } });
  });

  it('takes the new default `shelter` with the whereabouts category (safety)', () => {
    const state = engaged.reduce(caseDecider.evolve, caseDecider.initialState);
    const [made] = caseDecider.decide({ ...refer('shelter'), metadata: metadata() }, state);
    expect(made).toMatchObject({
      type: 'ReferralMade',
      data: { serviceType: 'shelter', serviceCategory: 'safety' },
    });
  });

  it("closes with an administrator's own reason, an own service type continuing with its category", () => {
    spec(planned)
      .when(close('agency_own', [{ serviceType: 'agency_own', providerId: 'prov-refuge' }]))
      .then([
        {
          ...caseTerminated,
          occurredAt: NOW,
          data: {
            ...caseTerminated.data,
            reason: 'agency_own',
            ongoingSupports: [
              { serviceType: 'agency_own', serviceCategory: 'safety', providerId: 'prov-refuge' },
            ],
          },
          pii: { summary: 'Closed' },
        },
      ]);
  });

  it("asks for approval of a closing with an administrator's own reason, and the approval closes with it", () => {
    const asked = caseDecider.decide(
      close('agency_own', [{ serviceType: 'agency_own' }], ['closing']),
      planned.reduce(caseDecider.evolve, caseDecider.initialState),
    );
    expect(asked).toMatchObject([
      {
        type: 'ClosingRequested',
        data: {
          reason: 'agency_own',
          ongoingSupports: [{ serviceType: 'agency_own', serviceCategory: 'safety' }],
        },
      },
    ]);
    const approved = caseDecider.decide(
      {
        type: 'DecideClosingApproval',
        caseId: CASE_ID,
        data: { decision: 'approved', comments: '', occurredAt: NOW },
        metadata: metadata({ actor: SUPERVISOR }),
      },
      [...planned, ...asked].reduce(caseDecider.evolve, caseDecider.initialState),
    );
    expect(approved).toMatchObject([
      { type: 'ClosingApproved' },
      {
        type: 'CaseTerminated',
        data: {
          reason: 'agency_own',
          ongoingSupports: [{ serviceType: 'agency_own', serviceCategory: 'safety' }],
        },
      },
    ]);
  });

  it('records a built-in ongoing support with its built-in category', () => {
    const state = planned.reduce(caseDecider.evolve, caseDecider.initialState);
    const [closed] = caseDecider.decide(close('goals_met', [{ serviceType: 'counseling' }]), state);
    expect(closed).toMatchObject({
      data: { ongoingSupports: [{ serviceType: 'counseling', serviceCategory: 'mental_health' }] },
    });
  });

  it.each([
    ['a retired', 'food_assistance', 'retired'],
    ['an unknown', 'astrology', 'must be one of'],
  ])('refuses %s service type as an ongoing support, naming the field', (_what, serviceType, says) => {
    const caught = failure(() =>
      spec(planned)
        .when(close('goals_met', [{ serviceType: 'counseling' }, { serviceType }]))
        .then([]),
    );
    expect(caught.code).toBe('INVALID_VOCABULARY_VALUE');
    expect(caught.details.field).toBe('ongoingSupports[1].serviceType');
    expect(caught.message).toContain(says);
  });

  it.each([[false], [true]])('refuses a retired closing reason (approval required: %s)', (approval) => {
    const caught = failure(() =>
      spec(planned)
        .when(close('lost_contact', [], approval ? ['closing'] : []))
        .then([]),
    );
    expect(caught.code).toBe('INVALID_VOCABULARY_VALUE');
    expect(caught.details.field).toBe('reason');
  });

  it("assesses a need and a strength in an administrator's own domain, recording the category it carries now", () => {
    spec(engaged)
      .when(withStrength(assess('agency_own'), 'agency_own'))
      .then([
        {
          type: 'NeedAssessed',
          occurredAt: NOW,
          data: {
            assessmentId: 'asmt-1',
            kind: 'initial',
            needs: [{ needId: 'need-1', domain: 'agency_own', category: 'safety', severity: 'high' }],
            strengths: [{ strengthId: 'str-1', domain: 'agency_own', category: 'safety' }],
            scores: [],
          },
          pii: { summary: 'Assessed at the first home visit', descriptions: {} },
        },
      ]);
  });

  it("identifies a need in an administrator's own domain, recording its category", () => {
    spec(assessed)
      .when(identify('agency_own'))
      .then([
        {
          type: 'NeedIdentified',
          occurredAt: NOW,
          data: {
            needId: 'need-new',
            domain: 'agency_own',
            category: 'safety',
            severity: 'moderate',
            memberId: null,
          },
          pii: { description: 'Found at the second visit' },
        },
      ]);
  });

  it("plans a goal in an administrator's own domain, recording its category", () => {
    const state = planned.reduce(caseDecider.evolve, caseDecider.initialState);
    const [amended] = caseDecider.decide(planGoal('agency_own'), state);
    expect(amended).toMatchObject({
      type: 'PlanAmended',
      data: { goalsAdded: [{ goalId: 'goal-new', domain: 'agency_own', category: 'safety' }] },
    });
  });

  it.each([
    ['IdentifyNeed', () => spec(assessed).when(identify('housing')), 'domain'],
    ['AmendPlan', () => spec(planned).when(planGoal('housing')), 'goal goal-new domain'],
    ['AmendPlan', () => spec(planned).when(planGoal('astrology')), 'goal goal-new domain'],
  ])('%s refuses a retired or unknown need domain, naming the field', (_name, when, field) => {
    const caught = failure(() => when().then([]));
    expect(caught.code).toBe('INVALID_VOCABULARY_VALUE');
    expect(caught.details.field).toBe(field);
  });

  it.each([
    ['childcare', 'services_referrals'],
    ['transportation', 'services_referrals'],
    ['immigration', 'legal_immigration'],
    ['language_esl', 'services_referrals'],
  ])(
    'takes the new default need domain %s with its category (%s) everywhere a domain is named',
    (domain, category) => {
      const builtIn = { metadata: metadata() };
      const [assessedEvent] = caseDecider.decide(
        { ...assess(domain), ...builtIn },
        engaged.reduce(caseDecider.evolve, caseDecider.initialState),
      );
      expect(assessedEvent).toMatchObject({ data: { needs: [{ domain, category }] } });
      const [identified] = caseDecider.decide(
        { ...identify(domain), ...builtIn },
        assessed.reduce(caseDecider.evolve, caseDecider.initialState),
      );
      expect(identified).toMatchObject({ type: 'NeedIdentified', data: { domain, category } });
      const [amended] = caseDecider.decide(
        { ...planGoal(domain), ...builtIn },
        planned.reduce(caseDecider.evolve, caseDecider.initialState),
      );
      expect(amended).toMatchObject({ type: 'PlanAmended', data: { goalsAdded: [{ domain, category }] } });
    },
  );

  it('takes a code still in force', () => {
    const state = engaged.reduce(caseDecider.evolve, caseDecider.initialState);
    const [made] = caseDecider.decide(refer('counseling'), state);
    expect(made).toMatchObject({ type: 'ReferralMade', data: { serviceType: 'counseling' } });
  });
});

/**
 * A small builder of recorded case streams for the read-model unit tests: realistic defaults,
 * stream versions and global positions handed out as the store would, and every field overridable.
 */
import type { Actor, CaseEvent, CaseEventType, Recorded } from '@casetrail/domain';

export const CASE_MANAGER: Actor = { id: 'cm-ana', role: 'case_manager' };
export const SUPERVISOR: Actor = { id: 'sup-lee', role: 'supervisor' };

/** Global positions shared by several stories, as one store's log hands them out. */
export class EventLog {
  private position = 0;
  next(): number {
    this.position += 1;
    return this.position;
  }
}

type Of<T extends CaseEventType> = Extract<CaseEvent, { type: T }>;

export interface RecordOptions {
  /** Defaults to when it happened: recorded at once. */
  readonly recordedAt?: string;
  readonly actor?: Actor;
}

type Options<T extends CaseEventType> = RecordOptions & { readonly pii?: Partial<Of<T>['pii']> };

export class CaseStory {
  readonly events: Recorded<CaseEvent>[] = [];

  constructor(
    readonly caseId: string,
    private readonly log: EventLog = new EventLog(),
  ) {}

  get last(): Recorded<CaseEvent> {
    const event = this.events.at(-1);
    if (event === undefined) throw new Error(`${this.caseId} has no events yet`);
    return event;
  }

  record<T extends CaseEventType>(
    type: T,
    occurredAt: string,
    data: Of<T>['data'],
    pii: Of<T>['pii'],
    options: RecordOptions = {},
  ): this {
    const version = this.events.length + 1;
    const event = {
      eventId: `${this.caseId}-e${version}`,
      type,
      schemaVersion: 1,
      streamId: this.caseId,
      version,
      position: this.log.next(),
      occurredAt,
      recordedAt: options.recordedAt ?? occurredAt,
      actor: options.actor ?? CASE_MANAGER,
      correlationId: `corr-${this.caseId}-${version}`,
      causationId: `cmd-${this.caseId}-${version}`,
      data,
      pii,
    } as unknown as Recorded<CaseEvent>;
    this.events.push(event);
    return this;
  }

  engaged(
    at: string,
    data: Partial<Of<'ClientEngaged'>['data']> = {},
    options: Options<'ClientEngaged'> = {},
  ) {
    return this.record(
      'ClientEngaged',
      at,
      {
        caseNumber: `CT-${this.caseId}`,
        programId: 'prog-housing',
        teamId: 'team-north',
        caseManagerId: CASE_MANAGER.id,
        referralSource: 'hospital',
        consent: { toServices: true, toInformationSharing: true, sharingWith: ['org-housing-authority'] },
        ...data,
      },
      {
        client: { givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1988-07-14' },
        presentingConcerns: 'Discharged from hospital without stable housing.',
        ...options.pii,
      },
      options,
    );
  }

  assigned(at: string, caseManagerId: string, options: RecordOptions = {}) {
    return this.record('CaseAssigned', at, { caseManagerId }, {}, { actor: SUPERVISOR, ...options });
  }

  transferred(
    at: string,
    fromCaseManagerId: string,
    toCaseManagerId: string,
    options: Options<'CaseTransferred'> = {},
  ) {
    return this.record(
      'CaseTransferred',
      at,
      { fromCaseManagerId, toCaseManagerId },
      { reason: 'Caseload rebalanced after a staff change.', ...options.pii },
      { actor: SUPERVISOR, ...options },
    );
  }

  assessed(
    at: string,
    data: Partial<Of<'NeedAssessed'>['data']> = {},
    options: Options<'NeedAssessed'> = {},
  ) {
    return this.record(
      'NeedAssessed',
      at,
      {
        assessmentId: `asmt-${this.events.length + 1}`,
        kind: 'initial',
        needs: [
          { needId: 'need-housing', domain: 'housing', severity: 'high' },
          { needId: 'need-mood', domain: 'mental_health', severity: 'moderate' },
        ],
        strengths: [{ strengthId: 'str-family', domain: 'family_support' }],
        scores: [{ tool: 'PHQ-9', score: 14, maxScore: 27 }],
        ...data,
      },
      {
        summary: 'Sleeping at a friend’s flat; reports low mood since discharge.',
        descriptions: { 'need-housing': 'No tenancy since March.' },
        ...options.pii,
      },
      options,
    );
  }

  planned(at: string, data: Partial<Of<'PlanAmended'>['data']> = {}, options: Options<'PlanAmended'> = {}) {
    return this.record(
      'PlanAmended',
      at,
      {
        amendmentNumber: 1,
        goalsAdded: [
          {
            goalId: 'goal-housing',
            domain: 'housing',
            needIds: ['need-housing'],
            target: { metric: 'consecutive nights in own tenancy', value: 30, unit: 'nights' },
            dueDate: '2025-06-30',
            milestones: [],
          },
        ],
        goalsRevised: [],
        goalsDropped: [],
        services: [{ serviceType: 'housing_voucher', providerId: 'prov-12', goalIds: ['goal-housing'] }],
        nextReviewDate: '2025-04-10',
        ...data,
      },
      { reason: 'Initial plan agreed with the client.', descriptions: {}, ...options.pii },
      options,
    );
  }

  referred(
    at: string,
    referralId: string,
    data: Partial<Of<'ReferralMade'>['data']> = {},
    options: Options<'ReferralMade'> = {},
  ) {
    return this.record(
      'ReferralMade',
      at,
      {
        referralId,
        providerId: 'prov-12',
        serviceType: 'housing_voucher',
        goalIds: ['goal-housing'],
        replacesReferralId: null,
        ...data,
      },
      { note: '', ...options.pii },
      options,
    );
  }

  referralStatus(
    at: string,
    referralId: string,
    from: Of<'ReferralStatusChanged'>['data']['from'],
    to: Of<'ReferralStatusChanged'>['data']['to'],
    options: Options<'ReferralStatusChanged'> = {},
  ) {
    return this.record(
      'ReferralStatusChanged',
      at,
      { referralId, from, to },
      { note: '', ...options.pii },
      options,
    );
  }

  contact(
    at: string,
    contactId: string,
    data: Partial<Of<'ContactRecorded'>['data']> = {},
    options: Options<'ContactRecorded'> = {},
  ) {
    return this.record(
      'ContactRecorded',
      at,
      {
        contactId,
        contactType: 'home_visit',
        participants: [{ kind: 'client' }],
        durationMinutes: 45,
        ...data,
      },
      {
        summary: 'Visited the client at her friend’s flat; discussed the voucher application.',
        ...options.pii,
      },
      options,
    );
  }

  corrected(
    at: string,
    correctionId: string,
    correctsContactId: string,
    options: Options<'CaseNoteCorrected'> = {},
  ) {
    return this.record(
      'CaseNoteCorrected',
      at,
      { correctionId, correctsContactId },
      {
        correctedSummary: 'Visited the client at her sister’s flat.',
        reason: 'Wrong relative recorded.',
        ...options.pii,
      },
      options,
    );
  }

  progress(
    at: string,
    goalId: string,
    data: Partial<Of<'GoalProgressRecorded'>['data']> = {},
    options: Options<'GoalProgressRecorded'> = {},
  ) {
    return this.record(
      'GoalProgressRecorded',
      at,
      { goalId, progress: 'in_progress', measuredValue: null, ...data },
      { note: '', ...options.pii },
      options,
    );
  }

  achieved(
    at: string,
    goalId: string,
    measuredValue: number | null = null,
    options: Options<'GoalAchieved'> = {},
  ) {
    return this.record('GoalAchieved', at, { goalId, measuredValue }, { note: '', ...options.pii }, options);
  }

  advocacy(
    at: string,
    data: Partial<Of<'AdvocacyActionRecorded'>['data']> = {},
    options: Options<'AdvocacyActionRecorded'> = {},
  ) {
    return this.record(
      'AdvocacyActionRecorded',
      at,
      {
        actionId: `act-${this.events.length + 1}`,
        actionType: 'benefit_appeal',
        targetOrganisation: 'org-benefits-office',
        outcome: 'pending',
        goalIds: [],
        ...data,
      },
      { summary: 'Appealed the refusal of housing benefit.', ...options.pii },
      options,
    );
  }

  reviewed(
    at: string,
    data: Partial<Of<'CaseReviewed'>['data']> = {},
    options: Options<'CaseReviewed'> = {},
  ) {
    return this.record(
      'CaseReviewed',
      at,
      {
        reviewId: `rev-${this.events.length + 1}`,
        goalReviews: [{ goalId: 'goal-housing', progress: 'in_progress' }],
        nextReviewDate: '2025-05-10',
        ...data,
      },
      { summary: 'Voucher approved; viewing flats.', ...options.pii },
      options,
    );
  }

  terminated(
    at: string,
    data: Partial<Of<'CaseTerminated'>['data']> = {},
    options: Options<'CaseTerminated'> = {},
  ) {
    return this.record(
      'CaseTerminated',
      at,
      { reason: 'goals_met', goalOutcomes: [], ongoingSupports: [], ...data },
      { summary: 'Client settled in her own tenancy.', ...options.pii },
      options,
    );
  }

  reopened(at: string, caseManagerId: string | null = null, options: Options<'CaseReopened'> = {}) {
    return this.record(
      'CaseReopened',
      at,
      { caseManagerId },
      { reason: 'Tenancy at risk again.', ...options.pii },
      { actor: SUPERVISOR, ...options },
    );
  }
}

/** One client's story touching every event type, with a note written up late and corrected twice. */
export const fullStory = () =>
  new CaseStory('case-1')
    .engaged('2025-03-01T09:00:00.000Z', { caseManagerId: null })
    .assigned('2025-03-01T12:00:00.000Z', 'cm-ana')
    .assessed('2025-03-03T14:00:00.000Z')
    .planned('2025-03-05T11:00:00.000Z')
    .referred('2025-03-06T10:00:00.000Z', 'ref-1', {}, { pii: { note: 'Sent the application form.' } })
    .referralStatus('2025-03-08T10:00:00.000Z', 'ref-1', 'made', 'declined', {
      pii: { note: 'No vouchers left this quarter.' },
    })
    .referred('2025-03-09T10:00:00.000Z', 'ref-2', { providerId: 'prov-34', replacesReferralId: 'ref-1' })
    // A home visit written up three days later.
    .contact(
      '2025-03-07T15:30:00.000Z',
      'contact-1',
      { participants: [{ kind: 'client' }, { kind: 'professional', id: 'prov-nurse', role: 'nurse' }] },
      { recordedAt: '2025-03-10T09:00:00.000Z' },
    )
    .corrected('2025-03-11T09:00:00.000Z', 'corr-1', 'contact-1')
    .corrected('2025-03-12T09:00:00.000Z', 'corr-2', 'contact-1', {
      pii: { correctedSummary: 'Visited the client with the district nurse.', reason: 'Nurse omitted.' },
    })
    .progress('2025-03-20T10:00:00.000Z', 'goal-housing', { measuredValue: 4 })
    .advocacy('2025-03-21T10:00:00.000Z')
    .reviewed('2025-04-09T10:00:00.000Z')
    .transferred('2025-04-10T10:00:00.000Z', 'cm-ana', 'cm-ben')
    .achieved('2025-05-02T10:00:00.000Z', 'goal-housing', 31, {
      pii: { note: 'Thirty-one nights in her flat.' },
    })
    .terminated('2025-05-05T10:00:00.000Z', {
      goalOutcomes: [{ goalId: 'goal-housing', outcome: 'achieved' }],
      ongoingSupports: [{ serviceType: 'counseling', providerId: 'prov-56' }],
    })
    .reopened('2025-06-01T10:00:00.000Z', 'cm-ben');

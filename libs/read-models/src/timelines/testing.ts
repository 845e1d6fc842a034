/**
 * Recorded case streams for the read-model unit tests: each method is one event of a story,
 * built from the domain's example event of that type (`caseEvent`) with the story's own
 * values, and recorded by the domain's one builder (`recorded`) with stream versions and
 * global positions handed out as the store would. Every field stays overridable.
 */
import {
  splitAnswers,
  type Actor,
  type CaseEvent,
  type CaseEventType,
  type FormAnswerValue,
  type Recorded,
} from '@casetrail/domain';
import {
  CASE_MANAGER,
  caseEvent,
  housingGoal,
  recorded,
  type EventChanges,
  type EventOf,
} from '@casetrail/domain/testing';

export { CASE_MANAGER };
export const SUPERVISOR: Actor = { id: 'sup-lee', role: 'supervisor' };

/** Global positions shared by several stories, as one store's log hands them out. */
export class EventLog {
  private position = 0;
  next(): number {
    this.position += 1;
    return this.position;
  }
}

type Of<T extends CaseEventType> = EventOf<T>;

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

  /** An event given whole. */
  record<T extends CaseEventType>(
    type: T,
    occurredAt: string,
    data: Of<T>['data'],
    pii: Of<T>['pii'],
    options: RecordOptions = {},
  ): this {
    return this.append({ type, occurredAt, data, pii } as Of<T>, options);
  }

  /** The example event of a type, with the story's values and the test's overrides on top. */
  private told<T extends CaseEventType>(
    type: T,
    at: string,
    changes: Omit<EventChanges<T>, 'occurredAt'>,
    options: Options<T>,
  ): this {
    const pii = { ...changes.pii, ...options.pii } as EventChanges<T>['pii'];
    return this.append(caseEvent(type, { occurredAt: at, data: changes.data, pii }), options);
  }

  private append(event: CaseEvent, options: RecordOptions): this {
    const version = this.events.length + 1;
    this.events.push(
      recorded(event, {
        streamId: this.caseId,
        version,
        position: this.log.next(),
        recordedAt: options.recordedAt,
        actor: options.actor,
      }),
    );
    return this;
  }

  engaged(
    at: string,
    data: Partial<Of<'ClientEngaged'>['data']> = {},
    options: Options<'ClientEngaged'> = {},
  ) {
    return this.told(
      'ClientEngaged',
      at,
      { data: { caseNumber: `CT-${this.caseId}`, programId: 'prog-housing', ...data } },
      options,
    );
  }

  assigned(at: string, caseManagerId: string, options: RecordOptions = {}) {
    return this.told('CaseAssigned', at, { data: { caseManagerId } }, { actor: SUPERVISOR, ...options });
  }

  transferred(
    at: string,
    fromCaseManagerId: string,
    toCaseManagerId: string,
    options: Options<'CaseTransferred'> = {},
  ) {
    return this.told(
      'CaseTransferred',
      at,
      {
        data: { fromCaseManagerId, toCaseManagerId },
        pii: { reason: 'Caseload rebalanced after a staff change.' },
      },
      { actor: SUPERVISOR, ...options },
    );
  }

  assessed(
    at: string,
    data: Partial<Of<'NeedAssessed'>['data']> = {},
    options: Options<'NeedAssessed'> = {},
  ) {
    return this.told(
      'NeedAssessed',
      at,
      {
        data: { assessmentId: `asmt-${this.events.length + 1}`, ...data },
        pii: {
          summary: 'Sleeping at a friend’s flat; reports low mood since discharge.',
          descriptions: { 'need-housing': 'No tenancy since March.' },
        },
      },
      options,
    );
  }

  planned(at: string, data: Partial<Of<'PlanAmended'>['data']> = {}, options: Options<'PlanAmended'> = {}) {
    return this.told(
      'PlanAmended',
      at,
      {
        data: {
          goalsAdded: [{ ...housingGoal, milestones: [] }],
          services: [
            {
              serviceType: 'housing_voucher',
              serviceCategory: 'housing',
              providerId: 'prov-12',
              goalIds: ['goal-housing'],
            },
          ],
          ...data,
        },
        pii: { reason: 'Initial plan agreed with the client.' },
      },
      options,
    );
  }

  referred(
    at: string,
    referralId: string,
    data: Partial<Of<'ReferralMade'>['data']> = {},
    options: Options<'ReferralMade'> = {},
  ) {
    return this.told('ReferralMade', at, { data: { referralId, providerId: 'prov-12', ...data } }, options);
  }

  referralStatus(
    at: string,
    referralId: string,
    from: Of<'ReferralStatusChanged'>['data']['from'],
    to: Of<'ReferralStatusChanged'>['data']['to'],
    options: Options<'ReferralStatusChanged'> = {},
  ) {
    return this.told(
      'ReferralStatusChanged',
      at,
      { data: { referralId, from, to }, pii: { note: '' } },
      options,
    );
  }

  contact(
    at: string,
    contactId: string,
    data: Partial<Of<'ContactRecorded'>['data']> = {},
    options: Options<'ContactRecorded'> = {},
  ) {
    return this.told(
      'ContactRecorded',
      at,
      {
        data: { contactId, ...data },
        pii: { summary: 'Visited the client at her friend’s flat; discussed the voucher application.' },
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
    return this.told(
      'CaseNoteCorrected',
      at,
      { data: { correctionId, correctsContactId }, pii: { reason: 'Wrong relative recorded.' } },
      options,
    );
  }

  progress(
    at: string,
    goalId: string,
    data: Partial<Of<'GoalProgressRecorded'>['data']> = {},
    options: Options<'GoalProgressRecorded'> = {},
  ) {
    return this.told(
      'GoalProgressRecorded',
      at,
      { data: { goalId, measuredValue: null, ...data }, pii: { note: '' } },
      options,
    );
  }

  achieved(
    at: string,
    goalId: string,
    measuredValue: number | null = null,
    options: Options<'GoalAchieved'> = {},
  ) {
    return this.told('GoalAchieved', at, { data: { goalId, measuredValue } }, options);
  }

  advocacy(
    at: string,
    data: Partial<Of<'AdvocacyActionRecorded'>['data']> = {},
    options: Options<'AdvocacyActionRecorded'> = {},
  ) {
    return this.told(
      'AdvocacyActionRecorded',
      at,
      {
        data: { actionId: `act-${this.events.length + 1}`, goalIds: [], ...data },
        pii: { summary: 'Appealed the refusal of housing benefit.' },
      },
      options,
    );
  }

  reviewed(
    at: string,
    data: Partial<Of<'CaseReviewed'>['data']> = {},
    options: Options<'CaseReviewed'> = {},
  ) {
    return this.told(
      'CaseReviewed',
      at,
      {
        data: {
          reviewId: `rev-${this.events.length + 1}`,
          goalReviews: [{ goalId: 'goal-housing', progress: 'in_progress' }],
          goalMeasures: [],
          ...data,
        },
        pii: { summary: 'Voucher approved; viewing flats.' },
      },
      options,
    );
  }

  terminated(
    at: string,
    data: Partial<Of<'CaseTerminated'>['data']> = {},
    options: Options<'CaseTerminated'> = {},
  ) {
    return this.told(
      'CaseTerminated',
      at,
      {
        data: { reason: 'goals_met', goalOutcomes: [], ongoingSupports: [], ...data },
        pii: { summary: 'Client settled in her own tenancy.' },
      },
      options,
    );
  }

  /** The receipt of an erasure: every event so far affected. */
  erased(at: string, data: Partial<Of<'ClientDataErased'>['data']> = {}, options: RecordOptions = {}) {
    return this.told(
      'ClientDataErased',
      at,
      {
        data: {
          affects: { eventIds: this.events.map((e) => e.eventId), throughVersion: this.events.length },
          ...data,
        },
      },
      { actor: { id: 'admin-1', role: 'administrator' }, ...options },
    );
  }

  consentGranted(
    at: string,
    data: Partial<Of<'ConsentGranted'>['data']> = {},
    options: Options<'ConsentGranted'> = {},
  ) {
    return this.told(
      'ConsentGranted',
      at,
      {
        data: { from: at, until: null, ...data },
        pii: { note: 'Signed the consent form.' },
      },
      options,
    );
  }

  consentNarrowed(
    at: string,
    data: Partial<Of<'ConsentNarrowed'>['data']> = {},
    options: Options<'ConsentNarrowed'> = {},
  ) {
    return this.told('ConsentNarrowed', at, { data }, options);
  }

  consentRevoked(at: string, consentId: string, options: Options<'ConsentRevoked'> = {}) {
    return this.told(
      'ConsentRevoked',
      at,
      { data: { consentId }, pii: { reason: 'Changed clinics.' } },
      options,
    );
  }

  appointment(
    at: string,
    appointmentId: string,
    data: Partial<Of<'AppointmentScheduled'>['data']> = {},
    options: Options<'AppointmentScheduled'> = {},
  ) {
    return this.told('AppointmentScheduled', at, { data: { appointmentId, ...data } }, options);
  }

  appointmentOutcome(
    at: string,
    appointmentId: string,
    data: Partial<Of<'AppointmentOutcomeRecorded'>['data']> = {},
    options: Options<'AppointmentOutcomeRecorded'> = {},
  ) {
    return this.told('AppointmentOutcomeRecorded', at, { data: { appointmentId, ...data } }, options);
  }

  task(
    at: string,
    taskId: string,
    data: Partial<Of<'TaskCreated'>['data']> = {},
    options: Options<'TaskCreated'> = {},
  ) {
    return this.told('TaskCreated', at, { data: { taskId, ...data } }, options);
  }

  taskClosed(
    at: string,
    taskId: string,
    data: Partial<Of<'TaskClosed'>['data']> = {},
    options: Options<'TaskClosed'> = {},
  ) {
    return this.told('TaskClosed', at, { data: { taskId, ...data } }, options);
  }

  dueSoon(at: string, data: Partial<Of<'ItemDueSoon'>['data']> = {}, options: Options<'ItemDueSoon'> = {}) {
    return this.told('ItemDueSoon', at, { data }, options);
  }

  formAnswered(
    at: string,
    formId: string,
    answers: Readonly<Record<string, FormAnswerValue>>,
    data: Partial<Of<'FormAnswered'>['data']> = {},
    options: Options<'FormAnswered'> = {},
  ) {
    return this.told('FormAnswered', at, { data: { formId, ...splitAnswers(answers), ...data } }, options);
  }

  reopened(at: string, caseManagerId: string | null = null, options: Options<'CaseReopened'> = {}) {
    return this.told(
      'CaseReopened',
      at,
      { data: { caseManagerId }, pii: { reason: 'Tenancy at risk again.' } },
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
      ongoingSupports: [
        { serviceType: 'counseling', serviceCategory: 'mental_health', providerId: 'prov-56' },
      ],
    })
    .reopened('2025-06-01T10:00:00.000Z', 'cm-ben');

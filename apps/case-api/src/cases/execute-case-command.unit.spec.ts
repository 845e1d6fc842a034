import { Test } from '@nestjs/testing';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { PublisherService } from '@casetrail/messaging';
import { CONFIG, type CasetrailConfig } from '@casetrail/platform';
import type {
  AccessEntry,
  AssignCase,
  EngageClient,
  FormVersionPublished,
  Principal,
  RecordClientDataErasure,
  RecordContact,
  ReviewCase,
  TransferCase,
  VoidEntry,
} from '@casetrail/domain';
import {
  CASE_ID,
  CASE_MANAGER_ID,
  caseTerminated,
  clientEngaged,
  contactRecorded,
  metadata,
  NOW,
  needAssessed,
  planAmended,
} from '@casetrail/domain/testing';
import {
  EVENT_STORE,
  LocalEventStore,
  WrongExpectedVersionError,
  type EventStore,
  type EventToAppend,
} from '@casetrail/event-store';
import { PROTECTION } from '@casetrail/protection';
import { programFormsStreamId } from '@casetrail/domain';
import { AccessDeniedError } from '../access/access-denied.error';
import { AccessLog } from '../access/access-log.service';
import type { AccessContext } from '../access/principal';
import { fakeProtection } from '../testing/fake-protection';
import { ExecuteCaseCommand, ExecuteCaseCommandHandler, withEnvelope } from './execute-case-command';

const person = (id: string, roles: Principal['roles'], teams: string[] = []): Principal => ({
  id,
  kind: 'person',
  roles,
  teams,
  programs: [],
});
const caseManager = person(CASE_MANAGER_ID, ['case_manager']);
const supervisor = person('sup-north', ['supervisor'], ['team-north']);
const auditor = person('aud-1', ['auditor']);

const access = (principal: Principal): AccessContext => ({
  principal,
  route: 'POST /cases/:caseId/contacts',
  correlationId: 'corr-1',
});

const recordContact = (contactId: string): RecordContact => ({
  type: 'RecordContact',
  caseId: CASE_ID,
  data: {
    contactId,
    contactType: 'home_visit',
    participants: [{ kind: 'client' }],
    durationMinutes: 45,
    summary: contactRecorded.pii.summary,
    happenedAt: contactRecorded.occurredAt,
  },
  metadata: metadata({ causationId: `cause-${contactId}` }),
});

const transfer: TransferCase = {
  type: 'TransferCase',
  caseId: CASE_ID,
  data: { toCaseManagerId: 'cm-ben', reason: 'Caseload balancing.', occurredAt: '2025-03-09T09:00:00.000Z' },
  metadata: metadata({ actor: { id: supervisor.id, role: 'supervisor' }, causationId: 'cause-transfer' }),
};

/** Only the agency's zone is read by the handler. */
const AGENCY = { agencyTimeZone: 'UTC', approvals: { byProgram: {} } } as unknown as CasetrailConfig;

describe('a case command is authorized against the case as it decides on it', () => {
  let store: EventStore;
  let recorded: AccessEntry[];
  let handler: (store: EventStore) => ExecuteCaseCommandHandler;

  beforeEach(async () => {
    store = LocalEventStore.inMemory();
    await store.append(CASE_ID, 0, withEnvelope(CASE_ID, metadata(), [clientEngaged]));
    recorded = [];
    const recorder = { record: (entry: AccessEntry) => Promise.resolve(void recorded.push(entry)) };
    const bus = { notify: () => undefined } as unknown as PublisherService;
    handler = (s) => new ExecuteCaseCommandHandler(s, bus, new AccessLog(recorder), AGENCY, fakeProtection());
  });

  it('records the event under the role the policy granted, not the one the token listed first', async () => {
    const both = { ...person(CASE_MANAGER_ID, ['auditor', 'case_manager']) };
    const result = await handler(store).execute(new ExecuteCaseCommand(recordContact('c-1'), access(both)));
    expect(result.events.map((e) => e.actor)).toEqual([{ id: CASE_MANAGER_ID, role: 'case_manager' }]);
  });

  it('refuses a role that never writes (403), appends nothing, and records the attempt', async () => {
    const attempt = handler(store).execute(new ExecuteCaseCommand(recordContact('c-1'), access(auditor)));
    await expect(attempt).rejects.toMatchObject({ denial: { status: 403, code: 'ACTION_NOT_PERMITTED' } });
    expect(await store.readStream(CASE_ID)).toHaveLength(1);
    expect(recorded).toMatchObject([
      {
        actor: { id: 'aud-1', role: 'auditor' },
        outcome: 'denied',
        cases: [{ caseId: CASE_ID, teamId: 'team-north' }],
      },
    ]);
  });

  it('does not let a write slip in after a transfer: the append is conditional on the version authorized', async () => {
    // The transfer lands between the handler's read (the case still the worker's) and its append.
    const racing: EventStore = Object.create(store) as EventStore;
    racing.readStream = async (streamId, from) => {
      const history = await store.readStream(streamId, from);
      await handler(store).execute(new ExecuteCaseCommand(transfer, access(supervisor)));
      return history;
    };
    await expect(
      handler(racing).execute(new ExecuteCaseCommand(recordContact('c-late'), access(caseManager))),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);
    // Tried again, the worker no longer knows of the case.
    const retry = handler(store).execute(
      new ExecuteCaseCommand(recordContact('c-late'), access(caseManager)),
    );
    await expect(retry).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(retry).rejects.toMatchObject({ denial: { status: 404 } });
    expect((await store.readStream(CASE_ID)).map((e) => e.type)).toEqual([
      'ClientEngaged',
      'CaseTransferred',
    ]);
  });

  it('answers 404 before 409: a stale version on a case the caller may not know of reveals nothing', async () => {
    const stranger = person('cm-zed', ['case_manager']);
    const attempt = handler(store).execute(new ExecuteCaseCommand(recordContact('c-1'), access(stranger), 7));
    await expect(attempt).rejects.toMatchObject({ denial: { status: 404, code: 'CASE_NOT_FOUND' } });
  });

  it('a failing access log fails the refusal too, rather than refusing unrecorded', async () => {
    const failing = new ExecuteCaseCommandHandler(
      store,
      { notify: () => undefined } as unknown as PublisherService,
      new AccessLog({ record: () => Promise.reject(new Error('log down')) }),
      AGENCY,
      fakeProtection(),
    );
    await expect(
      failing.execute(new ExecuteCaseCommand(recordContact('c-1'), access(auditor))),
    ).rejects.toThrow('log down');
  });
});

describe('the command bus carries an ExecuteCaseCommand to its one handler', () => {
  let store: EventStore;
  let bus: CommandBus;
  let wakes: number;

  beforeEach(async () => {
    store = LocalEventStore.inMemory();
    await store.append(CASE_ID, 0, withEnvelope(CASE_ID, metadata(), [clientEngaged]));
    const module = await Test.createTestingModule({
      imports: [CqrsModule.forRoot()],
      providers: [
        ExecuteCaseCommandHandler,
        { provide: EVENT_STORE, useValue: store },
        { provide: PublisherService, useValue: { notify: () => void (wakes += 1) } },
        { provide: AccessLog, useValue: new AccessLog({ record: () => Promise.resolve() }) },
        { provide: CONFIG, useValue: AGENCY },
        { provide: PROTECTION, useValue: fakeProtection() },
      ],
    }).compile();
    await module.init();
    bus = module.get(CommandBus);
    wakes = 0;
  });

  it('appends at the version read, answers the new version, and wakes the publisher once', async () => {
    const result = await bus.execute(new ExecuteCaseCommand(recordContact('c-1'), access(caseManager), 1));
    expect(result).toMatchObject({ caseId: CASE_ID, version: 2, replayed: false });
    expect(result.events.map((e) => e.type)).toEqual(['ContactRecorded']);
    expect(wakes).toBe(1);
  });

  it('answers a retry (same causation id) with the first events, appending nothing and waking no one', async () => {
    const first = await bus.execute(new ExecuteCaseCommand(recordContact('c-1'), access(caseManager)));
    const again = await bus.execute(new ExecuteCaseCommand(recordContact('c-1'), access(caseManager), 0));
    expect(again).toEqual({ ...first, replayed: true });
    expect(await store.readStream(CASE_ID)).toHaveLength(2);
    expect(wakes).toBe(1);
  });

  describe("with the program's forms", () => {
    const publish = async (required: boolean) => {
      const event: FormVersionPublished = {
        type: 'FormVersionPublished',
        occurredAt: NOW,
        data: {
          programId: clientEngaged.data.programId,
          formId: 'visit_checklist',
          version: 1,
          attachTo: 'contact',
          title: 'Home visit checklist',
          required,
          fields: [
            {
              fieldId: 'safe_home',
              label: 'Home felt safe',
              type: 'boolean',
              required: true,
              allowedValues: null,
              personal: false,
            },
          ],
        },
      };
      await store.append(programFormsStreamId(clientEngaged.data.programId), 0, [
        {
          ...event,
          pii: {},
          eventId: 'form-v1',
          schemaVersion: 1,
          streamId: programFormsStreamId(clientEngaged.data.programId),
          recordedAt: NOW,
          actor: { id: 'admin-1', role: 'administrator' },
          correlationId: 'corr-form',
          causationId: 'cause-form',
        },
      ]);
    };
    const withForm = (command: RecordContact, answers: Record<string, unknown>): RecordContact => ({
      ...command,
      data: { ...command.data, form: { formId: 'visit_checklist', answers } },
    });

    it('validates the answers against the version in force and records them in the same commit', async () => {
      await publish(false);
      const result = await bus.execute(
        new ExecuteCaseCommand(withForm(recordContact('c-1'), { safe_home: true }), access(caseManager)),
      );
      expect(result.events.map((e) => [e.type, e.data])).toEqual([
        ['ContactRecorded', expect.anything()],
        [
          'FormAnswered',
          {
            formId: 'visit_checklist',
            formVersion: 1,
            attachedTo: { type: 'contact', entryId: 'c-1' },
            answers: { safe_home: true },
            selections: {},
          },
        ],
      ]);
    });

    it('refuses answers of the wrong type, naming the field, and appends nothing', async () => {
      await publish(false);
      const refused = bus.execute(
        new ExecuteCaseCommand(withForm(recordContact('c-1'), { safe_home: 'yes' }), access(caseManager)),
      );
      await expect(refused).rejects.toMatchObject({
        code: 'FORM_ANSWER_INVALID_TYPE',
        details: { field: 'form.answers.safe_home' },
      });
      expect(await store.readStream(CASE_ID)).toHaveLength(1);
    });

    it('refuses a command without the answers of a form required there', async () => {
      await publish(true);
      await expect(
        bus.execute(new ExecuteCaseCommand(recordContact('c-1'), access(caseManager))),
      ).rejects.toMatchObject({ code: 'FORM_REQUIRED' });
    });
  });

  it('refuses a stale expected version with the actual one', async () => {
    const stale = bus.execute(new ExecuteCaseCommand(recordContact('c-1'), access(caseManager), 0));
    await expect(stale).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(stale).rejects.toMatchObject({ expectedVersion: 0, actualVersion: 1 });
    expect(await store.readStream(CASE_ID)).toHaveLength(1);
  });
});

describe('the handler counts days where the agency is, and asks a supervisor to undo a closing', () => {
  let store: EventStore;
  const bus = { notify: () => undefined } as unknown as PublisherService;
  const log = new AccessLog({ record: () => Promise.resolve() });
  const handler = (agencyTimeZone: string) =>
    new ExecuteCaseCommandHandler(
      store,
      bus,
      log,
      { agencyTimeZone, approvals: { byProgram: {} } } as unknown as CasetrailConfig,
      fakeProtection(),
    );

  beforeEach(async () => {
    store = LocalEventStore.inMemory();
    await store.append(
      CASE_ID,
      0,
      withEnvelope(CASE_ID, metadata(), [clientEngaged, needAssessed, planAmended]),
    );
  });

  // 04:30Z on 10 March is still 9 March in Chicago: a 10 March next review is after that day there.
  const lateEveningReview: ReviewCase = {
    type: 'ReviewCase',
    caseId: CASE_ID,
    data: {
      reviewId: 'review-1',
      goalReviews: [
        { goalId: 'goal-housing', progress: 'stalled' },
        { goalId: 'goal-mood', progress: 'in_progress' },
      ],
      nextReviewDate: '2025-03-10',
      summary: 'Reviewed by phone in the evening',
      occurredAt: '2025-03-10T04:30:00.000Z',
    },
    // What the edge sends: the handler, not the request, knows the agency's zone.
    metadata: metadata({ timeZone: 'UTC', causationId: 'cause-review' }),
  };

  it('decides in AGENCY_TIME_ZONE, whatever zone the request carried', async () => {
    const result = await handler('America/Chicago').execute(
      new ExecuteCaseCommand(lateEveningReview, access(caseManager)),
    );
    expect(result.events.map((e) => e.type)).toEqual(['CaseReviewed']);
    await expect(
      handler('UTC').execute(
        new ExecuteCaseCommand(
          { ...lateEveningReview, metadata: { ...lateEveningReview.metadata, causationId: 'cause-2' } },
          access(caseManager),
        ),
      ),
    ).rejects.toMatchObject({ code: 'NEXT_REVIEW_DATE_NOT_IN_FUTURE' });
  });

  it('authorizes voiding a closing as case.void-closure: 403 for the case manager, granted to the supervisor', async () => {
    const [closing] = (await store.append(CASE_ID, 3, withEnvelope(CASE_ID, metadata(), [caseTerminated])))
      .events;
    const voiding = (causationId: string): VoidEntry => ({
      type: 'VoidEntry',
      caseId: CASE_ID,
      data: { entryId: closing!.eventId, reason: 'Closed the wrong case' },
      metadata: metadata({ causationId }),
    });
    await expect(
      handler('UTC').execute(new ExecuteCaseCommand(voiding('cause-cm'), access(caseManager))),
    ).rejects.toMatchObject({ denial: { status: 403, code: 'ACTION_NOT_PERMITTED' } });
    const result = await handler('UTC').execute(
      new ExecuteCaseCommand(voiding('cause-sup'), access(supervisor)),
    );
    expect(result.events.map((e) => [e.type, e.actor])).toEqual([
      ['EntryVoided', { id: supervisor.id, role: 'supervisor' }],
    ]);
  });
});

describe('the handler names whose key seals each event, and prepares a client before their first', () => {
  const bus = { notify: () => undefined } as unknown as PublisherService;
  const log = new AccessLog({ record: () => Promise.resolve() });
  const intake = person('intake-1', ['intake_worker']);
  const intakeIn = { ...intake, programs: [clientEngaged.data.programId] };

  /** A store that keeps what it was asked to append, data subject included, then seals it. */
  const capturing = (protection: ReturnType<typeof fakeProtection>) => {
    const appended: EventToAppend[] = [];
    const inner = protection.sealing(LocalEventStore.inMemory());
    const store: EventStore = Object.create(inner) as EventStore;
    store.append = (streamId, version, events) => {
      appended.push(...events);
      return inner.append(streamId, version, events);
    };
    return { store, appended };
  };

  const engage = (clientId: string, causationId = 'cause-engage'): EngageClient => ({
    type: 'EngageClient',
    caseId: CASE_ID,
    data: {
      clientId,
      caseNumber: clientEngaged.data.caseNumber,
      programId: clientEngaged.data.programId,
      teamId: clientEngaged.data.teamId,
      caseManagerId: null,
      referralSource: clientEngaged.data.referralSource,
      consent: clientEngaged.data.consent,
      client: clientEngaged.pii.client,
      presentingConcerns: clientEngaged.pii.presentingConcerns,
      engagedAt: clientEngaged.occurredAt,
    },
    metadata: metadata({ actor: { id: intake.id, role: 'intake_worker' }, causationId }),
  });

  it('registers the client (key, case, blind index) and seals the engagement under their key', async () => {
    const protection = fakeProtection();
    const { store, appended } = capturing(protection);
    const handler = new ExecuteCaseCommandHandler(store, bus, log, AGENCY, protection);
    await handler.execute(new ExecuteCaseCommand(engage('client-77'), access(intakeIn), 0));
    expect(appended.map((e) => e.dataSubject)).toEqual(['client-77']);
    expect(await protection.clientCases('client-77')).toEqual([CASE_ID]);
    expect(protection.hasKey('client-77')).toBe(true);
    expect(await protection.findClients({ givenName: 'maria', familyName: 'LOPEZ' })).toEqual([
      { clientId: 'client-77', caseIds: [CASE_ID] },
    ]);
    const [stored] = await store.readStream(CASE_ID);
    expect(JSON.stringify(stored)).not.toContain('Lopez');
  });

  it('names the case’s client on every later event', async () => {
    const protection = fakeProtection();
    const { store, appended } = capturing(protection);
    const handler = new ExecuteCaseCommandHandler(store, bus, log, AGENCY, protection);
    await handler.execute(new ExecuteCaseCommand(engage('client-77'), access(intakeIn), 0));
    const assign: AssignCase = {
      type: 'AssignCase',
      caseId: CASE_ID,
      data: { caseManagerId: CASE_MANAGER_ID },
      metadata: metadata({ actor: { id: supervisor.id, role: 'supervisor' }, causationId: 'cause-assign' }),
    };
    await handler.execute(new ExecuteCaseCommand(assign, access(supervisor)));
    await handler.execute(new ExecuteCaseCommand(recordContact('c-1'), access(caseManager)));
    expect(appended.map((e) => [e.type, e.dataSubject])).toEqual([
      ['ClientEngaged', 'client-77'],
      ['CaseAssigned', 'client-77'],
      ['ContactRecorded', 'client-77'],
    ]);
  });

  it('registers nothing for an engagement the domain refuses', async () => {
    const protection = fakeProtection();
    const handler = new ExecuteCaseCommandHandler(capturing(protection).store, bus, log, AGENCY, protection);
    const refused = engage('client-77');
    const attempt = handler.execute(
      new ExecuteCaseCommand(
        { ...refused, data: { ...refused.data, consent: { ...refused.data.consent, toServices: false } } },
        access(intakeIn),
        0,
      ),
    );
    await expect(attempt).rejects.toMatchObject({ code: 'CONSENT_REQUIRED' });
    expect(await protection.clientCases('client-77')).toBeNull();
  });

  it('refuses a new case for an erased client: 409 CLIENT_DATA_ERASED, nothing appended', async () => {
    const protection = fakeProtection();
    const { store, appended } = capturing(protection);
    await protection.prepareClient('client-77', 'earlier-case', {
      givenName: 'Maria',
      familyName: 'Lopez',
      dateOfBirth: null,
    });
    await protection.erasures.begin({
      erasureId: 'erasure-1',
      clientId: 'client-77',
      legalBasis: 'GDPR Art. 17',
      requestedBy: 'data_subject',
      actor: { id: 'admin-1', role: 'administrator' },
      requestedAt: NOW,
      correlationId: 'corr-1',
      caseIds: ['earlier-case'],
    });
    await protection.erasures.destroy('client-77', NOW);
    const handler = new ExecuteCaseCommandHandler(store, bus, log, AGENCY, protection);
    const attempt = handler.execute(new ExecuteCaseCommand(engage('client-77'), access(intakeIn), 0));
    await expect(attempt).rejects.toMatchObject({ code: 'CLIENT_DATA_ERASED' });
    expect(appended).toEqual([]);
  });

  it('takes a retry over sealed events for the same request: it compares them opened', async () => {
    const protection = fakeProtection();
    const { store, appended } = capturing(protection);
    const handler = new ExecuteCaseCommandHandler(store, bus, log, AGENCY, protection);
    const first = await handler.execute(new ExecuteCaseCommand(engage('client-77'), access(intakeIn), 0));
    const again = await handler.execute(new ExecuteCaseCommand(engage('client-77'), access(intakeIn), 0));
    expect(again).toEqual({ ...first, replayed: true });
    expect(appended).toHaveLength(1);
    // The same key with another client's name is another request.
    const other = engage('client-77');
    await expect(
      handler.execute(
        new ExecuteCaseCommand(
          { ...other, data: { ...other.data, client: { ...other.data.client, givenName: 'Marta' } } },
          access(intakeIn),
          0,
        ),
      ),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('seals a receipt under no client’s key: theirs is destroyed before it is appended', async () => {
    const protection = fakeProtection();
    const { store, appended } = capturing(protection);
    const handler = new ExecuteCaseCommandHandler(store, bus, log, AGENCY, protection);
    await handler.execute(new ExecuteCaseCommand(engage('client-77'), access(intakeIn), 0));
    await protection.erasures.begin({
      erasureId: 'erasure-1',
      clientId: 'client-77',
      legalBasis: 'GDPR Art. 17',
      requestedBy: 'data_subject',
      actor: { id: 'admin-1', role: 'administrator' },
      requestedAt: NOW,
      correlationId: 'corr-1',
      caseIds: [CASE_ID],
    });
    await protection.erasures.destroy('client-77', NOW);
    const receipt: RecordClientDataErasure = {
      type: 'RecordClientDataErasure',
      caseId: CASE_ID,
      data: {
        erasureId: 'erasure-1',
        clientId: 'client-77',
        legalBasis: 'GDPR Art. 17',
        requestedBy: 'data_subject',
        affects: { eventIds: [appended[0]!.eventId], throughVersion: 1 },
      },
      metadata: metadata({ actor: { id: 'admin-1', role: 'administrator' }, causationId: 'cause-erase' }),
    };
    const admin = person('admin-1', ['administrator']);
    const result = await handler.execute(new ExecuteCaseCommand(receipt, access(admin)));
    expect(result.events.map((e) => [e.type, e.actor])).toEqual([
      ['ClientDataErased', { id: 'admin-1', role: 'administrator' }],
    ]);
    expect(appended[1]).not.toHaveProperty('dataSubject');
    // Once erased, the case takes nothing more, not even a second receipt.
    const second = await handler.execute(
      new ExecuteCaseCommand(
        { ...receipt, metadata: { ...receipt.metadata, causationId: 'again' } },
        access(admin),
      ),
    );
    expect(second).toMatchObject({ version: 2, events: [], replayed: false });
    expect(appended).toHaveLength(2);
  });
});

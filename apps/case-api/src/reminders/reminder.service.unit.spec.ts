import { Test } from '@nestjs/testing';
import { CqrsModule } from '@nestjs/cqrs';
import { PublisherService } from '@casetrail/messaging';
import { CONFIG, type CasetrailConfig } from '@casetrail/platform';
import {
  appointmentScheduled,
  CASE_ID,
  clientEngaged,
  metadata,
  needAssessed,
  planAmended,
  taskCreated,
} from '@casetrail/domain/testing';
import { EVENT_STORE, LocalEventStore, type EventStore } from '@casetrail/event-store';
import { PROTECTION } from '@casetrail/protection';
import {
  agendaProjection,
  foldProjection,
  InMemoryReadModelStore,
  READ_MODEL_STORE,
  type AgendaDoc,
} from '@casetrail/read-models';
import { AccessLog } from '../access/access-log.service';
import { ExecuteCaseCommandHandler, withEnvelope } from '../cases/execute-case-command';
import { fakeProtection } from '../testing/fake-protection';
import { ReminderService } from './reminder.service';

const CONFIGURED = {
  agencyTimeZone: 'UTC',
  approvals: { byProgram: {} },
  reminders: { enabled: false, scanMs: 60_000, leadMinutes: 1440 },
} as unknown as CasetrailConfig;

/** The day before the appointment (2025-03-12T14:00Z) and well before the task (2025-03-14T17:00Z). */
const SCAN_AT = '2025-03-11T15:00:00.000Z';

describe('ReminderService', () => {
  let store: EventStore;
  let readModels: InMemoryReadModelStore;

  /** The projector's part: the agenda document folded from the stream as it now stands. */
  const project = async () => {
    const doc = foldProjection(agendaProjection, await store.readStream(CASE_ID));
    const agendas = readModels.collection<AgendaDoc>('agendas');
    const current = await agendas.get(CASE_ID);
    if (doc) await agendas.put(doc, current?.version ?? null);
  };

  /** A case-api process: its own bus and handler, the shared stores. */
  const process = async () => {
    const module = await Test.createTestingModule({
      imports: [CqrsModule.forRoot()],
      providers: [
        ExecuteCaseCommandHandler,
        ReminderService,
        { provide: EVENT_STORE, useValue: store },
        { provide: READ_MODEL_STORE, useValue: readModels },
        { provide: PublisherService, useValue: { notify: () => undefined } },
        { provide: AccessLog, useValue: new AccessLog({ record: () => Promise.resolve() }) },
        { provide: CONFIG, useValue: CONFIGURED },
        { provide: PROTECTION, useValue: fakeProtection() },
      ],
    }).compile();
    await module.init();
    const service = module.get(ReminderService);
    service.now = () => SCAN_AT;
    return service;
  };

  const dueSoon = async () =>
    (await store.readStream(CASE_ID)).filter((e) => e.type === 'ItemDueSoon').map((e) => e.data);

  beforeEach(async () => {
    store = LocalEventStore.inMemory();
    readModels = new InMemoryReadModelStore();
    await store.append(
      CASE_ID,
      0,
      withEnvelope(CASE_ID, metadata(), [
        clientEngaged,
        needAssessed,
        planAmended,
        appointmentScheduled,
        taskCreated,
      ]),
    );
    await project();
  });

  it('reminds an item due within the lead time, as the service, and leaves the later one', async () => {
    const outcome = await (await process()).scanOnce();
    expect(outcome).toEqual({ reminded: 1, settled: 0, failed: 0 });
    expect(await dueSoon()).toEqual([expect.objectContaining({ itemKind: 'appointment', itemId: 'appt-1' })]);
    const event = (await store.readStream(CASE_ID)).at(-1)!;
    expect(event.actor).toEqual({ id: 'svc-reminders', role: 'service' });
  });

  it('reminds once with two processes racing on a stale agenda, and again none after a restart', async () => {
    const [a, b] = [await process(), await process()];
    const outcomes = await Promise.all([a.scanOnce(), b.scanOnce()]);
    expect(outcomes.map((o) => o.reminded).reduce((x, y) => x + y)).toBe(1);
    expect(outcomes.map((o) => o.failed)).toEqual([0, 0]);
    // A restart before the projector caught up: the agenda still shows the item awaiting a reminder.
    const restarted = await process();
    expect(await restarted.scanOnce()).toMatchObject({ reminded: 0, failed: 0 });
    await project();
    expect(await restarted.scanOnce()).toEqual({ reminded: 0, settled: 0, failed: 0 });
    expect(await dueSoon()).toHaveLength(1);
  });
});

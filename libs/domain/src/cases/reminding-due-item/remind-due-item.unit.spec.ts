import { caseDecider } from '../case-decider';
import {
  appointmentOutcomeRecorded,
  appointmentScheduled,
  CASE_ID,
  caseTerminated,
  itemDueSoon,
  metadata,
  planned,
  spec,
  taskClosed,
  taskCreated,
} from '../../testing/fixtures';
import type { RemindDueItem } from './remind-due-item.command';

const DAY_BEFORE = '2025-03-11T14:00:00.000Z';

const remind = (data: Partial<RemindDueItem['data']> = {}, recordedAt = DAY_BEFORE): RemindDueItem => ({
  type: 'RemindDueItem',
  caseId: CASE_ID,
  data: { itemKind: 'appointment', itemId: 'appt-1', leadMinutes: 1440, ...data },
  metadata: metadata({ recordedAt, actor: { id: 'svc-reminders', role: 'service' } }),
});

const scheduled = [...planned, appointmentScheduled, taskCreated];

describe('RemindDueItem', () => {
  it('says an appointment is due soon, once the lead time is reached', () => {
    spec(scheduled).when(remind()).then([itemDueSoon]);
  });

  it('says a task is due soon', () => {
    spec(scheduled)
      .when(remind({ itemKind: 'task', itemId: 'task-1' }, '2025-03-14T08:00:00.000Z'))
      .then([
        {
          ...itemDueSoon,
          occurredAt: '2025-03-14T08:00:00.000Z',
          data: { itemKind: 'task', itemId: 'task-1', dueAt: taskCreated.data.dueAt, ownerId: 'cm-ana' },
        },
      ]);
  });

  it('reminds once per item: a second reminder, from any process, is refused', () => {
    spec([...scheduled, itemDueSoon])
      .when(remind())
      .thenFails('REMINDER_ALREADY_RECORDED');
  });

  it('keeps the reminder in the state, so a reload sees it', () => {
    const state = [...scheduled, itemDueSoon].reduce(caseDecider.evolve, caseDecider.initialState);
    expect(state.status !== 'initial' && state.appointments['appt-1']?.remindedAt).toBe(DAY_BEFORE);
  });

  it('waits for the lead time', () => {
    spec(scheduled).when(remind({}, '2025-03-11T13:59:00.000Z')).thenFails('REMINDER_TOO_EARLY');
  });

  it('says nothing of an appointment that is settled, or a task that is closed', () => {
    spec([...scheduled, appointmentOutcomeRecorded])
      .when(remind())
      .thenFails('ITEM_NOT_OPEN');
    spec([...scheduled, taskClosed])
      .when(remind({ itemKind: 'task', itemId: 'task-1' }, '2025-03-14T08:00:00.000Z'))
      .thenFails('ITEM_NOT_OPEN');
  });

  it('says nothing while the case is closed: its items wait for the reopening', () => {
    spec([...scheduled, caseTerminated])
      .when(remind())
      .thenFails('CASE_CLOSED');
  });

  it('knows the kinds of item', () => {
    spec(scheduled)
      .when(remind({ itemKind: 'meeting' as never }))
      .thenFails('INVALID_VOCABULARY_VALUE');
  });

  it('names an item of the case', () => {
    spec(scheduled)
      .when(remind({ itemId: 'appt-9' }))
      .thenFails('UNKNOWN_APPOINTMENT');
    spec(scheduled)
      .when(remind({ itemKind: 'task', itemId: 'task-9' }))
      .thenFails('UNKNOWN_TASK');
  });
});

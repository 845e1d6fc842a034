import type { CaseEvent, Recorded } from '@casetrail/domain';
import { foldProjection } from '../projection';
import { CaseStory } from '../timelines/testing';
import { agendaProjection, evolveAgenda, type AgendaDoc } from './agenda.projection';
import { agendaOf, dueForReminder } from './agenda.queries';

const fold = (events: readonly Recorded<CaseEvent>[]) =>
  events.reduce<Omit<AgendaDoc, 'version'> | null>((doc, event) => evolveAgenda(doc, event), null);

const story = () =>
  new CaseStory('case-1')
    .engaged('2025-03-01T09:00:00.000Z', { caseManagerId: 'cm-ana', teamId: 'team-north' })
    .appointment('2025-03-06T09:00:00.000Z', 'appt-1', {
      startsAt: '2025-03-12T14:00:00.000Z',
      endsAt: '2025-03-12T15:00:00.000Z',
      ownerId: 'cm-ana',
    })
    .task('2025-03-06T09:30:00.000Z', 'task-1', { ownerId: 'cm-ana', dueAt: '2025-03-10T17:00:00.000Z' })
    .task('2025-03-06T09:40:00.000Z', 'task-2', { ownerId: 'cm-bo', dueAt: '2025-03-11T17:00:00.000Z' });

const doc = (events: readonly Recorded<CaseEvent>[]): AgendaDoc => ({
  ...fold(events)!,
  version: events.length,
});

const WINDOW = {
  from: '2025-03-10T00:00:00.000Z',
  to: '2025-03-17T00:00:00.000Z',
  now: '2025-03-11T08:00:00.000Z',
};

describe('agenda projection', () => {
  it('lists the open appointments and tasks of a case with their owners, facts only', () => {
    const agenda = fold(story().events)!;
    expect(agenda.ownerIds).toEqual(['cm-ana', 'cm-bo']);
    expect(agenda.awaitingReminder).toBe(true);
    expect(agenda.items).toEqual([
      {
        kind: 'appointment',
        itemId: 'appt-1',
        dueAt: '2025-03-12T14:00:00.000Z',
        endsAt: '2025-03-12T15:00:00.000Z',
        channel: 'home_visit',
        ownerId: 'cm-ana',
        remindedAt: null,
      },
      expect.objectContaining({ kind: 'task', itemId: 'task-1', endsAt: null, channel: null }),
      expect.objectContaining({ kind: 'task', itemId: 'task-2', ownerId: 'cm-bo' }),
    ]);
    // The sealed title and location never reach the read model.
    expect(JSON.stringify(agenda)).not.toContain('housing application');
  });

  it('drops an appointment once its outcome is recorded and a task once closed', () => {
    const events = story()
      .appointmentOutcome('2025-03-12T16:00:00.000Z', 'appt-1', { outcome: 'kept' })
      .taskClosed('2025-03-12T16:05:00.000Z', 'task-2').events;
    const agenda = fold(events)!;
    expect(agenda.items.map((i) => i.itemId)).toEqual(['task-1']);
    expect(agenda.ownerIds).toEqual(['cm-ana']);
  });

  it('marks the reminded item, and stops awaiting a reminder once every item has had one', () => {
    const one = story().dueSoon('2025-03-11T14:00:00.000Z', { itemKind: 'appointment', itemId: 'appt-1' });
    expect(fold(one.events)!.items[0]?.remindedAt).toBe('2025-03-11T14:00:00.000Z');
    expect(fold(one.events)!.awaitingReminder).toBe(true);
    const all = one
      .dueSoon('2025-03-11T14:01:00.000Z', { itemKind: 'task', itemId: 'task-1' })
      .dueSoon('2025-03-11T14:02:00.000Z', { itemKind: 'task', itemId: 'task-2' });
    expect(fold(all.events)!.awaitingReminder).toBe(false);
  });

  it('keeps nothing awaiting a reminder on a closed case', () => {
    expect(fold(story().terminated('2025-03-09T10:00:00.000Z').events)!.awaitingReminder).toBe(false);
  });

  it('follows the case to its new holder, the items keeping their owners', () => {
    const moved = fold(story().transferred('2025-03-08T10:00:00.000Z', 'cm-ana', 'cm-cy').events)!;
    expect(moved.caseManagerId).toBe('cm-cy');
    expect(moved.ownerIds).toEqual(['cm-ana', 'cm-bo']);
  });

  it('is one document per case, folded by the projector rules', () => {
    expect(foldProjection(agendaProjection, story().events)).toMatchObject({ _id: 'case-1', version: 4 });
  });
});

describe('agendaOf', () => {
  it('answers one owner’s items due in the window, earliest first, an open task past due as overdue', () => {
    const rows = agendaOf([doc(story().events)], 'cm-ana', WINDOW);
    expect(rows.map((r) => [r.itemId, r.overdue, r.caseNumber])).toEqual([
      ['task-1', true, 'CT-case-1'],
      ['appt-1', false, 'CT-case-1'],
    ]);
  });

  it('leaves out items outside the window and closed cases', () => {
    expect(
      agendaOf([doc(story().events)], 'cm-ana', { ...WINDOW, to: '2025-03-11T00:00:00.000Z' }),
    ).toHaveLength(1);
    expect(agendaOf([doc(story().terminated('2025-03-09T10:00:00.000Z').events)], 'cm-ana', WINDOW)).toEqual(
      [],
    );
  });
});

describe('dueForReminder', () => {
  it('finds the items due within the lead time that have had no reminder', () => {
    const docs = [
      doc(story().dueSoon('2025-03-10T08:00:00.000Z', { itemKind: 'task', itemId: 'task-1' }).events),
    ];
    expect(dueForReminder(docs, '2025-03-11T14:00:00.000Z', 1440).map((d) => d.item.itemId)).toEqual([
      'appt-1',
      'task-2',
    ]);
    expect(dueForReminder(docs, '2025-03-09T00:00:00.000Z', 60)).toEqual([]);
  });
});

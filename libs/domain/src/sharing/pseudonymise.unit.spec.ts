import { CASE_EVENT_TYPES } from '../cases/case-events';
import { isIdPath, OTHER_ID_FIELDS } from './pseudonymous-fields';
import { caseEvent, clientEngaged, EXAMPLE_EVENTS } from '../testing/fixtures';
import { recorded } from '../testing/recorded';
import { idKindOf, pseudonymiseEvent, type PseudonymisingContext } from './pseudonymise';
import { plantSentinels, SENTINEL } from './testing/sentinels';
import type { Role } from '../shared/metadata';

/** A stand-in for the codec: reversible enough to check kinds, never the id verbatim. */
const pseudonym = (kind: string, id: string) => `${kind}_${Buffer.from(`${id}`).toString('hex')}`;
const context = (role: Role = 'analyst', shiftDays = 0): PseudonymisingContext => ({
  role,
  pseudonym,
  shiftDays,
});

describe('pseudonymiseEvent', () => {
  it('keeps the envelope’s times, version and role, and pseudonymises the actor', () => {
    const event = recorded(EXAMPLE_EVENTS.CaseAssigned, {
      version: 2,
      recordedAt: '2025-03-01T09:31:00.000Z',
    });
    expect(pseudonymiseEvent(event, context())).toEqual({
      type: 'CaseAssigned',
      schemaVersion: event.schemaVersion,
      version: 2,
      occurredAt: event.occurredAt,
      recordedAt: '2025-03-01T09:31:00.000Z',
      actor: { role: 'case_manager', id: pseudonym('staff', 'cm-ana') },
      data: { caseManagerId: pseudonym('staff', 'cm-ana') },
    });
  });

  it('replaces every id by a pseudonym of its kind, drops the case number and never shows pii', () => {
    const out = pseudonymiseEvent(recorded(clientEngaged), context());
    expect(out.data).toEqual({
      clientId: pseudonym('client', 'client-0001'),
      programId: pseudonym('program', 'prog-housing-first'),
      teamId: pseudonym('team', 'team-north'),
      caseManagerId: pseudonym('staff', 'cm-ana'),
      referralSource: 'hospital',
      consent: {
        toServices: true,
        toInformationSharing: true,
        sharingWith: [pseudonym('org', 'org-housing-authority')],
      },
    });
    expect(JSON.stringify(out)).not.toMatch(/Maria|Lopez|1988-07-14|CT-2025-0001|Discharged/);
  });

  it('names kinds so that the same thing links across events', () => {
    expect(idKindOf('PlanAmended', 'goalsAdded[].needIds[]')).toBe('need');
    expect(idKindOf('ReferralMade', 'goalIds[]')).toBe(idKindOf('PlanAmended', 'goalsDropped[]'));
    expect(idKindOf('CaseTransferred', 'toCaseManagerId')).toBe('staff');
    expect(idKindOf('EntryVoided', 'entryId')).toBe(idKindOf('ClientDataErased', 'affects.eventIds[]'));
    expect(idKindOf('CaseNoteCorrected', 'correctsContactId')).toBe(idKindOf('ContactRecorded', 'contactId'));
    expect(idKindOf('ContactRecorded', 'participants[].id')).toBe('professional');
  });

  it('withholds the categories the reader’s role may not see', () => {
    const event = recorded(EXAMPLE_EVENTS.NeedAssessed);
    const analyst = pseudonymiseEvent(event, context('analyst')).data;
    expect(analyst['needs']).toHaveLength(2);
    const manager = pseudonymiseEvent(event, context('program_manager')).data;
    // A program manager sees the record's own facts only: no domain, no severity, no need at all.
    expect(manager['needs']).toBeUndefined();
    expect(JSON.stringify(manager)).not.toMatch(/mental_health|housing|PHQ/);
  });

  it('shifts every date and instant of the case by the same whole days, so intervals survive', () => {
    const plan = recorded(EXAMPLE_EVENTS.PlanAmended, { recordedAt: '2025-03-05T12:00:00.000Z' });
    const out = pseudonymiseEvent(plan, context('analyst', -3));
    expect(out.occurredAt).toBe('2025-03-02T11:00:00.000Z');
    expect(out.recordedAt).toBe('2025-03-02T12:00:00.000Z');
    expect(out.data['nextReviewDate']).toBe('2025-04-07');
    const goals = out.data['goalsAdded'] as { dueDate: string; milestones: { dueDate: string }[] }[];
    expect(goals[0]!.dueDate).toBe('2025-06-27');
    expect(goals[0]!.milestones[0]!.dueDate).toBe('2025-04-12');
    const corrected = pseudonymiseEvent(recorded(EXAMPLE_EVENTS.EntryCorrected), context('analyst', 10)).data;
    expect(corrected).toMatchObject({
      occurredAt: '2025-03-16T15:30:00.000Z',
      previousOccurredAt: '2025-03-17T15:30:00.000Z',
    });
    const consent = pseudonymiseEvent(recorded(EXAMPLE_EVENTS.ConsentGranted), context('analyst', 1)).data;
    expect(consent).toMatchObject({ from: '2025-03-03T10:00:00.000Z', until: '2026-03-03T10:00:00.000Z' });
    // An offset instant is the same moment, moved.
    const transferred = pseudonymiseEvent(recorded(EXAMPLE_EVENTS.CaseTransferred), context('analyst', 1));
    expect(transferred.occurredAt).toBe('2025-03-21T07:15:00.000Z');
  });

  it('leaks nothing planted in any pii or free-form field, and no id verbatim, for every event type', () => {
    for (const type of CASE_EVENT_TYPES) {
      const planted = recorded(plantSentinels(EXAMPLE_EVENTS[type]));
      const out = JSON.stringify(pseudonymiseEvent(planted, context('analyst', 7)));
      expect({ type, leaked: out.includes(SENTINEL) }).toEqual({ type, leaked: false });
      expect(out).not.toMatch(/Maria|Lopez|1988-07-14/);
      const ids = [planted.eventId, planted.streamId, planted.actor.id, ...idValues(type, planted.data)];
      for (const id of ids)
        expect({ type, id, leaked: out.includes(`"${id}"`) }).toEqual({ type, id, leaked: false });
    }
  });

  it('keeps a null id as null (no referral replaced)', () => {
    const out = pseudonymiseEvent(recorded(caseEvent('ReferralMade')), context());
    expect(out.data['replacesReferralId']).toBeNull();
    expect(out.data['referralId']).toBe(pseudonym('referral', 'ref-voucher'));
  });
});

/** The string values of the event's id fields, by the declared paths. */
const idValues = (type: (typeof CASE_EVENT_TYPES)[number], data: unknown): string[] => {
  const found: string[] = [];
  const others = OTHER_ID_FIELDS[type] ?? {};
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) value.forEach((v) => walk(v, `${path}[]`));
    else if (typeof value === 'object' && value !== null)
      for (const [k, v] of Object.entries(value)) walk(v, path === '' ? k : `${path}.${k}`);
    else if (typeof value === 'string' && (isIdPath(path) || path in others)) found.push(value);
  };
  walk(data, '');
  return found;
};

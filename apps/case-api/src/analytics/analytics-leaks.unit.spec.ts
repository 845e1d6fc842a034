import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { CASE_EVENT_TYPES, type AccessEntry, type CaseEvent, type Principal } from '@casetrail/domain';
import { EXAMPLE_EVENTS, recorded } from '@casetrail/domain/testing';
import { LocalEventStore } from '@casetrail/event-store';
import { loadConfig } from '@casetrail/platform';
import { pseudonymsFor, type Protection } from '@casetrail/protection';
import type { CaseloadEntry, ReadModelStore } from '@casetrail/read-models';
import { SAMPLE_EVENTS } from '../../../../libs/contracts/src/testing/sample-messages';
import { plantSentinels, SENTINEL } from '../../../../libs/domain/src/sharing/testing/sentinels';
import { AccessLog } from '../access/access-log.service';
import { AnalyticsController } from './analytics.controller';

const CASE_ID = 'case-0001';
const ANALYST: Principal = { id: 'analyst-1', kind: 'person', roles: ['analyst'], teams: [], programs: [] };

/**
 * The routes over a store holding every event type twice (the domain's example, the contracts'
 * richer sample), each with a sentinel in every pii and free-form field: nothing planted, no
 * client's name or date of birth and no id of the store may come out.
 */
describe('analytics routes over every event type', () => {
  const key = randomBytes(32);
  const protection = { pseudonyms: (scope: string) => pseudonymsFor(key, scope) } as unknown as Protection;
  const recordedAccess: AccessEntry[] = [];
  const accessLog = new AccessLog({
    record: (entry: AccessEntry) => {
      recordedAccess.push(entry);
      return Promise.resolve();
    },
  });
  const stored = [EXAMPLE_EVENTS.ClientEngaged as CaseEvent]
    .concat(CASE_EVENT_TYPES.flatMap((type) => [EXAMPLE_EVENTS[type], SAMPLE_EVENTS[type]]))
    .map((event, i) => recorded(plantSentinels(event), { streamId: CASE_ID, version: i + 1 }));
  const entry = {
    _id: CASE_ID,
    caseId: CASE_ID,
    caseNumber: 'CT-2025-0001',
    programId: 'prog-housing-first',
    teamId: 'team-north',
    caseManagerId: 'cm-ana',
    status: 'open',
    stage: 'engagement',
    engagedAt: '2025-03-01T09:00:00.000Z',
    clientId: 'client-0001',
    clientPii: { eventId: 'e1', pii: { client: { givenName: 'Maria' } } },
  } as unknown as CaseloadEntry;
  const readModels = {
    collection: () => ({ find: () => Promise.resolve([entry]) }),
  } as unknown as ReadModelStore;
  const request = {
    principal: ANALYST,
    method: 'GET',
    path: '/analytics/timelines',
    header: () => undefined,
    headers: {},
  } as unknown as Request;
  let controller: AnalyticsController;

  beforeAll(async () => {
    const store = LocalEventStore.inMemory();
    await store.append(
      CASE_ID,
      0,
      stored.map(({ version: _v, position: _p, ...event }) => event),
    );
    controller = new AnalyticsController(readModels, store, protection, loadConfig({}), accessLog);
  });

  const leaks = (text: string) => {
    const ids = stored.flatMap((e) => [e.eventId, e.streamId, e.actor.id, e.correlationId]);
    return [
      ...(text.includes(SENTINEL) ? [SENTINEL] : []),
      ...['Maria', 'Lopez', '1988-07-14', 'CT-2025-0001', 'client-0001', 'cm-ana', 'goal-housing'].filter(
        (s) => text.includes(s),
      ),
      ...ids.filter((id) => text.includes(id)),
    ];
  };

  it('lists and reads the course with nothing planted, no one named and no store id', async () => {
    const list = await controller.list({ from: '2025-01-01', to: '2026-01-01', shiftDates: 'true' }, request);
    expect(list.cases).toHaveLength(1);
    expect(leaks(JSON.stringify(list))).toEqual([]);
    const course = await controller.read({ pseudonym: list.cases[0]!.case }, { shiftDates: 'true' }, request);
    expect(course.events).toHaveLength(stored.length);
    expect(leaks(JSON.stringify(course))).toEqual([]);
    // The agency's own log names the case, both times.
    expect(recordedAccess.map((e) => e.cases.map((c) => c.caseId))).toEqual([[CASE_ID], [CASE_ID]]);
  });
});

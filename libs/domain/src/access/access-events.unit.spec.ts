import { accessEvent, type AccessEntry } from './access-events';
import {
  ACCESS_STREAM_PREFIX,
  accessStreamId,
  isAccessStream,
  isCaseStream,
  streamFamilyOf,
} from '../shared/streams';

const entry = (overrides: Partial<AccessEntry> = {}): AccessEntry => ({
  actor: { id: 'cm-1', role: 'case_manager' },
  route: 'GET /cases/:caseId/timeline',
  outcome: 'granted',
  denial: null,
  cases: [{ caseId: 'c-1', teamId: 't-1', programId: 'p-1' }],
  reason: null,
  emergencyUntil: null,
  at: '2026-03-01T10:00:00.000Z',
  correlationId: 'corr-1',
  ...overrides,
});

describe('the access event', () => {
  it('is shaped like every event, with the reason kept apart as client data', () => {
    expect(accessEvent(entry({ reason: 'Ada called in crisis' }))).toEqual({
      type: 'CaseRecordsAccessed',
      occurredAt: '2026-03-01T10:00:00.000Z',
      data: {
        route: 'GET /cases/:caseId/timeline',
        outcome: 'granted',
        denial: null,
        cases: [{ caseId: 'c-1', teamId: 't-1', programId: 'p-1' }],
        emergencyUntil: null,
      },
      pii: { reason: 'Ada called in crisis' },
    });
  });

  it('records a denied list read that names no case', () => {
    const event = accessEvent(entry({ outcome: 'denied', denial: 'NOT_IN_TEAM', cases: [] }));
    expect(event.data).toMatchObject({ outcome: 'denied', denial: 'NOT_IN_TEAM', cases: [] });
  });

  it('carries the end of an emergency grant', () => {
    const until = '2026-03-01T11:00:00.000Z';
    expect(accessEvent(entry({ outcome: 'emergency', emergencyUntil: until })).data.emergencyUntil).toBe(
      until,
    );
  });

  it('keeps only the case fields it knows, so a caller cannot smuggle client data into data', () => {
    const sneaky = { caseId: 'c-1', teamId: null, programId: null, clientName: 'Ada Moss' };
    expect(accessEvent(entry({ cases: [sneaky] })).data.cases).toEqual([
      { caseId: 'c-1', teamId: null, programId: null },
    ]);
  });

  it.each([
    ['a denial without a code', { outcome: 'denied' as const, denial: null }],
    ['a grant with a denial code', { denial: 'NOPE' }],
    ['an emergency without an end', { outcome: 'emergency' as const }],
    ['a plain grant with an end', { emergencyUntil: '2026-03-01T11:00:00.000Z' }],
  ])('refuses %s', (_name, overrides) => {
    expect(() => accessEvent(entry(overrides))).toThrow(RangeError);
  });
});

describe('stream families', () => {
  it('tells access streams from case streams', () => {
    const access = accessStreamId('3f1c');
    expect(access).toBe(`${ACCESS_STREAM_PREFIX}3f1c`);
    expect(isAccessStream(access)).toBe(true);
    expect(isCaseStream(access)).toBe(false);
    expect(streamFamilyOf(access)).toBe('access');
    const caseId = '0b6f0a52-6a49-4a43-9a51-1d2bd0b5d6a1';
    expect(isCaseStream(caseId)).toBe(true);
    expect(isAccessStream(caseId)).toBe(false);
    expect(streamFamilyOf(caseId)).toBe('case');
  });
});

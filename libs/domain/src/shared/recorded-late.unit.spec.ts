import { isRecordedLate } from './time';

describe('isRecordedLate: written up on a later agency day than it happened', () => {
  it('is false the same day, true from the next day on', () => {
    expect(isRecordedLate('2025-06-12T09:00:00Z', '2025-06-12T23:59:00Z', 'UTC')).toBe(false);
    expect(isRecordedLate('2025-06-12T09:00:00Z', '2025-06-13T00:01:00Z', 'UTC')).toBe(true);
    expect(isRecordedLate('2025-06-12T09:00:00Z', '2025-12-02T10:00:00Z', 'UTC')).toBe(true);
  });

  it('counts the days where the agency is', () => {
    // 02:00Z on 13 June is still 12 June in Chicago (21:00): the same agency day there.
    expect(isRecordedLate('2025-06-12T15:00:00Z', '2025-06-13T02:00:00Z', 'America/Chicago')).toBe(false);
    expect(isRecordedLate('2025-06-12T15:00:00Z', '2025-06-13T02:00:00Z', 'UTC')).toBe(true);
  });
});

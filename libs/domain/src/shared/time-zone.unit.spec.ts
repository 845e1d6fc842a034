import { agencyDayOf, isTimeZone, startOfDayIn, toUtc } from './time';

describe('the agency time zone', () => {
  it('starts a day at local midnight', () => {
    expect(startOfDayIn('2026-08-01', 'UTC')).toBe('2026-08-01T00:00:00.000Z');
    expect(startOfDayIn('2026-08-01', 'America/Chicago')).toBe('2026-08-01T05:00:00.000Z');
    expect(startOfDayIn('2026-01-01', 'America/Chicago')).toBe('2026-01-01T06:00:00.000Z');
    expect(startOfDayIn('2026-08-01', 'Asia/Kolkata')).toBe('2026-07-31T18:30:00.000Z');
    expect(startOfDayIn('2026-12-25', 'Pacific/Kiritimati')).toBe('2026-12-24T10:00:00.000Z');
  });

  it('starts a day that begins in a gap at its first moment', () => {
    // Santiago moved its clocks from 00:00 to 01:00 on 2026-09-06.
    const start = startOfDayIn('2026-09-06', 'America/Santiago');
    expect(agencyDayOf(start, 'America/Santiago')).toBe('2026-09-06');
    expect(agencyDayOf(new Date(new Date(start).getTime() - 1).toISOString(), 'America/Santiago')).toBe(
      '2026-09-05',
    );
  });

  it('names the day an instant falls on there', () => {
    expect(agencyDayOf('2026-08-01T04:59:59Z', 'America/Chicago')).toBe('2026-07-31');
    expect(agencyDayOf('2026-08-01T05:00:00Z', 'America/Chicago')).toBe('2026-08-01');
    expect(agencyDayOf('2026-08-01T23:00:00-05:00', 'UTC')).toBe('2026-08-02');
  });

  it('knows an IANA zone from a typo', () => {
    expect(isTimeZone('Europe/London')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Europe/Londn')).toBe(false);
  });

  it('writes instants with an offset in UTC', () => {
    expect(toUtc('2026-12-01T14:01:00-05:00')).toBe('2026-12-01T19:01:00.000Z');
  });
});

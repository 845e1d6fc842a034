import { DomainError } from '@casetrail/domain';
import { momentOf, requirePeriod } from './period';

describe('the period rule every query over a period shares', () => {
  it('takes a bare date as the start of that day at the agency, and any offset as UTC', () => {
    expect(momentOf('2026-07-01', 'America/Chicago')).toBe('2026-07-01T05:00:00.000Z');
    expect(momentOf('2026-07-01', 'UTC')).toBe('2026-07-01T00:00:00.000Z');
    expect(momentOf('2026-07-01T09:00:00-05:00', 'UTC')).toBe('2026-07-01T14:00:00.000Z');
    expect(momentOf('2026-99-99T00:00:00Z', 'UTC')).toBe('2026-99-99T00:00:00Z');
  });

  it('refuses a period that does not start before it ends, comparing moments, not text', () => {
    expect(() => requirePeriod('2026-03-02', '2026-03-01', 'UTC')).toThrow(DomainError);
    expect(() => requirePeriod('2026-03-01', '2026-03-01', 'UTC')).toThrow('`from` must be before `to`');
    // 10:00 at -05:00 is 15:00 UTC: after 14:00Z, though its text sorts first.
    expect(() => requirePeriod('2026-03-01T10:00:00-05:00', '2026-03-01T14:00:00Z', 'UTC')).toThrow(
      DomainError,
    );
    expect(() => requirePeriod('2026-03-01', '2026-03-02', 'UTC')).not.toThrow();
    expect(() => requirePeriod(undefined, '2026-03-01', 'UTC')).not.toThrow();
  });
});

import type { CaseEvent } from './case-events';
import { caseDecider } from './case-decider';
import { consentAt } from './consent-rules';
import { caseEvent, consentGranted, consentNarrowed, consentRevoked, engaged } from '../testing/fixtures';
import type { InformationCategory } from '../shared/sensitivity';

const fold = (events: readonly CaseEvent[]) => events.reduce(caseDecider.evolve, caseDecider.initialState);

const CLINIC = consentGranted.data.partnerId;
const GRANTED_AT = consentGranted.data.from;
const UNTIL = consentGranted.data.until!;

const at = (events: readonly CaseEvent[], partnerId: string, category: InformationCategory, t: string) =>
  consentAt(fold(events), partnerId, category, t);

describe('consentAt', () => {
  const granted = [...engaged, consentGranted];

  it('names the consent covering a category for its partner from its start', () => {
    expect(at(granted, CLINIC, 'substance_use', GRANTED_AT)).toBe('consent-1');
    expect(at(granted, CLINIC, 'mental_health', '2025-06-01T00:00:00.000Z')).toBe('consent-1');
  });

  it('covers nothing before its start nor from its end on (from <= t < until)', () => {
    expect(at(granted, CLINIC, 'substance_use', '2025-03-02T09:59:59.999Z')).toBeNull();
    expect(at(granted, CLINIC, 'substance_use', UNTIL)).toBeNull();
    expect(at(granted, CLINIC, 'substance_use', '2026-03-02T09:59:59.999Z')).toBe('consent-1');
  });

  it('covers only the categories it names', () => {
    expect(at(granted, CLINIC, 'housing', GRANTED_AT)).toBeNull();
    expect(at(granted, CLINIC, 'identity', GRANTED_AT)).toBeNull();
  });

  it('covers only the partner it names: there is no wildcard partner', () => {
    expect(at(granted, 'partner-housing', 'mental_health', GRANTED_AT)).toBeNull();
    expect(at(granted, '*', 'substance_use', GRANTED_AT)).toBeNull();
  });

  it('covers substance use only under a consent naming both substance_use and that partner', () => {
    const elsewhere = [
      ...engaged,
      // Substance use for another partner, and everything but substance use for the clinic.
      caseEvent('ConsentGranted', {
        data: { consentId: 'c-other', partnerId: 'partner-other', categories: ['substance_use'] },
      }),
      caseEvent('ConsentGranted', {
        data: { consentId: 'c-clinic', categories: ['mental_health', 'physical_health', 'case_record'] },
      }),
    ];
    expect(at(elsewhere, CLINIC, 'substance_use', '2025-04-01T00:00:00.000Z')).toBeNull();
    expect(at(elsewhere, 'partner-other', 'substance_use', '2025-04-01T00:00:00.000Z')).toBe('c-other');
    expect(at(elsewhere, CLINIC, 'mental_health', '2025-04-01T00:00:00.000Z')).toBe('c-clinic');
  });

  it('applies a narrowing from its time on and leaves the time before it as it was', () => {
    const narrowed = [...granted, consentNarrowed];
    expect(at(narrowed, CLINIC, 'substance_use', '2025-03-05T23:00:00.000Z')).toBe('consent-1');
    expect(at(narrowed, CLINIC, 'substance_use', consentNarrowed.occurredAt)).toBeNull();
    expect(at(narrowed, CLINIC, 'mental_health', '2025-03-07T00:00:00.000Z')).toBe('consent-1');
  });

  it('applies an earlier end from the narrowing on', () => {
    const ended = [
      ...granted,
      caseEvent('ConsentNarrowed', {
        data: { categories: consentGranted.data.categories, until: '2025-04-01T00:00:00.000Z' },
      }),
    ];
    expect(at(ended, CLINIC, 'mental_health', '2025-03-31T23:59:59.999Z')).toBe('consent-1');
    expect(at(ended, CLINIC, 'mental_health', '2025-04-01T00:00:00.000Z')).toBeNull();
  });

  it('covers nothing from a revocation on, and what it did before stays covered', () => {
    const revoked = [...granted, consentRevoked];
    expect(at(revoked, CLINIC, 'mental_health', '2025-03-08T09:59:59.999Z')).toBe('consent-1');
    expect(at(revoked, CLINIC, 'mental_health', consentRevoked.occurredAt)).toBeNull();
    expect(at(revoked, CLINIC, 'mental_health', '2025-12-01T00:00:00.000Z')).toBeNull();
  });

  it('names another consent still in force after one is revoked', () => {
    const second = caseEvent('ConsentGranted', {
      occurredAt: '2025-03-09T00:00:00.000Z',
      data: {
        consentId: 'consent-2',
        categories: ['mental_health'],
        from: '2025-03-09T00:00:00.000Z',
        until: null,
      },
    });
    const events = [...granted, consentRevoked, second];
    expect(at(events, CLINIC, 'mental_health', '2025-03-08T12:00:00.000Z')).toBeNull();
    expect(at(events, CLINIC, 'mental_health', '2025-03-09T00:00:00.000Z')).toBe('consent-2');
    expect(at(events, CLINIC, 'mental_health', '2025-03-03T00:00:00.000Z')).toBe('consent-1');
  });

  it('finds nothing on a case that does not exist', () => {
    expect(at([], CLINIC, 'mental_health', GRANTED_AT)).toBeNull();
  });

  it('keeps the consent in the case state as it stands', () => {
    const state = fold([...granted, consentNarrowed, consentRevoked]);
    expect(state.status === 'initial' ? null : state.consents['consent-1']).toEqual({
      partnerId: CLINIC,
      categories: ['mental_health', 'case_record'],
      purpose: 'treatment',
      from: GRANTED_AT,
      until: UNTIL,
      revokedAt: consentRevoked.occurredAt,
      grantedVersion: null,
      terms: [
        { since: null, categories: consentGranted.data.categories, until: UNTIL },
        { since: consentNarrowed.occurredAt, categories: ['mental_health', 'case_record'], until: UNTIL },
      ],
    });
  });
});

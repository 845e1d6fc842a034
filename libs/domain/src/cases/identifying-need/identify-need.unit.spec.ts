import {
  assessed,
  caseTerminated,
  engaged,
  householdMemberJoined,
  householdMemberLeft,
  metadata,
  needIdentified,
  NOW,
  planned,
  spec,
} from '../../testing/fixtures';
import { decide, evolve } from '../case-decider';
import { initialCaseState } from '../case-state';
import type { IdentifyNeed } from './identify-need.command';

const identify = (data: Partial<IdentifyNeed['data']> = {}): IdentifyNeed => ({
  type: 'IdentifyNeed',
  caseId: 'case-1',
  data: {
    needId: 'need-school',
    domain: 'education',
    severity: 'moderate',
    description: 'Not enrolled in school since the move.',
    ...data,
  },
  metadata: metadata(),
});

describe('IdentifyNeed', () => {
  it('records one need found between assessments, its description sealed as client data', () => {
    spec(assessed)
      .when(identify())
      .then([
        {
          type: 'NeedIdentified',
          occurredAt: NOW,
          data: {
            needId: 'need-school',
            domain: 'education',
            category: 'services_referrals',
            severity: 'moderate',
            memberId: null,
          },
          pii: { description: 'Not enrolled in school since the move.' },
        },
      ]);
  });

  it('names a household member present when the need was found', () => {
    const at = '2025-03-04T10:00:00.000Z';
    spec([...assessed, householdMemberJoined])
      .when(identify({ memberId: 'member-1', occurredAt: at }))
      .then([{ ...needIdentified, occurredAt: at }]);
  });

  it('refuses a member who is unknown, had not joined yet, or had left', () => {
    spec(assessed)
      .when(identify({ memberId: 'member-9' }))
      .thenFails('UNKNOWN_HOUSEHOLD_MEMBER');
    spec([...assessed, householdMemberJoined])
      .when(identify({ memberId: 'member-1', occurredAt: '2025-03-01T12:00:00.000Z' }))
      .thenFails('HOUSEHOLD_MEMBER_NOT_PRESENT');
    spec([...assessed, householdMemberJoined, householdMemberLeft])
      .when(identify({ memberId: 'member-1' }))
      .thenFails('HOUSEHOLD_MEMBER_NOT_PRESENT');
  });

  it('names the field of the member it refuses', () => {
    const state = assessed.reduce(evolve, initialCaseState);
    expect(() => decide(identify({ memberId: 'member-9' }), state)).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field: 'memberId' }) }),
    );
  });

  it('adds to an assessment: one comes first', () => {
    spec(engaged).when(identify()).thenFails('ASSESSMENT_REQUIRED');
  });

  it('is a new need: a known one is re-rated by a reassessment', () => {
    spec(assessed)
      .when(identify({ needId: 'need-housing', domain: 'housing' }))
      .thenFails('NEED_ALREADY_EXISTS');
  });

  it('takes a known domain and severity, and a description', () => {
    spec(assessed)
      .when(identify({ domain: 'astrology' }))
      .thenFails('INVALID_VOCABULARY_VALUE');
    spec(assessed)
      .when(identify({ severity: 'dire' as never }))
      .thenFails('INVALID_VOCABULARY_VALUE');
    spec(assessed)
      .when(identify({ description: ' ' }))
      .thenFails('DESCRIPTION_REQUIRED');
  });

  it('happens within the open case', () => {
    spec([...planned, caseTerminated])
      .when(identify())
      .thenFails('CASE_CLOSED');
    spec(assessed)
      .when(identify({ occurredAt: '2025-02-01T00:00:00.000Z' }))
      .thenFails('OCCURRED_BEFORE_ENGAGEMENT');
  });

  it('counts like an assessed need: plans may address it, and a higher severity raises the case’s', () => {
    const state = [
      ...assessed,
      householdMemberJoined,
      { ...needIdentified, data: { ...needIdentified.data, severity: 'critical' as const } },
    ].reduce(evolve, initialCaseState);
    if (state.status === 'initial') throw new Error('not engaged');
    expect(state.assessments.needs['need-school']).toEqual({
      domain: 'education',
      category: 'services_referrals',
      severity: 'critical',
      assessmentId: 'asmt-1',
      memberId: 'member-1',
    });
    expect(state.assessments.count).toBe(1);
    expect(state.assessments.highestSeverity).toBe('critical');
  });
});

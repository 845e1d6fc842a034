import { closed, engaged, householdMemberJoined, metadata, NOW, spec } from '../../testing/fixtures';
import { evolve } from '../case-decider';
import { initialCaseState } from '../case-state';
import type { AddHouseholdMember } from './add-household-member.command';

const add = (data: Partial<AddHouseholdMember['data']> = {}): AddHouseholdMember => ({
  type: 'AddHouseholdMember',
  caseId: 'case-1',
  data: {
    memberId: 'member-2',
    relationship: 'spouse_partner',
    givenName: 'Luis',
    familyName: 'Lopez',
    dateOfBirth: '1985-01-30',
    ...data,
  },
  metadata: metadata(),
});

describe('AddHouseholdMember', () => {
  it('records a member joining the household, their name and birth date sealed as client data', () => {
    spec(engaged)
      .when(add())
      .then([
        {
          type: 'HouseholdMemberJoined',
          occurredAt: NOW,
          data: { memberId: 'member-2', relationship: 'spouse_partner' },
          pii: { givenName: 'Luis', familyName: 'Lopez', dateOfBirth: '1985-01-30' },
        },
      ]);
  });

  it('records when they joined, and a birth date nobody knows yet as null', () => {
    spec(engaged)
      .when(add({ occurredAt: '2025-03-05T08:00:00.000Z', dateOfBirth: undefined }))
      .then([
        {
          type: 'HouseholdMemberJoined',
          occurredAt: '2025-03-05T08:00:00.000Z',
          data: { memberId: 'member-2', relationship: 'spouse_partner' },
          pii: { givenName: 'Luis', familyName: 'Lopez', dateOfBirth: null },
        },
      ]);
  });

  it('uses a new member id', () => {
    spec([...engaged, householdMemberJoined])
      .when(add({ memberId: 'member-1' }))
      .thenFails('HOUSEHOLD_MEMBER_ALREADY_EXISTS');
  });

  it('names a known relationship', () => {
    spec(engaged)
      .when(add({ relationship: 'lodger' as never }))
      .thenFails('INVALID_VOCABULARY_VALUE');
  });

  it('names the member', () => {
    spec(engaged)
      .when(add({ givenName: ' ' }))
      .thenFails('MEMBER_NAME_REQUIRED');
    spec(engaged)
      .when(add({ familyName: '' }))
      .thenFails('MEMBER_NAME_REQUIRED');
  });

  it('takes a real calendar date of birth, not after joining', () => {
    spec(engaged)
      .when(add({ dateOfBirth: '2020-02-30' }))
      .thenFails('INVALID_DATE');
    spec(engaged)
      .when(add({ dateOfBirth: '2025-04-01' }))
      .thenFails('DATE_OF_BIRTH_IN_FUTURE');
  });

  it('joins within the case life', () => {
    spec(engaged)
      .when(add({ occurredAt: '2025-02-01T00:00:00.000Z' }))
      .thenFails('OCCURRED_BEFORE_ENGAGEMENT');
    spec(closed).when(add()).thenFails('CASE_CLOSED');
  });

  it('shows the member in the state, present since they joined', () => {
    const state = [...engaged, householdMemberJoined].reduce(evolve, initialCaseState);
    expect(state.status !== 'initial' && state.household).toEqual({
      'member-1': { relationship: 'child', joinedAt: householdMemberJoined.occurredAt, leftAt: null },
    });
  });
});

import {
  closed,
  engaged,
  householdMemberJoined,
  householdMemberLeft,
  metadata,
  NOW,
  spec,
} from '../../testing/fixtures';
import { evolve } from '../case-decider';
import { entryId, givenStored } from '../../testing/history';
import { initialCaseState } from '../case-state';
import type { RecordHouseholdMemberDeparture } from './record-household-member-departure.command';

const leave = (
  data: Partial<RecordHouseholdMemberDeparture['data']> = {},
): RecordHouseholdMemberDeparture => ({
  type: 'RecordHouseholdMemberDeparture',
  caseId: 'case-1',
  data: { memberId: 'member-1', note: 'Moved out', ...data },
  metadata: metadata(),
});

const withMember = [...engaged, householdMemberJoined];

describe('RecordHouseholdMemberDeparture', () => {
  it('records a member leaving the household', () => {
    spec(withMember)
      .when(leave())
      .then([
        {
          type: 'HouseholdMemberLeft',
          occurredAt: NOW,
          data: { memberId: 'member-1' },
          pii: { note: 'Moved out' },
        },
      ]);
  });

  it('keeps the member in the state, with when they left', () => {
    const state = [...withMember, householdMemberLeft].reduce(evolve, initialCaseState);
    expect(state.status !== 'initial' && state.household['member-1']).toEqual({
      relationship: 'child',
      joinedAt: householdMemberJoined.occurredAt,
      leftAt: householdMemberLeft.occurredAt,
    });
  });

  it('names a member of this household', () => {
    spec(engaged).when(leave()).thenFails('UNKNOWN_HOUSEHOLD_MEMBER');
  });

  it('records a departure only once', () => {
    spec([...withMember, householdMemberLeft])
      .when(leave())
      .thenFails('HOUSEHOLD_MEMBER_ALREADY_LEFT');
  });

  it('is not before the member joined', () => {
    spec(withMember)
      .when(leave({ occurredAt: '2025-03-02T10:59:00.000Z' }))
      .thenFails('OCCURRED_BEFORE_DEPENDENCY');
  });

  it('is on an open case', () => {
    spec([...closed, householdMemberJoined])
      .when(leave())
      .thenFails('CASE_CLOSED');
  });
});

describe('voiding a household entry', () => {
  // EntryVoided v1, released, names no household type: voiding one waits for its next schemaVersion.
  it('is refused while the released contract cannot name it', () => {
    givenStored(...engaged, householdMemberJoined)
      .when({
        type: 'VoidEntry',
        caseId: 'case-1',
        data: { entryId: entryId(2), reason: 'Wrong case' },
        metadata: metadata(),
      })
      .thenFails('ENTRY_NOT_VOIDABLE');
  });
});

import type { CommandMetadata } from '../../shared/metadata';
import { entry } from '../../shared/records';
import { caseError } from '../case-errors';
import type { CaseState } from '../case-state';
import { occurredAtFor, requireOpenCase } from '../case-rules';
import type { HouseholdMemberLeft } from './household-member-left.event';

export interface RecordHouseholdMemberDeparture {
  readonly type: 'RecordHouseholdMemberDeparture';
  readonly caseId: string;
  readonly data: {
    readonly memberId: string;
    readonly note?: string;
    /** When they left; defaults to when it was recorded. Not before they joined (the ledger's rule). */
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

export const recordHouseholdMemberDeparture = (
  command: RecordHouseholdMemberDeparture,
  state: CaseState,
): readonly HouseholdMemberLeft[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.occurredAt);
  const member = entry(active.household, data.memberId);
  if (member === undefined) {
    throw caseError(
      'UNKNOWN_HOUSEHOLD_MEMBER',
      `Household member ${data.memberId} does not exist on this case`,
      {
        memberId: data.memberId,
      },
    );
  }
  if (member.leftAt !== null) {
    throw caseError('HOUSEHOLD_MEMBER_ALREADY_LEFT', `Household member ${data.memberId} already left`, {
      memberId: data.memberId,
      leftAt: member.leftAt,
    });
  }
  return [
    {
      type: 'HouseholdMemberLeft',
      occurredAt,
      data: { memberId: data.memberId },
      pii: { note: data.note ?? '' },
    },
  ];
};

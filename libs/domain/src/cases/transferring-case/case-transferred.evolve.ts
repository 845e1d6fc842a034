import type { CaseTransferred } from './case-transferred.event';
import type { ActiveCase } from '../case-state';

export const evolveCaseTransferred = (state: ActiveCase, event: CaseTransferred): ActiveCase => ({
  ...state,
  caseManagerId: event.data.toCaseManagerId,
  // Absent on a v1 event not upcast (a test's fixture, say): the case stays where it was.
  programId: event.data.toProgramId ?? state.programId,
  teamId: event.data.toTeamId ?? state.teamId,
});

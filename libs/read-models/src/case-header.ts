import { toUtc, type CaseEvent, type ClientEngaged, type Recorded } from '@casetrail/domain';

/**
 * What every per-case read model says about the case itself: which it is, who holds it and
 * whether it is open. One set of rules, so that a caseload and an outcome report never
 * disagree on who has a transferred or reopened case.
 */
export interface CaseHeader {
  readonly _id: string;
  readonly caseId: string;
  readonly caseNumber: string;
  readonly programId: string;
  readonly teamId: string | null;
  /** null: unassigned, waiting for a supervisor. */
  readonly caseManagerId: string | null;
  readonly status: 'open' | 'closed';
  readonly engagedAt: string;
  readonly updatedAt: string;
}

export const caseHeaderOf = (event: Recorded<ClientEngaged>): CaseHeader => ({
  _id: event.streamId,
  caseId: event.streamId,
  caseNumber: event.data.caseNumber,
  programId: event.data.programId,
  teamId: event.data.teamId,
  caseManagerId: event.data.caseManagerId,
  status: 'open',
  // Older events carry the offset they were written with; read models keep instants in UTC.
  engagedAt: toUtc(event.occurredAt),
  updatedAt: toUtc(event.recordedAt),
});

/** The header after a later event; a reopening without a case manager keeps the last one. */
export const evolveCaseHeader = <D extends CaseHeader>(doc: D, event: Recorded<CaseEvent>): D => {
  const base = { ...doc, updatedAt: toUtc(event.recordedAt) };
  // Only these four change the header; every other event type only moves `updatedAt` on.
  if (event.type === 'CaseAssigned') return { ...base, caseManagerId: event.data.caseManagerId };
  if (event.type === 'CaseTransferred') {
    // A transfer out of the program (v2) moves the case to another program and team too.
    return {
      ...base,
      caseManagerId: event.data.toCaseManagerId,
      programId: event.data.toProgramId ?? doc.programId,
      teamId: event.data.toTeamId ?? doc.teamId,
    };
  }
  if (event.type === 'CaseTerminated') return { ...base, status: 'closed' };
  if (event.type === 'CaseReopened') {
    return { ...base, status: 'open', caseManagerId: event.data.caseManagerId ?? doc.caseManagerId };
  }
  return base;
};

/**
 * What a program may require a supervisor to approve (PROGRAM_APPROVALS). The command handler
 * puts the kinds that apply to the case's program into the command's metadata, so the decider
 * decides from the command and the history alone; the events it decides record that an approval
 * was needed, so replaying them never depends on the configuration of the day.
 */
export const APPROVAL_KINDS = ['plan', 'closing', 'transfer_out'] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

/** What a supervisor decides on an item waiting for approval. */
export const APPROVAL_DECISIONS = ['approved', 'returned'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

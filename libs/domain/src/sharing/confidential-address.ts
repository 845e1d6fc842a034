/**
 * Address confidentiality (issue #14): while a case holds an active `address_confidentiality`
 * safety flag, where the client lives is withheld from everyone who does not need it, and never
 * goes to a partner. Who needs it: the case manager the case is assigned to (they visit and write
 * to the client) and a supervisor of the case's team (they answer for the client's safety plan).
 * Everyone else who may read the case (an intake worker, a covering case manager under
 * break-the-glass, an auditor) reads `withheld` in its place.
 */
import type { CaseEventType } from '../cases/case-events';
import type { CaseState } from '../cases/case-state';
import type { Role } from '../shared/metadata';

/** What a withheld address reads as: the reader knows one exists and that it is not for them. */
export const ADDRESS_WITHHELD = 'withheld';

/**
 * The pii fields that say where the client is, per event type (declared paths): the engagement's
 * postal address and an appointment's location, which is often the client's home or refuge.
 */
export const ADDRESS_FIELDS: Readonly<Partial<Record<CaseEventType, readonly string[]>>> = {
  ClientEngaged: ['client.address'],
  AppointmentScheduled: ['location'],
};

/** Whether an active address-confidentiality flag stands on the case. */
export const addressConfidential = (state: CaseState): boolean =>
  state.status !== 'initial' &&
  // A state folded before safety flags existed has none.
  Object.values(state.safetyFlags ?? {}).some(
    (flag) => flag.kind === 'address_confidentiality' && flag.clearedAt === null,
  );

/** Who reads: the acting user, the role the policy decided under, and their teams. */
export interface AddressReader {
  readonly id: string;
  readonly role: Role;
  readonly teams: readonly string[];
}

/** Whether this reader keeps the client's address on this case (always, without an active flag). */
export const keepsAddress = (reader: AddressReader, state: CaseState): boolean => {
  if (!addressConfidential(state) || state.status === 'initial') return true;
  if (reader.role === 'case_manager')
    return state.caseManagerId !== null && state.caseManagerId === reader.id;
  if (reader.role === 'supervisor') return state.teamId !== null && reader.teams.includes(state.teamId);
  return false;
};

const replaced = (value: unknown, path: readonly string[]): unknown => {
  const [head, ...rest] = path;
  if (head === undefined || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const record = value as Readonly<Record<string, unknown>>;
  if (!Object.hasOwn(record, head)) return value;
  return { ...record, [head]: rest.length === 0 ? ADDRESS_WITHHELD : replaced(record[head], rest) };
};

/** An event's opened pii with its address fields reading `withheld` (fields absent stay absent). */
export const withholdAddress = (type: string, pii: unknown): unknown =>
  (ADDRESS_FIELDS[type as CaseEventType] ?? []).reduce(
    (shown, field) => replaced(shown, field.split('.')),
    pii,
  );

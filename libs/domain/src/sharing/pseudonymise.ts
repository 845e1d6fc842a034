/**
 * A case's course as an analyst may study it: what happened and when, to which of the case's
 * goals and needs, by which role, with no one named. Ids become pseudonyms of their kind (the
 * caller holds the keys), free text and free-form strings are dropped, the client's identity and
 * contact details never appear, categories the reader's role may not see are withheld, and dates
 * may be shifted by a whole number of days per case, so that intervals survive but the calendar
 * no longer points at a person.
 */
import type { CaseEvent, CaseEventType } from '../cases/case-events';
import type { Recorded } from '../shared/envelope';
import type { ActorRole, Role } from '../shared/metadata';
import { CALENDAR_DATE, ISO_INSTANT } from '../shared/time';
import { projectFields, type FieldAt } from './field-projection';
import { maySee } from './masking';
import { DROPPED_DATA_FIELDS, FREE_FORM_DATA_FIELDS, isIdPath, OTHER_ID_FIELDS } from './pseudonymous-fields';

/** The kind of a case's pseudonym (`c_…`); the routes take it back from this prefix. */
export const CASE_PSEUDONYM_KIND = 'c';
/**
 * The widest date shift, in days either way: enough that a date no longer matches a visit, an
 * admission or a birthday someone knows, short enough that seasons still hold.
 */
export const MAX_DATE_SHIFT_DAYS = 30;
/** The kind of a staff member's pseudonym: an event's actor and the case managers it names. */
export const STAFF_PSEUDONYM_KIND = 'staff';

export interface PseudonymousEvent {
  readonly type: CaseEventType;
  readonly schemaVersion: number;
  readonly version: number;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: { readonly role: ActorRole; readonly id: string };
  readonly data: Record<string, unknown>;
}

export interface PseudonymisingContext {
  /** The reader's role: categories it may not see are withheld. */
  readonly role: Role;
  /** The pseudonym of an id of a kind (lower-case letters), under the reader's scope. */
  readonly pseudonym: (kind: string, id: string) => string;
  /** Whole days to move every date and instant of this case by; 0 leaves them as recorded. */
  readonly shiftDays: number;
}

const KIND_OF_NAME: Readonly<Record<string, string>> = {
  caseManager: STAFF_PSEUDONYM_KIND,
  fromCaseManager: STAFF_PSEUDONYM_KIND,
  toCaseManager: STAFF_PSEUDONYM_KIND,
  correctsContact: 'contact',
  replacesReferral: 'referral',
  // An entry is an event: voids and erasure receipts name events by their ids.
  entry: 'event',
  case: CASE_PSEUDONYM_KIND,
};

/** The kind of the id at a declared path: `goalIds[]` -> goal, `participants[].id` -> professional. */
export const idKindOf = (type: CaseEventType, path: string): string => {
  const declared = OTHER_ID_FIELDS[type]?.[path];
  if (declared !== undefined) return declared;
  const segments = path.replace(/\[\]/g, '').split('.');
  const last = segments.at(-1) ?? '';
  // A list of participants names professionals by `id` (the client takes part without one).
  if (last === 'id') return 'professional';
  const name = last.replace(/Ids?$/, '');
  return KIND_OF_NAME[name] ?? name.toLowerCase().replace(/[^a-z]/g, '');
};

const DAY_MS = 86_400_000;

const shiftDate = (value: string, days: number): string => {
  if (days === 0) return value;
  if (CALENDAR_DATE.test(value)) {
    const moved = new Date(Date.parse(`${value}T00:00:00.000Z`) + days * DAY_MS);
    return Number.isNaN(moved.getTime()) ? value : moved.toISOString().slice(0, 10);
  }
  if (ISO_INSTANT.test(value.toUpperCase())) {
    const time = Date.parse(value);
    return Number.isNaN(time) ? value : new Date(time + days * DAY_MS).toISOString();
  }
  return value;
};

export const pseudonymiseEvent = (
  event: Recorded<CaseEvent>,
  context: PseudonymisingContext,
): PseudonymousEvent => {
  const type = event.type;
  const freeForm = new Set(FREE_FORM_DATA_FIELDS[type]);
  const otherIds = OTHER_ID_FIELDS[type] ?? {};
  const isId = (path: string) => isIdPath(path) || path in otherIds;
  const keep = (field: FieldAt): boolean =>
    // pii is identity, contact and free text: none of it is ever pseudonymous.
    field.part === 'data' &&
    !DROPPED_DATA_FIELDS.includes(field.path) &&
    !freeForm.has(field.path) &&
    field.category !== 'identity' &&
    field.category !== 'contact' &&
    maySee(context.role, field.category);
  const rewrite = (field: FieldAt): unknown => {
    if (typeof field.value !== 'string') return field.value;
    if (isId(field.path)) return context.pseudonym(idKindOf(type, field.path), field.value);
    return shiftDate(field.value, context.shiftDays);
  };
  const projected = projectFields(type, event.data, {}, { keep, rewrite });
  return {
    type,
    schemaVersion: event.schemaVersion,
    version: event.version,
    occurredAt: shiftDate(event.occurredAt, context.shiftDays),
    recordedAt: shiftDate(event.recordedAt, context.shiftDays),
    actor: { role: event.actor.role, id: context.pseudonym(STAFF_PSEUDONYM_KIND, event.actor.id) },
    data: projected.data,
  };
};

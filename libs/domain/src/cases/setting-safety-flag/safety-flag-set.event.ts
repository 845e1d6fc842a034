import type { EventSensitivity } from '../../shared/sensitivity';
import type { CaseEventShape } from '../values';
import { CLIENT_FREE_TEXT } from '../protective-categories';

/**
 * What a safety flag warns of: the client's address is confidential (a survivor in a refuge), some
 * people must not be contacted about or for the client, or a general safety alert for whoever works
 * with them.
 */
export const SAFETY_FLAG_KINDS = ['address_confidentiality', 'do_not_contact', 'safety_alert'] as const;
export type SafetyFlagKind = (typeof SAFETY_FLAG_KINDS)[number];

/** Someone nobody may contact about the client, as the worker named them. */
export interface DoNotContact {
  /** Whom not to contact (a name, a relationship), as the worker wrote it. */
  readonly who: string;
}

/** A safety flag was set on the client's case; it stands until a SafetyFlagCleared names it. */
export type SafetyFlagSet = CaseEventShape<
  'SafetyFlagSet',
  {
    /** Unique within the case; the clearance names it. */
    readonly flagId: string;
    /** What the flag warns of: a confidential address, someone not to contact, or a safety alert. */
    readonly kind: SafetyFlagKind;
    /** Who set it: the acting user of the command's metadata. */
    readonly setBy: string;
  },
  {
    /** Why, as the worker wrote it. */
    readonly reason: string;
    /** Whom not to contact; empty unless `kind` is `do_not_contact`. */
    readonly doNotContact: readonly DoNotContact[];
  }
>;

/**
 * The kind is `safety`: that the client's address is confidential or that someone may not be
 * contacted already says they are in danger, which only roles and partners seeing safety matters
 * should learn. The reason and the names of whom not to contact are free text about the client (a
 * name beside "do not contact" may be an abuser's), sealed under the strictest category.
 */
export const SAFETY_FLAG_SET_SENSITIVITY: EventSensitivity = {
  data: { flagId: 'case_record', kind: 'safety', setBy: 'case_record' },
  pii: { reason: CLIENT_FREE_TEXT, 'doNotContact[].who': CLIENT_FREE_TEXT },
};

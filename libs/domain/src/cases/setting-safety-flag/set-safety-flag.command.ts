import type { CommandMetadata } from '../../shared/metadata';
import { hasEntry } from '../../shared/records';
import { caseError } from '../case-errors';
import type { CaseState } from '../case-state';
import { occurredAtFor, requireCase, requireOneOf, requireText } from '../case-rules';
import { SAFETY_FLAG_KINDS, type SafetyFlagKind, type SafetyFlagSet } from './safety-flag-set.event';

export interface SetSafetyFlag {
  readonly type: 'SetSafetyFlag';
  readonly caseId: string;
  readonly data: {
    readonly flagId: string;
    readonly kind: SafetyFlagKind;
    readonly reason: string;
    /** Whom not to contact: required for `do_not_contact`, refused for the other kinds. */
    readonly doNotContact?: readonly { readonly who: string }[];
    /** When the danger became known; defaults to when it was recorded. */
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

export const setSafetyFlag = (command: SetSafetyFlag, state: CaseState): readonly SafetyFlagSet[] => {
  // Closed cases too: a survivor's address stays confidential after the work ends, and a case
  // may be reopened, so the warning must be settable and readable on the record whatever its status.
  const active = requireCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.occurredAt);
  if (hasEntry(active.safetyFlags, data.flagId)) {
    throw caseError('SAFETY_FLAG_ALREADY_EXISTS', `Safety flag ${data.flagId} already exists`, {
      flagId: data.flagId,
    });
  }
  const kind = requireOneOf(SAFETY_FLAG_KINDS, data.kind, 'kind');
  const reason = requireText(data.reason, 'SAFETY_FLAG_REASON_REQUIRED', 'reason');
  const doNotContact = (data.doNotContact ?? []).map((person, index) => ({
    who: requireText(person.who, 'DO_NOT_CONTACT_WHO_REQUIRED', `doNotContact[${index}].who`),
  }));
  if (kind === 'do_not_contact' && doNotContact.length === 0) {
    throw caseError('DO_NOT_CONTACT_WHO_REQUIRED', 'A do-not-contact flag names whom not to contact', {
      field: 'doNotContact',
    });
  }
  if (kind !== 'do_not_contact' && doNotContact.length > 0) {
    throw caseError('DO_NOT_CONTACT_NOT_APPLICABLE', 'Only a do-not-contact flag names whom not to contact', {
      field: 'doNotContact',
      kind,
    });
  }
  return [
    {
      type: 'SafetyFlagSet',
      occurredAt,
      data: { flagId: data.flagId, kind, setBy: metadata.actor.id },
      pii: { reason, doNotContact },
    },
  ];
};

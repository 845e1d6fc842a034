import type { CommandMetadata } from '../../shared/metadata';
import { caseError } from '../case-errors';
import type { CaseState } from '../case-state';
import { occurredAtFor, requireOpenCase } from '../case-rules';
import type { CommunicationNeedsRecorded } from './communication-needs-recorded.event';

export interface RecordCommunicationNeeds {
  readonly type: 'RecordCommunicationNeeds';
  readonly caseId: string;
  readonly data: {
    readonly preferredLanguage: string;
    readonly interpreterNeeded: boolean;
    /** Defaults to the preferred language when an interpreter is needed; refused when none is. */
    readonly interpreterLanguage?: string | null;
    readonly notes?: string;
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

/** The canonical form of a well-formed BCP-47 tag (`EN-gb` -> `en-GB`); a malformed one is refused. */
export const requireLanguageTag = (value: string, field: string): string => {
  let canonical: readonly string[] = [];
  try {
    canonical = typeof value === 'string' && value.trim() !== '' ? Intl.getCanonicalLocales(value) : [];
  } catch {
    canonical = [];
  }
  const tag = canonical[0];
  if (tag === undefined) {
    throw caseError('INVALID_LANGUAGE_TAG', `${field} must be a BCP-47 language tag (e.g. "ar", "pt-BR")`, {
      field,
      value,
    });
  }
  return tag;
};

export const recordCommunicationNeeds = (
  command: RecordCommunicationNeeds,
  state: CaseState,
): readonly CommunicationNeedsRecorded[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.occurredAt);
  const preferredLanguage = requireLanguageTag(data.preferredLanguage, 'preferredLanguage');
  const given = data.interpreterLanguage ?? null;
  if (!data.interpreterNeeded && given !== null) {
    throw caseError(
      'INTERPRETER_LANGUAGE_NOT_APPLICABLE',
      'interpreterLanguage is for an interpreter needed',
      {
        field: 'interpreterLanguage',
      },
    );
  }
  const interpreterLanguage = data.interpreterNeeded
    ? given === null
      ? preferredLanguage
      : requireLanguageTag(given, 'interpreterLanguage')
    : null;
  return [
    {
      type: 'CommunicationNeedsRecorded',
      occurredAt,
      data: { preferredLanguage, interpreterNeeded: data.interpreterNeeded, interpreterLanguage },
      pii: { notes: data.notes ?? '' },
    },
  ];
};

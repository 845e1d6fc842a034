import type { EventSensitivity } from '../../shared/sensitivity';
import type { CaseEventShape } from '../values';
import type { ErasedDataCategory } from '../vocabularies';

/** Which of the case's events the erasure reaches: every one recorded up to then. */
export interface ErasureScope {
  /** The ids of the events whose `pii` was sealed under the destroyed key. */
  readonly eventIds: readonly string[];
  /**
   * The case's stream version when the key was destroyed: nothing after it can hold their data.
   * @asType integer
   * @minimum 0
   */
  readonly throughVersion: number;
}

/**
 * The receipt of an erasure on one case: the client's data key was destroyed, so the `pii` of every
 * event it names no longer opens, while the record of the work (`data`) stands. Carries no `pii`
 * itself: it is the accountable record of what was done, and must outlive the key.
 */
export type ClientDataErased = CaseEventShape<
  'ClientDataErased',
  {
    /** The erasure's id: one erasure of a client reaches each of their cases under the same id. */
    readonly erasureId: string;
    /** The client whose data was erased. */
    readonly clientId: string;
    /** The law or policy the erasure was made under, as the administrator stated it. */
    readonly legalBasis: string;
    /** Who asked for it (the client, their representative, a court...), as stated. */
    readonly requestedBy: string;
    /** Which of the case's events it reaches. */
    readonly affects: ErasureScope;
    /** The kinds of `pii` the destroyed key held. */
    readonly erased: readonly ErasedDataCategory[];
  },
  Record<string, never>
>;

/** The category of each field of ClientDataErased (rules: `../sensitivity.ts`). */
export const CLIENT_DATA_ERASED_SENSITIVITY: EventSensitivity = {
  data: {
    erasureId: 'case_record',
    clientId: 'case_record',
    // As the administrator stated them: the accountable record of the erasure, not the client's data.
    legalBasis: 'case_record',
    requestedBy: 'case_record',
    'affects.eventIds[]': 'case_record',
    'affects.throughVersion': 'case_record',
    'erased[]': 'case_record',
  },
  pii: {},
};

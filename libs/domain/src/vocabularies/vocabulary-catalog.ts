import { DomainError } from '../shared/errors';
import {
  BUILT_IN_VOCABULARIES,
  type CodeCategory,
  type VocabularyCatalog,
  type VocabularyKind,
} from './vocabulary-kinds';

/**
 * A code named by a case command must be in the version in force and not retired. The catalog
 * comes in the command's metadata (the handler reads it); without one, the built-in defaults.
 * Answers the code's category (service types and need domains), decided now and kept in the event.
 */
export const requireCode = (
  catalog: VocabularyCatalog | undefined,
  kind: VocabularyKind,
  value: string,
  field: string,
): { readonly code: string; readonly category?: CodeCategory } => {
  const vocabulary = (catalog ?? BUILT_IN_VOCABULARIES)[kind];
  const found = vocabulary.codes.find((code) => code.code === value);
  const inForce = vocabulary.codes.filter((code) => code.retired !== true).map((code) => code.code);
  if (found === undefined || found.retired === true)
    throw new DomainError(
      'INVALID_VOCABULARY_VALUE',
      found === undefined
        ? `${field} must be one of ${inForce.join(', ')}`
        : `${field}: ${value} is retired from the ${kind} vocabulary (version ${vocabulary.version})`,
      { field, value, allowed: inForce, vocabulary: kind, version: vocabulary.version },
    );
  return found.category === undefined ? { code: found.code } : { code: found.code, category: found.category };
};

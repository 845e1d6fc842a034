import { VOCABULARY_KINDS, type VocabularyKind } from '@casetrail/domain';
import { Id, OneOf } from '../http/fields';

export class VocabularyParams {
  /** An id like any path id, and one of the kinds. */
  @Id() @OneOf(VOCABULARY_KINDS) kind!: VocabularyKind;
}

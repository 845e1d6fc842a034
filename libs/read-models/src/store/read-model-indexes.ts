/**
 * Every top-level field a read-model query selects on by equality, per collection (`_id` is
 * always indexed). A query that needs another field adds it here; `read-model-indexes.unit.spec`
 * holds the names to the collections the projections write.
 *
 * On MongoDB each of these serves its equality from a B-tree. FerretDB 1.24 on PostgreSQL
 * creates the same B-tree on `_jsonb->'field'` but pushes equality down as containment
 * (`_jsonb->'field' @> value`), which that index cannot serve: PostgreSQL scans the table
 * (cheaply, in its own memory) and FerretDB decodes only the matching documents.
 */
export const READ_MODEL_INDEXES: Readonly<Record<string, readonly string[]>> = {
  caseloads: ['caseManagerId', 'teamId', 'programId', 'caseManagerIds'],
  case_facts: ['programId'],
  timelines: [],
  access_log: ['caseId', 'outcome', 'teamId'],
  agendas: ['ownerIds', 'awaitingReminder'],
};

export const indexesOf = (collection: string): readonly string[] =>
  READ_MODEL_INDEXES[collection.replace(/__rebuild$/, '')] ?? [];

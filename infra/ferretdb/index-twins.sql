-- FerretDB 1.24 pushes an equality filter down to PostgreSQL as containment,
-- `_jsonb -> 'field' @> value`, while the index that `createIndex` builds is a B-tree on
-- `(_jsonb -> 'field')`, which cannot serve `@>`: every pushed-down lookup, `_id` included,
-- scanned its whole table. Each such B-tree gets a GIN twin on the same expression, which can.
-- Installed by ferretdb.sh at every start; idempotent. (MongoDB itself needs none of this.)

SET client_min_messages = warning;

CREATE OR REPLACE FUNCTION casetrail_gin_twin(idx oid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  method text;
  tbl regclass;
  expr text;
  twin text;
  schema text;
  is_unique boolean;
BEGIN
  SELECT am.amname, i.indrelid::regclass, pg_get_expr(i.indexprs, i.indrelid), c.relname, n.nspname, i.indisunique
    INTO method, tbl, expr, twin, schema, is_unique
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_am am ON am.oid = c.relam
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE i.indexrelid = idx;
  -- Only one top-level field, the only shape FerretDB pushes down with `->`.
  IF method IS DISTINCT FROM 'btree' OR expr IS NULL OR expr !~ '^\(_jsonb -> ''[^'']+''::text\)$' THEN
    RETURN;
  END IF;
  -- A unique index other than `_id`'s is there to refuse duplicates (a stream version, say), not
  -- to be looked up by: its twin would only slow every insert.
  IF is_unique AND expr <> '(_jsonb -> ''_id''::text)' THEN
    EXECUTE format('DROP INDEX IF EXISTS %I.%I', schema, left(twin, 58) || '_gin'); -- made by an earlier version
    RETURN;
  END IF;
  twin := left(twin, 58) || '_gin';
  -- fastupdate off: a pending list would make every few-hundredth insert pay for merging it.
  EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin (%s jsonb_path_ops) WITH (fastupdate = off)', twin, tbl, expr);
  EXECUTE format('ALTER INDEX %I.%I SET (fastupdate = off)', schema, twin);
END $$;

CREATE OR REPLACE FUNCTION casetrail_gin_twins_on_create() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  command record;
BEGIN
  FOR command IN
    SELECT objid FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE INDEX' AND object_type = 'index'
  LOOP
    PERFORM casetrail_gin_twin(command.objid);
  END LOOP;
END $$;

DROP EVENT TRIGGER IF EXISTS casetrail_gin_twins;
CREATE EVENT TRIGGER casetrail_gin_twins ON ddl_command_end
  WHEN TAG IN ('CREATE INDEX')
  EXECUTE FUNCTION casetrail_gin_twins_on_create();

-- Indexes made before this was installed.
DO $$
DECLARE
  idx oid;
BEGIN
  FOR idx IN
    SELECT i.indexrelid FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND i.indexprs IS NOT NULL
  LOOP
    PERFORM casetrail_gin_twin(idx);
  END LOOP;
END $$;

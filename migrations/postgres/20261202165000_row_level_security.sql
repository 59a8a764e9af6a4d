-- +goose Up
-- Row-level security, the second wall behind ent privacy: every table with a
-- tenant_id column lets a statement reach only the rows of the district the
-- server names in the setting hearth.tenant_id, per transaction
-- (policy.TenantDriver): a district's id, '*' for system work spanning
-- districts, '' or unset for none (no row: fail closed). FORCE holds the
-- tables' owner to it too (the role that ran the migrations); a superuser
-- or a role with BYPASSRLS is not held, so the application must not run as one.
-- hearth_tenant_rls() puts the policy on every such table still without it:
-- a later migration adding a tenant table calls it again.
-- +goose StatementBegin
CREATE FUNCTION hearth_tenant_rls() RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  t text;
  expr constant text := $e$(current_setting('hearth.tenant_id', true) = '*' OR "tenant_id" = NULLIF(NULLIF(current_setting('hearth.tenant_id', true), ''), '*')::uuid)$e$;
BEGIN
  FOR t IN
    SELECT c.relname FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
      AND NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'tenant_isolation')
    ORDER BY c.relname
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING %s WITH CHECK %s', t, expr, expr);
  END LOOP;
END
$fn$;
-- +goose StatementEnd
SELECT hearth_tenant_rls();

-- +goose Down
-- +goose StatementBegin
DO $$
DECLARE t text;
BEGIN
  FOR t IN
    SELECT c.relname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND p.polname = 'tenant_isolation'
  LOOP
    EXECUTE format('DROP POLICY tenant_isolation ON %I', t);
    EXECUTE format('ALTER TABLE %I NO FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I DISABLE ROW LEVEL SECURITY', t);
  END LOOP;
END
$$;
-- +goose StatementEnd
DROP FUNCTION hearth_tenant_rls();

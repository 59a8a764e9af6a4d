-- +goose Up
-- create "premise_tallies" table
CREATE TABLE "premise_tallies" ("id" character varying NOT NULL, "company_id" uuid NOT NULL, "street_id" uuid NOT NULL, "community_id" uuid NULL, "user_type" character varying NOT NULL, "special" boolean NOT NULL, "status" character varying NOT NULL, "device_status" character varying NULL, "device_networked" boolean NOT NULL, "device_shutoff" boolean NOT NULL, "device_replace_on" character varying NULL, "last_outcome" character varying NULL, "n" bigint NOT NULL, "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "premise_tallies_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "premisetally_tenant_id_street_id" to table: "premise_tallies"
CREATE INDEX "premisetally_tenant_id_street_id" ON "premise_tallies" ("tenant_id", "street_id");
-- The premises' tallies (see ent/schema PremiseTally): kept by statement
-- triggers over the transition tables, one grouped upsert per statement, in
-- key order so two writers take the tallies' rows in the same order. The
-- rows come in by EXECUTE so that one function serves the three triggers
-- (a statement naming old_rows cannot be planned in an INSERT trigger) and
-- nothing depends on the premises' row type.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION premise_tallies_count() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  EXECUTE format($q$
INSERT INTO premise_tallies AS t (id, tenant_id, street_id, community_id, company_id, user_type, special, status, device_status, device_networked, device_shutoff, device_replace_on, last_outcome, n)
SELECT COALESCE(s.tenant_id::text, '-') || '|' || COALESCE(s.street_id::text, '-') || '|' || COALESCE(s.community_id::text, '-') || '|' || COALESCE(s.company_id::text, '-') || '|' || COALESCE(s.user_type::text, '-') || '|' || COALESCE(s.special::text, '-') || '|' || COALESCE(s.status::text, '-') || '|' || COALESCE(s.device_status::text, '-') || '|' || COALESCE(s.device_networked::text, '-') || '|' || COALESCE(s.device_shutoff::text, '-') || '|' || COALESCE(s.device_replace_on::text, '-') || '|' || COALESCE(s.last_outcome::text, '-'), s.tenant_id, s.street_id, s.community_id, s.company_id, s.user_type, s.special, s.status, s.device_status, s.device_networked, s.device_shutoff, s.device_replace_on, s.last_outcome, SUM(s.d)
FROM (SELECT u.tenant_id AS tenant_id,
         u.street_id AS street_id,
         u.community_id AS community_id,
         u.company_id AS company_id,
         u.user_type AS user_type,
         u.special AS special,
         u.status AS status,
         CASE WHEN w.working THEN (CASE WHEN u.device_status = 'online' THEN 'online' ELSE 'installed' END) END AS device_status,
         CASE WHEN w.working THEN u.device_networked ELSE false END AS device_networked,
         CASE WHEN w.working THEN u.device_shutoff ELSE false END AS device_shutoff,
         CASE WHEN w.working THEN substr(u.device_replace_on, 1, 7) END AS device_replace_on,
         CASE WHEN u.last_outcome IN ('refused', 'not_home') THEN u.last_outcome END AS last_outcome, u.d
      FROM (%s) u CROSS JOIN LATERAL (SELECT COALESCE(u.device_replace_on IS NOT NULL AND u.device_status IN ('installed', 'online', 'offline'), false) AS working) w) s
GROUP BY s.tenant_id, s.street_id, s.community_id, s.company_id, s.user_type, s.special, s.status, s.device_status, s.device_networked, s.device_shutoff, s.device_replace_on, s.last_outcome
HAVING SUM(s.d) <> 0
ORDER BY 1
ON CONFLICT (id) DO UPDATE SET n = t.n + EXCLUDED.n
$q$, CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT x.*, 1 AS d FROM new_rows x'
    WHEN 'UPDATE' THEN 'SELECT x.*, 1 AS d FROM new_rows x UNION ALL SELECT x.*, -1 AS d FROM old_rows x'
    ELSE 'SELECT x.*, -1 AS d FROM old_rows x' END);
  RETURN NULL;
END
$f$;
-- +goose StatementEnd
CREATE TRIGGER premise_tallies_insert AFTER INSERT ON premises REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION premise_tallies_count();
CREATE TRIGGER premise_tallies_update AFTER UPDATE ON premises REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION premise_tallies_count();
CREATE TRIGGER premise_tallies_delete AFTER DELETE ON premises REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION premise_tallies_count();
-- The premises already recorded.
INSERT INTO premise_tallies (id, tenant_id, street_id, community_id, company_id, user_type, special, status, device_status, device_networked, device_shutoff, device_replace_on, last_outcome, n)
SELECT COALESCE(s.tenant_id::text, '-') || '|' || COALESCE(s.street_id::text, '-') || '|' || COALESCE(s.community_id::text, '-') || '|' || COALESCE(s.company_id::text, '-') || '|' || COALESCE(s.user_type::text, '-') || '|' || COALESCE(s.special::text, '-') || '|' || COALESCE(s.status::text, '-') || '|' || COALESCE(s.device_status::text, '-') || '|' || COALESCE(s.device_networked::text, '-') || '|' || COALESCE(s.device_shutoff::text, '-') || '|' || COALESCE(s.device_replace_on::text, '-') || '|' || COALESCE(s.last_outcome::text, '-'), s.tenant_id, s.street_id, s.community_id, s.company_id, s.user_type, s.special, s.status, s.device_status, s.device_networked, s.device_shutoff, s.device_replace_on, s.last_outcome, SUM(s.d)
FROM (SELECT u.tenant_id AS tenant_id,
         u.street_id AS street_id,
         u.community_id AS community_id,
         u.company_id AS company_id,
         u.user_type AS user_type,
         u.special AS special,
         u.status AS status,
         CASE WHEN w.working THEN (CASE WHEN u.device_status = 'online' THEN 'online' ELSE 'installed' END) END AS device_status,
         CASE WHEN w.working THEN u.device_networked ELSE false END AS device_networked,
         CASE WHEN w.working THEN u.device_shutoff ELSE false END AS device_shutoff,
         CASE WHEN w.working THEN substr(u.device_replace_on, 1, 7) END AS device_replace_on,
         CASE WHEN u.last_outcome IN ('refused', 'not_home') THEN u.last_outcome END AS last_outcome, u.d
      FROM (SELECT x.*, 1 AS d FROM premises x) u CROSS JOIN LATERAL (SELECT COALESCE(u.device_replace_on IS NOT NULL AND u.device_status IN ('installed', 'online', 'offline'), false) AS working) w) s
GROUP BY s.tenant_id, s.street_id, s.community_id, s.company_id, s.user_type, s.special, s.status, s.device_status, s.device_networked, s.device_shutoff, s.device_replace_on, s.last_outcome;

-- +goose Down
DROP TRIGGER premise_tallies_insert ON premises;
DROP TRIGGER premise_tallies_update ON premises;
DROP TRIGGER premise_tallies_delete ON premises;
DROP FUNCTION premise_tallies_count();
-- reverse: create index "premisetally_tenant_id_street_id" to table: "premise_tallies"
DROP INDEX "premisetally_tenant_id_street_id";
-- reverse: create "premise_tallies" table
DROP TABLE "premise_tallies";

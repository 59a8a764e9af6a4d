-- +goose Up
-- create "premise_tallies" table
CREATE TABLE `premise_tallies` (`id` text NOT NULL, `company_id` uuid NOT NULL, `street_id` uuid NOT NULL, `community_id` uuid NULL, `user_type` text NOT NULL, `special` bool NOT NULL, `status` text NOT NULL, `device_status` text NULL, `device_networked` bool NOT NULL, `device_shutoff` bool NOT NULL, `device_replace_on` text NULL, `last_outcome` text NULL, `n` integer NOT NULL, `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `premise_tallies_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- create index "premisetally_tenant_id_street_id" to table: "premise_tallies"
CREATE INDEX `premisetally_tenant_id_street_id` ON `premise_tallies` (`tenant_id`, `street_id`);
-- The premises' tallies (see ent/schema PremiseTally): kept by row
-- triggers (SQLite has no statement triggers); an update that leaves the
-- counted columns as they were touches none.
-- +goose StatementBegin
CREATE TRIGGER premise_tallies_insert AFTER INSERT ON premises BEGIN
  INSERT INTO premise_tallies (id, tenant_id, street_id, community_id, company_id, user_type, special, status, device_status, device_networked, device_shutoff, device_replace_on, last_outcome, n)
  SELECT COALESCE(s.tenant_id, '-') || '|' || COALESCE(s.street_id, '-') || '|' || COALESCE(s.community_id, '-') || '|' || COALESCE(s.company_id, '-') || '|' || COALESCE(s.user_type, '-') || '|' || COALESCE(s.special, '-') || '|' || COALESCE(s.status, '-') || '|' || COALESCE(s.device_status, '-') || '|' || COALESCE(s.device_networked, '-') || '|' || COALESCE(s.device_shutoff, '-') || '|' || COALESCE(s.device_replace_on, '-') || '|' || COALESCE(s.last_outcome, '-'), tenant_id, street_id, community_id, company_id, user_type, special, status, device_status, device_networked, device_shutoff, device_replace_on, last_outcome, 1
  FROM (SELECT NEW.tenant_id AS tenant_id,
         NEW.street_id AS street_id,
         NEW.community_id AS community_id,
         NEW.company_id AS company_id,
         NEW.user_type AS user_type,
         NEW.special AS special,
         NEW.status AS status,
         CASE WHEN (NEW.device_replace_on IS NOT NULL AND NEW.device_status IN ('installed', 'online', 'offline')) THEN (CASE WHEN NEW.device_status = 'online' THEN 'online' ELSE 'installed' END) END AS device_status,
         CASE WHEN (NEW.device_replace_on IS NOT NULL AND NEW.device_status IN ('installed', 'online', 'offline')) THEN NEW.device_networked ELSE 0 END AS device_networked,
         CASE WHEN (NEW.device_replace_on IS NOT NULL AND NEW.device_status IN ('installed', 'online', 'offline')) THEN NEW.device_shutoff ELSE 0 END AS device_shutoff,
         CASE WHEN (NEW.device_replace_on IS NOT NULL AND NEW.device_status IN ('installed', 'online', 'offline')) THEN substr(NEW.device_replace_on, 1, 7) END AS device_replace_on,
         CASE WHEN NEW.last_outcome IN ('refused', 'not_home') THEN NEW.last_outcome END AS last_outcome) s WHERE true
  ON CONFLICT (id) DO UPDATE SET n = n + excluded.n;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER premise_tallies_update AFTER UPDATE ON premises WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.street_id IS NOT NEW.street_id OR OLD.community_id IS NOT NEW.community_id OR OLD.company_id IS NOT NEW.company_id OR OLD.user_type IS NOT NEW.user_type OR OLD.special IS NOT NEW.special OR OLD.status IS NOT NEW.status OR OLD.device_status IS NOT NEW.device_status OR OLD.device_networked IS NOT NEW.device_networked OR OLD.device_shutoff IS NOT NEW.device_shutoff OR OLD.device_replace_on IS NOT NEW.device_replace_on OR OLD.last_outcome IS NOT NEW.last_outcome BEGIN
  INSERT INTO premise_tallies (id, tenant_id, street_id, community_id, company_id, user_type, special, status, device_status, device_networked, device_shutoff, device_replace_on, last_outcome, n)
  SELECT COALESCE(s.tenant_id, '-') || '|' || COALESCE(s.street_id, '-') || '|' || COALESCE(s.community_id, '-') || '|' || COALESCE(s.company_id, '-') || '|' || COALESCE(s.user_type, '-') || '|' || COALESCE(s.special, '-') || '|' || COALESCE(s.status, '-') || '|' || COALESCE(s.device_status, '-') || '|' || COALESCE(s.device_networked, '-') || '|' || COALESCE(s.device_shutoff, '-') || '|' || COALESCE(s.device_replace_on, '-') || '|' || COALESCE(s.last_outcome, '-'), tenant_id, street_id, community_id, company_id, user_type, special, status, device_status, device_networked, device_shutoff, device_replace_on, last_outcome, -1
  FROM (SELECT OLD.tenant_id AS tenant_id,
         OLD.street_id AS street_id,
         OLD.community_id AS community_id,
         OLD.company_id AS company_id,
         OLD.user_type AS user_type,
         OLD.special AS special,
         OLD.status AS status,
         CASE WHEN (OLD.device_replace_on IS NOT NULL AND OLD.device_status IN ('installed', 'online', 'offline')) THEN (CASE WHEN OLD.device_status = 'online' THEN 'online' ELSE 'installed' END) END AS device_status,
         CASE WHEN (OLD.device_replace_on IS NOT NULL AND OLD.device_status IN ('installed', 'online', 'offline')) THEN OLD.device_networked ELSE 0 END AS device_networked,
         CASE WHEN (OLD.device_replace_on IS NOT NULL AND OLD.device_status IN ('installed', 'online', 'offline')) THEN OLD.device_shutoff ELSE 0 END AS device_shutoff,
         CASE WHEN (OLD.device_replace_on IS NOT NULL AND OLD.device_status IN ('installed', 'online', 'offline')) THEN substr(OLD.device_replace_on, 1, 7) END AS device_replace_on,
         CASE WHEN OLD.last_outcome IN ('refused', 'not_home') THEN OLD.last_outcome END AS last_outcome) s WHERE true
  ON CONFLICT (id) DO UPDATE SET n = n + excluded.n;
  INSERT INTO premise_tallies (id, tenant_id, street_id, community_id, company_id, user_type, special, status, device_status, device_networked, device_shutoff, device_replace_on, last_outcome, n)
  SELECT COALESCE(s.tenant_id, '-') || '|' || COALESCE(s.street_id, '-') || '|' || COALESCE(s.community_id, '-') || '|' || COALESCE(s.company_id, '-') || '|' || COALESCE(s.user_type, '-') || '|' || COALESCE(s.special, '-') || '|' || COALESCE(s.status, '-') || '|' || COALESCE(s.device_status, '-') || '|' || COALESCE(s.device_networked, '-') || '|' || COALESCE(s.device_shutoff, '-') || '|' || COALESCE(s.device_replace_on, '-') || '|' || COALESCE(s.last_outcome, '-'), tenant_id, street_id, community_id, company_id, user_type, special, status, device_status, device_networked, device_shutoff, device_replace_on, last_outcome, 1
  FROM (SELECT NEW.tenant_id AS tenant_id,
         NEW.street_id AS street_id,
         NEW.community_id AS community_id,
         NEW.company_id AS company_id,
         NEW.user_type AS user_type,
         NEW.special AS special,
         NEW.status AS status,
         CASE WHEN (NEW.device_replace_on IS NOT NULL AND NEW.device_status IN ('installed', 'online', 'offline')) THEN (CASE WHEN NEW.device_status = 'online' THEN 'online' ELSE 'installed' END) END AS device_status,
         CASE WHEN (NEW.device_replace_on IS NOT NULL AND NEW.device_status IN ('installed', 'online', 'offline')) THEN NEW.device_networked ELSE 0 END AS device_networked,
         CASE WHEN (NEW.device_replace_on IS NOT NULL AND NEW.device_status IN ('installed', 'online', 'offline')) THEN NEW.device_shutoff ELSE 0 END AS device_shutoff,
         CASE WHEN (NEW.device_replace_on IS NOT NULL AND NEW.device_status IN ('installed', 'online', 'offline')) THEN substr(NEW.device_replace_on, 1, 7) END AS device_replace_on,
         CASE WHEN NEW.last_outcome IN ('refused', 'not_home') THEN NEW.last_outcome END AS last_outcome) s WHERE true
  ON CONFLICT (id) DO UPDATE SET n = n + excluded.n;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER premise_tallies_delete AFTER DELETE ON premises BEGIN
  INSERT INTO premise_tallies (id, tenant_id, street_id, community_id, company_id, user_type, special, status, device_status, device_networked, device_shutoff, device_replace_on, last_outcome, n)
  SELECT COALESCE(s.tenant_id, '-') || '|' || COALESCE(s.street_id, '-') || '|' || COALESCE(s.community_id, '-') || '|' || COALESCE(s.company_id, '-') || '|' || COALESCE(s.user_type, '-') || '|' || COALESCE(s.special, '-') || '|' || COALESCE(s.status, '-') || '|' || COALESCE(s.device_status, '-') || '|' || COALESCE(s.device_networked, '-') || '|' || COALESCE(s.device_shutoff, '-') || '|' || COALESCE(s.device_replace_on, '-') || '|' || COALESCE(s.last_outcome, '-'), tenant_id, street_id, community_id, company_id, user_type, special, status, device_status, device_networked, device_shutoff, device_replace_on, last_outcome, -1
  FROM (SELECT OLD.tenant_id AS tenant_id,
         OLD.street_id AS street_id,
         OLD.community_id AS community_id,
         OLD.company_id AS company_id,
         OLD.user_type AS user_type,
         OLD.special AS special,
         OLD.status AS status,
         CASE WHEN (OLD.device_replace_on IS NOT NULL AND OLD.device_status IN ('installed', 'online', 'offline')) THEN (CASE WHEN OLD.device_status = 'online' THEN 'online' ELSE 'installed' END) END AS device_status,
         CASE WHEN (OLD.device_replace_on IS NOT NULL AND OLD.device_status IN ('installed', 'online', 'offline')) THEN OLD.device_networked ELSE 0 END AS device_networked,
         CASE WHEN (OLD.device_replace_on IS NOT NULL AND OLD.device_status IN ('installed', 'online', 'offline')) THEN OLD.device_shutoff ELSE 0 END AS device_shutoff,
         CASE WHEN (OLD.device_replace_on IS NOT NULL AND OLD.device_status IN ('installed', 'online', 'offline')) THEN substr(OLD.device_replace_on, 1, 7) END AS device_replace_on,
         CASE WHEN OLD.last_outcome IN ('refused', 'not_home') THEN OLD.last_outcome END AS last_outcome) s WHERE true
  ON CONFLICT (id) DO UPDATE SET n = n + excluded.n;
END;
-- +goose StatementEnd
-- The premises already recorded.
INSERT INTO premise_tallies (id, tenant_id, street_id, community_id, company_id, user_type, special, status, device_status, device_networked, device_shutoff, device_replace_on, last_outcome, n)
  SELECT COALESCE(s.tenant_id, '-') || '|' || COALESCE(s.street_id, '-') || '|' || COALESCE(s.community_id, '-') || '|' || COALESCE(s.company_id, '-') || '|' || COALESCE(s.user_type, '-') || '|' || COALESCE(s.special, '-') || '|' || COALESCE(s.status, '-') || '|' || COALESCE(s.device_status, '-') || '|' || COALESCE(s.device_networked, '-') || '|' || COALESCE(s.device_shutoff, '-') || '|' || COALESCE(s.device_replace_on, '-') || '|' || COALESCE(s.last_outcome, '-'), tenant_id, street_id, community_id, company_id, user_type, special, status, device_status, device_networked, device_shutoff, device_replace_on, last_outcome, COUNT(*)
  FROM (SELECT p.tenant_id AS tenant_id,
         p.street_id AS street_id,
         p.community_id AS community_id,
         p.company_id AS company_id,
         p.user_type AS user_type,
         p.special AS special,
         p.status AS status,
         CASE WHEN (p.device_replace_on IS NOT NULL AND p.device_status IN ('installed', 'online', 'offline')) THEN (CASE WHEN p.device_status = 'online' THEN 'online' ELSE 'installed' END) END AS device_status,
         CASE WHEN (p.device_replace_on IS NOT NULL AND p.device_status IN ('installed', 'online', 'offline')) THEN p.device_networked ELSE 0 END AS device_networked,
         CASE WHEN (p.device_replace_on IS NOT NULL AND p.device_status IN ('installed', 'online', 'offline')) THEN p.device_shutoff ELSE 0 END AS device_shutoff,
         CASE WHEN (p.device_replace_on IS NOT NULL AND p.device_status IN ('installed', 'online', 'offline')) THEN substr(p.device_replace_on, 1, 7) END AS device_replace_on,
         CASE WHEN p.last_outcome IN ('refused', 'not_home') THEN p.last_outcome END AS last_outcome FROM premises p) s
  GROUP BY tenant_id, street_id, community_id, company_id, user_type, special, status, device_status, device_networked, device_shutoff, device_replace_on, last_outcome;

-- +goose Down
DROP TRIGGER premise_tallies_insert;
DROP TRIGGER premise_tallies_update;
DROP TRIGGER premise_tallies_delete;
-- reverse: create index "premisetally_tenant_id_street_id" to table: "premise_tallies"
DROP INDEX `premisetally_tenant_id_street_id`;
-- reverse: create "premise_tallies" table
DROP TABLE `premise_tallies`;

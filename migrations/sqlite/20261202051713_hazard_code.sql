-- +goose NO TRANSACTION
-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_hazards" table
CREATE TABLE `new_hazards` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `company_id` uuid NOT NULL, `street_id` uuid NOT NULL, `code` text NOT NULL, `community_id` uuid NULL, `address` text NOT NULL, `lat` real NULL, `lng` real NULL, `category` text NOT NULL, `level` text NOT NULL, `source` text NOT NULL, `found_on` text NOT NULL, `description` text NOT NULL, `measure` text NOT NULL DEFAULT (''), `responsible_person` text NOT NULL DEFAULT (''), `responsible_phone` text NOT NULL DEFAULT (''), `deadline` text NOT NULL, `original_deadline` text NOT NULL, `status` text NOT NULL DEFAULT ('reported'), `rectification_note` text NOT NULL DEFAULT (''), `created_by` uuid NULL, `verified_by` uuid NULL, `verified_by_name` text NOT NULL DEFAULT (''), `verified_on` text NULL, `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `hazards_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- copy rows from old table "hazards" to new temporary table "new_hazards",
-- numbering them per district and year of recording in the order recorded
INSERT INTO `new_hazards` (`id`, `created_at`, `updated_at`, `version`, `company_id`, `street_id`, `code`, `community_id`, `address`, `lat`, `lng`, `category`, `level`, `source`, `found_on`, `description`, `measure`, `responsible_person`, `responsible_phone`, `deadline`, `original_deadline`, `status`, `rectification_note`, `created_by`, `verified_by`, `verified_by_name`, `verified_on`, `tenant_id`) SELECT `id`, `created_at`, `updated_at`, `version`, `company_id`, `street_id`, 'YH-' || substr(`created_at`, 1, 4) || '-' || printf('%06d', row_number() OVER (PARTITION BY `tenant_id`, substr(`created_at`, 1, 4) ORDER BY `created_at`, `id`)), `community_id`, `address`, `lat`, `lng`, `category`, `level`, `source`, `found_on`, `description`, `measure`, `responsible_person`, `responsible_phone`, `deadline`, `original_deadline`, `status`, `rectification_note`, `created_by`, `verified_by`, `verified_by_name`, `verified_on`, `tenant_id` FROM `hazards`;
-- drop "hazards" table after copying rows
DROP TABLE `hazards`;
-- rename temporary table "new_hazards" to "hazards"
ALTER TABLE `new_hazards` RENAME TO `hazards`;
-- create index "hazard_tenant_id_code" to table: "hazards"
CREATE UNIQUE INDEX `hazard_tenant_id_code` ON `hazards` (`tenant_id`, `code`);
-- create index "hazard_tenant_id_deadline_id" to table: "hazards"
CREATE INDEX `hazard_tenant_id_deadline_id` ON `hazards` (`tenant_id`, `deadline`, `id`);
-- create index "hazard_tenant_id_found_on_id" to table: "hazards"
CREATE INDEX `hazard_tenant_id_found_on_id` ON `hazards` (`tenant_id`, `found_on`, `id`);
-- create index "hazard_tenant_id_status_deadline_id" to table: "hazards"
CREATE INDEX `hazard_tenant_id_status_deadline_id` ON `hazards` (`tenant_id`, `status`, `deadline`, `id`);
-- create index "hazard_tenant_id_company_id_deadline_id" to table: "hazards"
CREATE INDEX `hazard_tenant_id_company_id_deadline_id` ON `hazards` (`tenant_id`, `company_id`, `deadline`, `id`);
-- create index "hazard_tenant_id_street_id_deadline_id" to table: "hazards"
CREATE INDEX `hazard_tenant_id_street_id_deadline_id` ON `hazards` (`tenant_id`, `street_id`, `deadline`, `id`);
-- create index "hazard_tenant_id_category_deadline_id" to table: "hazards"
CREATE INDEX `hazard_tenant_id_category_deadline_id` ON `hazards` (`tenant_id`, `category`, `deadline`, `id`);
-- create index "hazard_tenant_id_community_id_deadline_id" to table: "hazards"
CREATE INDEX `hazard_tenant_id_community_id_deadline_id` ON `hazards` (`tenant_id`, `community_id`, `deadline`, `id`);
-- create index "hazard_tenant_id_company_id_status_deadline_id" to table: "hazards"
CREATE INDEX `hazard_tenant_id_company_id_status_deadline_id` ON `hazards` (`tenant_id`, `company_id`, `status`, `deadline`, `id`);
-- create index "hazard_tenant_id_street_id_status_deadline_id" to table: "hazards"
CREATE INDEX `hazard_tenant_id_street_id_status_deadline_id` ON `hazards` (`tenant_id`, `street_id`, `status`, `deadline`, `id`);
-- create index "hazard_open_tenant_id_deadline_id" to table: "hazards"
CREATE INDEX `hazard_open_tenant_id_deadline_id` ON `hazards` (`tenant_id`, `deadline`, `id`) WHERE status <> 'verified';
-- create "counters" table
CREATE TABLE `counters` (`id` uuid NOT NULL, `series` text NOT NULL, `year` integer NOT NULL, `last` integer NOT NULL, `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `counters_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- create index "counter_tenant_id_series_year" to table: "counters"
CREATE UNIQUE INDEX `counter_tenant_id_series_year` ON `counters` (`tenant_id`, `series`, `year`);
-- the counters go on from the numbers given above (ids: random version-4 UUIDs)
INSERT INTO `counters` (`id`, `series`, `year`, `last`, `tenant_id`)
SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' ||
       substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))),
       'hazard', CAST(substr(`code`, 4, 4) AS integer), count(*), `tenant_id`
FROM `hazards` GROUP BY `tenant_id`, substr(`code`, 4, 4);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "counter_tenant_id_series_year" to table: "counters"
DROP INDEX `counter_tenant_id_series_year`;
-- reverse: create "counters" table
DROP TABLE `counters`;
-- reverse: create index "hazard_open_tenant_id_deadline_id" to table: "hazards"
DROP INDEX `hazard_open_tenant_id_deadline_id`;
-- reverse: create index "hazard_tenant_id_street_id_status_deadline_id" to table: "hazards"
DROP INDEX `hazard_tenant_id_street_id_status_deadline_id`;
-- reverse: create index "hazard_tenant_id_company_id_status_deadline_id" to table: "hazards"
DROP INDEX `hazard_tenant_id_company_id_status_deadline_id`;
-- reverse: create index "hazard_tenant_id_community_id_deadline_id" to table: "hazards"
DROP INDEX `hazard_tenant_id_community_id_deadline_id`;
-- reverse: create index "hazard_tenant_id_category_deadline_id" to table: "hazards"
DROP INDEX `hazard_tenant_id_category_deadline_id`;
-- reverse: create index "hazard_tenant_id_street_id_deadline_id" to table: "hazards"
DROP INDEX `hazard_tenant_id_street_id_deadline_id`;
-- reverse: create index "hazard_tenant_id_company_id_deadline_id" to table: "hazards"
DROP INDEX `hazard_tenant_id_company_id_deadline_id`;
-- reverse: create index "hazard_tenant_id_status_deadline_id" to table: "hazards"
DROP INDEX `hazard_tenant_id_status_deadline_id`;
-- reverse: create index "hazard_tenant_id_found_on_id" to table: "hazards"
DROP INDEX `hazard_tenant_id_found_on_id`;
-- reverse: create index "hazard_tenant_id_deadline_id" to table: "hazards"
DROP INDEX `hazard_tenant_id_deadline_id`;
-- reverse: create index "hazard_tenant_id_code" to table: "hazards"
DROP INDEX `hazard_tenant_id_code`;
-- reverse: create "new_hazards" table
DROP TABLE `new_hazards`;

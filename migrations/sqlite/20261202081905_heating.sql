-- +goose NO TRANSACTION
-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_hazards" table
CREATE TABLE `new_hazards` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `company_id` uuid NOT NULL, `street_id` uuid NOT NULL, `code` text NOT NULL, `community_id` uuid NULL, `address` text NOT NULL, `lat` real NULL, `lng` real NULL, `category` text NOT NULL, `level` text NOT NULL, `source` text NOT NULL, `found_on` text NOT NULL, `description` text NOT NULL, `measure` text NOT NULL DEFAULT (''), `responsible_person` text NOT NULL DEFAULT (''), `responsible_phone` text NOT NULL DEFAULT (''), `deadline` text NOT NULL, `original_deadline` text NOT NULL, `status` text NOT NULL DEFAULT ('reported'), `rectification_note` text NOT NULL DEFAULT (''), `created_by` uuid NULL, `verified_by` uuid NULL, `verified_by_name` text NOT NULL DEFAULT (''), `verified_on` text NULL, `site_id` uuid NULL, `equipment_id` uuid NULL, `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `hazards_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- copy rows from old table "hazards" to new temporary table "new_hazards"
INSERT INTO `new_hazards` (`id`, `created_at`, `updated_at`, `version`, `company_id`, `street_id`, `code`, `community_id`, `address`, `lat`, `lng`, `category`, `level`, `source`, `found_on`, `description`, `measure`, `responsible_person`, `responsible_phone`, `deadline`, `original_deadline`, `status`, `rectification_note`, `created_by`, `verified_by`, `verified_by_name`, `verified_on`, `tenant_id`) SELECT `id`, `created_at`, `updated_at`, `version`, `company_id`, `street_id`, `code`, `community_id`, `address`, `lat`, `lng`, `category`, `level`, `source`, `found_on`, `description`, `measure`, `responsible_person`, `responsible_phone`, `deadline`, `original_deadline`, `status`, `rectification_note`, `created_by`, `verified_by`, `verified_by_name`, `verified_on`, `tenant_id` FROM `hazards`;
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
-- create index "hazard_site_id" to table: "hazards"
CREATE INDEX `hazard_site_id` ON `hazards` (`site_id`);
-- create index "hazard_equipment_id" to table: "hazards"
CREATE INDEX `hazard_equipment_id` ON `hazards` (`equipment_id`);
-- create index "hazard_open_tenant_id_deadline_id" to table: "hazards"
CREATE INDEX `hazard_open_tenant_id_deadline_id` ON `hazards` (`tenant_id`, `deadline`, `id`) WHERE status <> 'verified';
-- create "documents" table
CREATE TABLE `documents` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `company_id` uuid NOT NULL, `street_id` uuid NOT NULL, `owner` text NOT NULL, `owner_id` uuid NOT NULL, `filename` text NOT NULL, `content_type` text NOT NULL, `size` integer NOT NULL, `sha256` text NOT NULL, `storage_key` text NOT NULL, `uploaded_by` uuid NOT NULL, `uploaded_by_name` text NOT NULL, `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `documents_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- create index "document_owner_owner_id" to table: "documents"
CREATE INDEX `document_owner_owner_id` ON `documents` (`owner`, `owner_id`);
-- create "equipment" table
CREATE TABLE `equipment` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `company_id` uuid NOT NULL, `street_id` uuid NOT NULL, `kind` text NOT NULL, `name` text NOT NULL, `special` bool NOT NULL DEFAULT (false), `equipment_code` text NOT NULL DEFAULT (''), `registration_no` text NOT NULL DEFAULT (''), `serial_no` text NOT NULL DEFAULT (''), `model` text NOT NULL DEFAULT (''), `manufacturer` text NOT NULL DEFAULT (''), `rated` json NULL, `commissioned_on` text NULL, `status` text NOT NULL DEFAULT ('in_service'), `condition` text NOT NULL DEFAULT ('unknown'), `state` text NULL, `next_due_on` text NULL, `safety_grade` integer NULL, `internal_blocked` bool NOT NULL DEFAULT (false), `note` text NOT NULL DEFAULT (''), `tenant_id` uuid NOT NULL, `parent_id` uuid NULL, `site_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `equipment_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `equipment_equipment_accessories` FOREIGN KEY (`parent_id`) REFERENCES `equipment` (`id`) ON DELETE SET NULL, CONSTRAINT `equipment_sites_equipment` FOREIGN KEY (`site_id`) REFERENCES `sites` (`id`) ON DELETE NO ACTION);
-- create index "equipment_tenant_id_id" to table: "equipment"
CREATE INDEX `equipment_tenant_id_id` ON `equipment` (`tenant_id`, `id`);
-- create index "equipment_tenant_id_company_id_id" to table: "equipment"
CREATE INDEX `equipment_tenant_id_company_id_id` ON `equipment` (`tenant_id`, `company_id`, `id`);
-- create index "equipment_tenant_id_street_id_id" to table: "equipment"
CREATE INDEX `equipment_tenant_id_street_id_id` ON `equipment` (`tenant_id`, `street_id`, `id`);
-- create index "equipment_tenant_id_site_id_id" to table: "equipment"
CREATE INDEX `equipment_tenant_id_site_id_id` ON `equipment` (`tenant_id`, `site_id`, `id`);
-- create index "equipment_tenant_id_kind_id" to table: "equipment"
CREATE INDEX `equipment_tenant_id_kind_id` ON `equipment` (`tenant_id`, `kind`, `id`);
-- create index "equipment_tenant_id_state_id" to table: "equipment"
CREATE INDEX `equipment_tenant_id_state_id` ON `equipment` (`tenant_id`, `state`, `id`);
-- create index "equipment_tenant_id_condition_id" to table: "equipment"
CREATE INDEX `equipment_tenant_id_condition_id` ON `equipment` (`tenant_id`, `condition`, `id`);
-- create index "equipment_tenant_id_next_due_on_id" to table: "equipment"
CREATE INDEX `equipment_tenant_id_next_due_on_id` ON `equipment` (`tenant_id`, `next_due_on`, `id`);
-- create index "equipment_tenant_id_company_id_state_id" to table: "equipment"
CREATE INDEX `equipment_tenant_id_company_id_state_id` ON `equipment` (`tenant_id`, `company_id`, `state`, `id`);
-- create index "equipment_parent_id" to table: "equipment"
CREATE INDEX `equipment_parent_id` ON `equipment` (`parent_id`);
-- create "inspection_clocks" table
CREATE TABLE `inspection_clocks` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `company_id` uuid NOT NULL, `street_id` uuid NOT NULL, `type` text NOT NULL, `due_on` text NULL, `last_record_id` uuid NULL, `last_performed_on` text NULL, `state` text NOT NULL, `lead_days` integer NOT NULL DEFAULT (30), `readiness` text NOT NULL, `equipment_id` uuid NOT NULL, `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `inspection_clocks_equipment_clocks` FOREIGN KEY (`equipment_id`) REFERENCES `equipment` (`id`) ON DELETE NO ACTION, CONSTRAINT `inspection_clocks_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- create index "inspectionclock_equipment_id_type" to table: "inspection_clocks"
CREATE UNIQUE INDEX `inspectionclock_equipment_id_type` ON `inspection_clocks` (`equipment_id`, `type`);
-- create index "inspectionclock_tenant_id_due_on_id" to table: "inspection_clocks"
CREATE INDEX `inspectionclock_tenant_id_due_on_id` ON `inspection_clocks` (`tenant_id`, `due_on`, `id`);
-- create index "inspectionclock_tenant_id_state_due_on_id" to table: "inspection_clocks"
CREATE INDEX `inspectionclock_tenant_id_state_due_on_id` ON `inspection_clocks` (`tenant_id`, `state`, `due_on`, `id`);
-- create index "inspectionclock_tenant_id_company_id_due_on_id" to table: "inspection_clocks"
CREATE INDEX `inspectionclock_tenant_id_company_id_due_on_id` ON `inspection_clocks` (`tenant_id`, `company_id`, `due_on`, `id`);
-- create "inspection_records" table
CREATE TABLE `inspection_records` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `company_id` uuid NOT NULL, `street_id` uuid NOT NULL, `type` text NOT NULL, `performed_on` text NOT NULL, `agency` text NOT NULL DEFAULT (''), `agency_code` text NOT NULL DEFAULT (''), `report_no` text NOT NULL DEFAULT (''), `conclusion` text NOT NULL, `safety_grade` integer NULL, `main_issues` text NOT NULL DEFAULT (''), `next_due_on` text NULL, `sealed` bool NOT NULL DEFAULT (false), `set_pressure` text NOT NULL DEFAULT (''), `supersedes_id` uuid NULL, `hazard_id` uuid NULL, `recorded_by` uuid NULL, `recorded_by_name` text NOT NULL DEFAULT (''), `equipment_id` uuid NOT NULL, `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `inspection_records_equipment_inspections` FOREIGN KEY (`equipment_id`) REFERENCES `equipment` (`id`) ON DELETE NO ACTION, CONSTRAINT `inspection_records_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- create index "inspectionrecord_equipment_id_type_performed_on_id" to table: "inspection_records"
CREATE INDEX `inspectionrecord_equipment_id_type_performed_on_id` ON `inspection_records` (`equipment_id`, `type`, `performed_on`, `id`);
-- create index "inspectionrecord_tenant_id_performed_on_id" to table: "inspection_records"
CREATE INDEX `inspectionrecord_tenant_id_performed_on_id` ON `inspection_records` (`tenant_id`, `performed_on`, `id`);
-- create "inspection_rules" table
CREATE TABLE `inspection_rules` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `equipment_kind` text NOT NULL, `type` text NOT NULL, `interval_months` integer NOT NULL, `first_months` integer NULL, `grade_months` json NULL, `lead_days` integer NOT NULL, `readiness` text NOT NULL, `enabled` bool NOT NULL DEFAULT (true), `basis` text NOT NULL DEFAULT (''), `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `inspection_rules_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- create index "inspectionrule_tenant_id_equipment_kind_type" to table: "inspection_rules"
CREATE UNIQUE INDEX `inspectionrule_tenant_id_equipment_kind_type` ON `inspection_rules` (`tenant_id`, `equipment_kind`, `type`);
-- create "readiness_acceptances" table
CREATE TABLE `readiness_acceptances` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `company_id` uuid NOT NULL, `result` text NOT NULL, `inspected_on` text NOT NULL, `inspector_org_id` uuid NOT NULL, `inspector_name` text NOT NULL, `note` text NOT NULL DEFAULT (''), `item_ids` json NULL, `hazard_ids` json NULL, `tenant_id` uuid NOT NULL, `plan_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `readiness_acceptances_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `readiness_acceptances_readiness_plans_acceptances` FOREIGN KEY (`plan_id`) REFERENCES `readiness_plans` (`id`) ON DELETE NO ACTION);
-- create index "readinessacceptance_plan_id_created_at" to table: "readiness_acceptances"
CREATE INDEX `readinessacceptance_plan_id_created_at` ON `readiness_acceptances` (`plan_id`, `created_at`);
-- create "readiness_events" table
CREATE TABLE `readiness_events` (`id` uuid NOT NULL, `company_id` uuid NOT NULL, `item_id` uuid NULL, `action` text NOT NULL, `from_status` text NOT NULL DEFAULT (''), `to_status` text NOT NULL DEFAULT (''), `note` text NOT NULL DEFAULT (''), `details` json NULL, `actor_id` uuid NULL, `actor` text NOT NULL, `at` datetime NOT NULL, `tenant_id` uuid NOT NULL, `plan_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `readiness_events_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `readiness_events_readiness_plans_events` FOREIGN KEY (`plan_id`) REFERENCES `readiness_plans` (`id`) ON DELETE NO ACTION);
-- create index "readinessevent_plan_id_at_id" to table: "readiness_events"
CREATE INDEX `readinessevent_plan_id_at_id` ON `readiness_events` (`plan_id`, `at`, `id`);
-- create "readiness_items" table
CREATE TABLE `readiness_items` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `company_id` uuid NOT NULL, `street_id` uuid NOT NULL, `season_id` uuid NOT NULL, `category` text NOT NULL, `site_id` uuid NULL, `equipment_id` uuid NULL, `title` text NOT NULL, `description` text NOT NULL DEFAULT (''), `qty_planned` real NOT NULL DEFAULT (0), `qty_done` real NOT NULL DEFAULT (0), `unit` text NOT NULL DEFAULT (''), `due_on` text NOT NULL, `responsible_person` text NOT NULL DEFAULT (''), `responsible_phone` text NOT NULL DEFAULT (''), `status` text NOT NULL DEFAULT ('todo'), `source` text NOT NULL DEFAULT ('manual'), `source_key` text NULL, `hazard_id` uuid NULL, `note` text NOT NULL DEFAULT (''), `verified_by_name` text NOT NULL DEFAULT (''), `done_on` text NULL, `tenant_id` uuid NOT NULL, `plan_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `readiness_items_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `readiness_items_readiness_plans_items` FOREIGN KEY (`plan_id`) REFERENCES `readiness_plans` (`id`) ON DELETE NO ACTION);
-- create index "readinessitem_plan_id_source_key" to table: "readiness_items"
CREATE UNIQUE INDEX `readinessitem_plan_id_source_key` ON `readiness_items` (`plan_id`, `source_key`);
-- create index "readinessitem_plan_id_due_on_id" to table: "readiness_items"
CREATE INDEX `readinessitem_plan_id_due_on_id` ON `readiness_items` (`plan_id`, `due_on`, `id`);
-- create index "readinessitem_tenant_id_season_id_status" to table: "readiness_items"
CREATE INDEX `readinessitem_tenant_id_season_id_status` ON `readiness_items` (`tenant_id`, `season_id`, `status`);
-- create index "readinessitem_tenant_id_street_id_due_on_id" to table: "readiness_items"
CREATE INDEX `readinessitem_tenant_id_street_id_due_on_id` ON `readiness_items` (`tenant_id`, `street_id`, `due_on`, `id`);
-- create index "readinessitem_tenant_id_due_on_id" to table: "readiness_items"
CREATE INDEX `readinessitem_tenant_id_due_on_id` ON `readiness_items` (`tenant_id`, `due_on`, `id`);
-- create "readiness_plans" table
CREATE TABLE `readiness_plans` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `season_id` uuid NOT NULL, `company_id` uuid NOT NULL, `status` text NOT NULL DEFAULT ('in_progress'), `declared_at` datetime NULL, `declared_by_name` text NOT NULL DEFAULT (''), `result` text NULL, `decided_at` datetime NULL, `note` text NOT NULL DEFAULT (''), `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `readiness_plans_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- create index "readinessplan_tenant_id_season_id_company_id" to table: "readiness_plans"
CREATE UNIQUE INDEX `readinessplan_tenant_id_season_id_company_id` ON `readiness_plans` (`tenant_id`, `season_id`, `company_id`);
-- create index "readinessplan_tenant_id_company_id_id" to table: "readiness_plans"
CREATE INDEX `readinessplan_tenant_id_company_id_id` ON `readiness_plans` (`tenant_id`, `company_id`, `id`);
-- create "seasons" table
CREATE TABLE `seasons` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `code` text NOT NULL, `campaign_start` text NOT NULL, `trial_run_start` text NOT NULL, `readiness_deadline` text NOT NULL, `heating_start` text NOT NULL, `heating_end` text NOT NULL, `summary_days` json NULL, `status` text NOT NULL DEFAULT ('campaign_open'), `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `seasons_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- create index "season_tenant_id_code" to table: "seasons"
CREATE UNIQUE INDEX `season_tenant_id_code` ON `seasons` (`tenant_id`, `code`);
-- create "sites" table
CREATE TABLE `sites` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `company_id` uuid NOT NULL, `street_id` uuid NOT NULL, `kind` text NOT NULL, `name` text NOT NULL, `community_id` uuid NULL, `address` text NOT NULL DEFAULT (''), `lat` real NULL, `lng` real NULL, `capacity_mw` real NULL, `heating_area_m2` real NULL, `households` integer NULL, `commissioned_on` text NULL, `status` text NOT NULL DEFAULT ('in_service'), `note` text NOT NULL DEFAULT (''), `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `sites_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- create index "site_tenant_id_company_id_name" to table: "sites"
CREATE UNIQUE INDEX `site_tenant_id_company_id_name` ON `sites` (`tenant_id`, `company_id`, `name`);
-- create index "site_tenant_id_street_id_id" to table: "sites"
CREATE INDEX `site_tenant_id_street_id_id` ON `sites` (`tenant_id`, `street_id`, `id`);
-- create index "site_tenant_id_company_id_id" to table: "sites"
CREATE INDEX `site_tenant_id_company_id_id` ON `sites` (`tenant_id`, `company_id`, `id`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "site_tenant_id_company_id_id" to table: "sites"
DROP INDEX `site_tenant_id_company_id_id`;
-- reverse: create index "site_tenant_id_street_id_id" to table: "sites"
DROP INDEX `site_tenant_id_street_id_id`;
-- reverse: create index "site_tenant_id_company_id_name" to table: "sites"
DROP INDEX `site_tenant_id_company_id_name`;
-- reverse: create "sites" table
DROP TABLE `sites`;
-- reverse: create index "season_tenant_id_code" to table: "seasons"
DROP INDEX `season_tenant_id_code`;
-- reverse: create "seasons" table
DROP TABLE `seasons`;
-- reverse: create index "readinessplan_tenant_id_company_id_id" to table: "readiness_plans"
DROP INDEX `readinessplan_tenant_id_company_id_id`;
-- reverse: create index "readinessplan_tenant_id_season_id_company_id" to table: "readiness_plans"
DROP INDEX `readinessplan_tenant_id_season_id_company_id`;
-- reverse: create "readiness_plans" table
DROP TABLE `readiness_plans`;
-- reverse: create index "readinessitem_tenant_id_due_on_id" to table: "readiness_items"
DROP INDEX `readinessitem_tenant_id_due_on_id`;
-- reverse: create index "readinessitem_tenant_id_street_id_due_on_id" to table: "readiness_items"
DROP INDEX `readinessitem_tenant_id_street_id_due_on_id`;
-- reverse: create index "readinessitem_tenant_id_season_id_status" to table: "readiness_items"
DROP INDEX `readinessitem_tenant_id_season_id_status`;
-- reverse: create index "readinessitem_plan_id_due_on_id" to table: "readiness_items"
DROP INDEX `readinessitem_plan_id_due_on_id`;
-- reverse: create index "readinessitem_plan_id_source_key" to table: "readiness_items"
DROP INDEX `readinessitem_plan_id_source_key`;
-- reverse: create "readiness_items" table
DROP TABLE `readiness_items`;
-- reverse: create index "readinessevent_plan_id_at_id" to table: "readiness_events"
DROP INDEX `readinessevent_plan_id_at_id`;
-- reverse: create "readiness_events" table
DROP TABLE `readiness_events`;
-- reverse: create index "readinessacceptance_plan_id_created_at" to table: "readiness_acceptances"
DROP INDEX `readinessacceptance_plan_id_created_at`;
-- reverse: create "readiness_acceptances" table
DROP TABLE `readiness_acceptances`;
-- reverse: create index "inspectionrule_tenant_id_equipment_kind_type" to table: "inspection_rules"
DROP INDEX `inspectionrule_tenant_id_equipment_kind_type`;
-- reverse: create "inspection_rules" table
DROP TABLE `inspection_rules`;
-- reverse: create index "inspectionrecord_tenant_id_performed_on_id" to table: "inspection_records"
DROP INDEX `inspectionrecord_tenant_id_performed_on_id`;
-- reverse: create index "inspectionrecord_equipment_id_type_performed_on_id" to table: "inspection_records"
DROP INDEX `inspectionrecord_equipment_id_type_performed_on_id`;
-- reverse: create "inspection_records" table
DROP TABLE `inspection_records`;
-- reverse: create index "inspectionclock_tenant_id_company_id_due_on_id" to table: "inspection_clocks"
DROP INDEX `inspectionclock_tenant_id_company_id_due_on_id`;
-- reverse: create index "inspectionclock_tenant_id_state_due_on_id" to table: "inspection_clocks"
DROP INDEX `inspectionclock_tenant_id_state_due_on_id`;
-- reverse: create index "inspectionclock_tenant_id_due_on_id" to table: "inspection_clocks"
DROP INDEX `inspectionclock_tenant_id_due_on_id`;
-- reverse: create index "inspectionclock_equipment_id_type" to table: "inspection_clocks"
DROP INDEX `inspectionclock_equipment_id_type`;
-- reverse: create "inspection_clocks" table
DROP TABLE `inspection_clocks`;
-- reverse: create index "equipment_parent_id" to table: "equipment"
DROP INDEX `equipment_parent_id`;
-- reverse: create index "equipment_tenant_id_company_id_state_id" to table: "equipment"
DROP INDEX `equipment_tenant_id_company_id_state_id`;
-- reverse: create index "equipment_tenant_id_next_due_on_id" to table: "equipment"
DROP INDEX `equipment_tenant_id_next_due_on_id`;
-- reverse: create index "equipment_tenant_id_condition_id" to table: "equipment"
DROP INDEX `equipment_tenant_id_condition_id`;
-- reverse: create index "equipment_tenant_id_state_id" to table: "equipment"
DROP INDEX `equipment_tenant_id_state_id`;
-- reverse: create index "equipment_tenant_id_kind_id" to table: "equipment"
DROP INDEX `equipment_tenant_id_kind_id`;
-- reverse: create index "equipment_tenant_id_site_id_id" to table: "equipment"
DROP INDEX `equipment_tenant_id_site_id_id`;
-- reverse: create index "equipment_tenant_id_street_id_id" to table: "equipment"
DROP INDEX `equipment_tenant_id_street_id_id`;
-- reverse: create index "equipment_tenant_id_company_id_id" to table: "equipment"
DROP INDEX `equipment_tenant_id_company_id_id`;
-- reverse: create index "equipment_tenant_id_id" to table: "equipment"
DROP INDEX `equipment_tenant_id_id`;
-- reverse: create "equipment" table
DROP TABLE `equipment`;
-- reverse: create index "document_owner_owner_id" to table: "documents"
DROP INDEX `document_owner_owner_id`;
-- reverse: create "documents" table
DROP TABLE `documents`;
-- reverse: create index "hazard_open_tenant_id_deadline_id" to table: "hazards"
DROP INDEX `hazard_open_tenant_id_deadline_id`;
-- reverse: create index "hazard_equipment_id" to table: "hazards"
DROP INDEX `hazard_equipment_id`;
-- reverse: create index "hazard_site_id" to table: "hazards"
DROP INDEX `hazard_site_id`;
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

-- +goose Up
-- create "hazard_attachments" table
CREATE TABLE `hazard_attachments` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `company_id` uuid NOT NULL, `street_id` uuid NOT NULL, `stage` text NOT NULL, `filename` text NOT NULL, `content_type` text NOT NULL, `size` integer NOT NULL, `sha256` text NOT NULL, `storage_key` text NOT NULL, `uploaded_by` uuid NOT NULL, `uploaded_by_name` text NOT NULL, `tenant_id` uuid NOT NULL, `hazard_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `hazard_attachments_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `hazard_attachments_hazards_attachments` FOREIGN KEY (`hazard_id`) REFERENCES `hazards` (`id`) ON DELETE NO ACTION);
-- create index "attachment_hazard_id_stage" to table: "hazard_attachments"
CREATE INDEX `attachment_hazard_id_stage` ON `hazard_attachments` (`hazard_id`, `stage`);
-- create "hazard_extensions" table
CREATE TABLE `hazard_extensions` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `company_id` uuid NOT NULL, `street_id` uuid NOT NULL, `requested_deadline` text NOT NULL, `previous_deadline` text NOT NULL, `note` text NOT NULL, `status` text NOT NULL DEFAULT ('pending'), `requested_by` uuid NOT NULL, `requested_by_name` text NOT NULL, `decided_by` uuid NULL, `decided_by_name` text NOT NULL DEFAULT (''), `decided_at` datetime NULL, `decision_note` text NOT NULL DEFAULT (''), `tenant_id` uuid NOT NULL, `hazard_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `hazard_extensions_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `hazard_extensions_hazards_extensions` FOREIGN KEY (`hazard_id`) REFERENCES `hazards` (`id`) ON DELETE NO ACTION);
-- create index "extension_hazard_id_status" to table: "hazard_extensions"
CREATE INDEX `extension_hazard_id_status` ON `hazard_extensions` (`hazard_id`, `status`);
-- create "hazards" table
CREATE TABLE `hazards` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `company_id` uuid NOT NULL, `street_id` uuid NOT NULL, `community_id` uuid NULL, `address` text NOT NULL, `lat` real NULL, `lng` real NULL, `category` text NOT NULL, `level` text NOT NULL, `source` text NOT NULL, `found_on` text NOT NULL, `description` text NOT NULL, `measure` text NOT NULL DEFAULT (''), `responsible_person` text NOT NULL DEFAULT (''), `responsible_phone` text NOT NULL DEFAULT (''), `deadline` text NOT NULL, `original_deadline` text NOT NULL, `status` text NOT NULL DEFAULT ('reported'), `rectification_note` text NOT NULL DEFAULT (''), `created_by` uuid NULL, `verified_by` uuid NULL, `verified_by_name` text NOT NULL DEFAULT (''), `verified_on` text NULL, `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `hazards_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
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
-- create "hazard_events" table
CREATE TABLE `hazard_events` (`id` uuid NOT NULL, `company_id` uuid NOT NULL, `street_id` uuid NOT NULL, `action` text NOT NULL, `from_status` text NOT NULL DEFAULT (''), `to_status` text NOT NULL DEFAULT (''), `note` text NOT NULL DEFAULT (''), `details` json NULL, `actor_id` uuid NULL, `actor` text NOT NULL, `at` datetime NOT NULL, `hazard_id` uuid NOT NULL, `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `hazard_events_hazards_events` FOREIGN KEY (`hazard_id`) REFERENCES `hazards` (`id`) ON DELETE NO ACTION, CONSTRAINT `hazard_events_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- create index "hazardevent_hazard_id_at" to table: "hazard_events"
CREATE INDEX `hazardevent_hazard_id_at` ON `hazard_events` (`hazard_id`, `at`);
-- create "idempotency_keys" table
CREATE TABLE `idempotency_keys` (`id` uuid NOT NULL, `user_id` uuid NOT NULL, `key` text NOT NULL, `request_hash` text NOT NULL, `status` integer NOT NULL DEFAULT (0), `body` blob NULL, `headers` json NULL, `created_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- create index "idempotencykey_user_id_key" to table: "idempotency_keys"
CREATE UNIQUE INDEX `idempotencykey_user_id_key` ON `idempotency_keys` (`user_id`, `key`);
-- create index "idempotencykey_created_at" to table: "idempotency_keys"
CREATE INDEX `idempotencykey_created_at` ON `idempotency_keys` (`created_at`);

-- +goose Down
-- reverse: create index "idempotencykey_created_at" to table: "idempotency_keys"
DROP INDEX `idempotencykey_created_at`;
-- reverse: create index "idempotencykey_user_id_key" to table: "idempotency_keys"
DROP INDEX `idempotencykey_user_id_key`;
-- reverse: create "idempotency_keys" table
DROP TABLE `idempotency_keys`;
-- reverse: create index "hazardevent_hazard_id_at" to table: "hazard_events"
DROP INDEX `hazardevent_hazard_id_at`;
-- reverse: create "hazard_events" table
DROP TABLE `hazard_events`;
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
-- reverse: create "hazards" table
DROP TABLE `hazards`;
-- reverse: create index "extension_hazard_id_status" to table: "hazard_extensions"
DROP INDEX `extension_hazard_id_status`;
-- reverse: create "hazard_extensions" table
DROP TABLE `hazard_extensions`;
-- reverse: create index "attachment_hazard_id_stage" to table: "hazard_attachments"
DROP INDEX `attachment_hazard_id_stage`;
-- reverse: create "hazard_attachments" table
DROP TABLE `hazard_attachments`;

-- +goose Up
-- create "audit_entries" table
CREATE TABLE `audit_entries` (`id` uuid NOT NULL, `seq` integer NOT NULL, `at` datetime NOT NULL, `actor_id` uuid NULL, `actor` text NOT NULL, `action` text NOT NULL, `record_type` text NOT NULL, `record_id` uuid NOT NULL, `before` text NOT NULL DEFAULT (''), `after` text NOT NULL DEFAULT (''), `prev_hash` text NOT NULL, `hash` text NOT NULL, `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `audit_entries_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- create index "auditentry_tenant_id_seq" to table: "audit_entries"
CREATE UNIQUE INDEX `auditentry_tenant_id_seq` ON `audit_entries` (`tenant_id`, `seq`);
-- create index "auditentry_tenant_id_record_type_record_id_seq" to table: "audit_entries"
CREATE INDEX `auditentry_tenant_id_record_type_record_id_seq` ON `audit_entries` (`tenant_id`, `record_type`, `record_id`, `seq`);
-- create "audit_heads" table
CREATE TABLE `audit_heads` (`id` uuid NOT NULL, `seq` integer NOT NULL DEFAULT (0), `hash` text NOT NULL DEFAULT (''), PRIMARY KEY (`id`));
-- create "casbin_rules" table
CREATE TABLE `casbin_rules` (`id` uuid NOT NULL, `ptype` text NOT NULL, `v0` text NOT NULL DEFAULT (''), `v1` text NOT NULL DEFAULT (''), `v2` text NOT NULL DEFAULT (''), `v3` text NOT NULL DEFAULT (''), `v4` text NOT NULL DEFAULT (''), `v5` text NOT NULL DEFAULT (''), PRIMARY KEY (`id`));
-- create index "casbinrule_ptype_v0_v1_v2_v3_v4_v5" to table: "casbin_rules"
CREATE UNIQUE INDEX `casbinrule_ptype_v0_v1_v2_v3_v4_v5` ON `casbin_rules` (`ptype`, `v0`, `v1`, `v2`, `v3`, `v4`, `v5`);
-- create index "casbinrule_v2" to table: "casbin_rules"
CREATE INDEX `casbinrule_v2` ON `casbin_rules` (`v2`);
-- create "operators" table
CREATE TABLE `operators` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `username` text NOT NULL, `password_hash` text NOT NULL, `disabled` bool NOT NULL DEFAULT (false), `token_version` integer NOT NULL DEFAULT (1), PRIMARY KEY (`id`));
-- create index "operators_username_key" to table: "operators"
CREATE UNIQUE INDEX `operators_username_key` ON `operators` (`username`);
-- create "orgs" table
CREATE TABLE `orgs` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `name` text NOT NULL, `kind` text NOT NULL, `disabled` bool NOT NULL DEFAULT (false), `tenant_id` uuid NOT NULL, `parent_id` uuid NULL, PRIMARY KEY (`id`), CONSTRAINT `orgs_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `orgs_orgs_children` FOREIGN KEY (`parent_id`) REFERENCES `orgs` (`id`) ON DELETE SET NULL);
-- create index "org_tenant_id_name" to table: "orgs"
CREATE UNIQUE INDEX `org_tenant_id_name` ON `orgs` (`tenant_id`, `name`);
-- create index "org_tenant_id_kind" to table: "orgs"
CREATE INDEX `org_tenant_id_kind` ON `orgs` (`tenant_id`, `kind`);
-- create index "org_parent_id" to table: "orgs"
CREATE INDEX `org_parent_id` ON `orgs` (`parent_id`);
-- create "tenants" table
CREATE TABLE `tenants` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `slug` text NOT NULL, `name` text NOT NULL, `timezone` text NOT NULL DEFAULT ('Asia/Shanghai'), `disabled` bool NOT NULL DEFAULT (false), PRIMARY KEY (`id`));
-- create index "tenants_slug_key" to table: "tenants"
CREATE UNIQUE INDEX `tenants_slug_key` ON `tenants` (`slug`);
-- create "users" table
CREATE TABLE `users` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `username` text NOT NULL, `password_hash` text NOT NULL, `display_name` text NOT NULL DEFAULT (''), `disabled` bool NOT NULL DEFAULT (false), `token_version` integer NOT NULL DEFAULT (1), `org_id` uuid NOT NULL, `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `users_orgs_users` FOREIGN KEY (`org_id`) REFERENCES `orgs` (`id`) ON DELETE NO ACTION, CONSTRAINT `users_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- create index "user_tenant_id_username" to table: "users"
CREATE UNIQUE INDEX `user_tenant_id_username` ON `users` (`tenant_id`, `username`);
-- create index "user_org_id" to table: "users"
CREATE INDEX `user_org_id` ON `users` (`org_id`);

-- +goose Down
-- reverse: create index "user_org_id" to table: "users"
DROP INDEX `user_org_id`;
-- reverse: create index "user_tenant_id_username" to table: "users"
DROP INDEX `user_tenant_id_username`;
-- reverse: create "users" table
DROP TABLE `users`;
-- reverse: create index "tenants_slug_key" to table: "tenants"
DROP INDEX `tenants_slug_key`;
-- reverse: create "tenants" table
DROP TABLE `tenants`;
-- reverse: create index "org_parent_id" to table: "orgs"
DROP INDEX `org_parent_id`;
-- reverse: create index "org_tenant_id_kind" to table: "orgs"
DROP INDEX `org_tenant_id_kind`;
-- reverse: create index "org_tenant_id_name" to table: "orgs"
DROP INDEX `org_tenant_id_name`;
-- reverse: create "orgs" table
DROP TABLE `orgs`;
-- reverse: create index "operators_username_key" to table: "operators"
DROP INDEX `operators_username_key`;
-- reverse: create "operators" table
DROP TABLE `operators`;
-- reverse: create index "casbinrule_v2" to table: "casbin_rules"
DROP INDEX `casbinrule_v2`;
-- reverse: create index "casbinrule_ptype_v0_v1_v2_v3_v4_v5" to table: "casbin_rules"
DROP INDEX `casbinrule_ptype_v0_v1_v2_v3_v4_v5`;
-- reverse: create "casbin_rules" table
DROP TABLE `casbin_rules`;
-- reverse: create "audit_heads" table
DROP TABLE `audit_heads`;
-- reverse: create index "auditentry_tenant_id_record_type_record_id_seq" to table: "audit_entries"
DROP INDEX `auditentry_tenant_id_record_type_record_id_seq`;
-- reverse: create index "auditentry_tenant_id_seq" to table: "audit_entries"
DROP INDEX `auditentry_tenant_id_seq`;
-- reverse: create "audit_entries" table
DROP TABLE `audit_entries`;

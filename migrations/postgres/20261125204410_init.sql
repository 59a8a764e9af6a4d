-- +goose Up
-- create "audit_heads" table
CREATE TABLE "audit_heads" ("id" uuid NOT NULL, "seq" bigint NOT NULL DEFAULT 0, "hash" character varying NOT NULL DEFAULT '', PRIMARY KEY ("id"));
-- create "casbin_rules" table
CREATE TABLE "casbin_rules" ("id" uuid NOT NULL, "ptype" character varying NOT NULL, "v0" character varying NOT NULL DEFAULT '', "v1" character varying NOT NULL DEFAULT '', "v2" character varying NOT NULL DEFAULT '', "v3" character varying NOT NULL DEFAULT '', "v4" character varying NOT NULL DEFAULT '', "v5" character varying NOT NULL DEFAULT '', PRIMARY KEY ("id"));
-- create index "casbinrule_ptype_v0_v1_v2_v3_v4_v5" to table: "casbin_rules"
CREATE UNIQUE INDEX "casbinrule_ptype_v0_v1_v2_v3_v4_v5" ON "casbin_rules" ("ptype", "v0", "v1", "v2", "v3", "v4", "v5");
-- create index "casbinrule_v2" to table: "casbin_rules"
CREATE INDEX "casbinrule_v2" ON "casbin_rules" ("v2");
-- create "operators" table
CREATE TABLE "operators" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "username" character varying NOT NULL, "password_hash" character varying NOT NULL, "disabled" boolean NOT NULL DEFAULT false, "token_version" bigint NOT NULL DEFAULT 1, PRIMARY KEY ("id"));
-- create index "operators_username_key" to table: "operators"
CREATE UNIQUE INDEX "operators_username_key" ON "operators" ("username");
-- create "tenants" table
CREATE TABLE "tenants" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version" bigint NOT NULL DEFAULT 1, "slug" character varying NOT NULL, "name" character varying NOT NULL, "timezone" character varying NOT NULL DEFAULT 'Asia/Shanghai', "disabled" boolean NOT NULL DEFAULT false, PRIMARY KEY ("id"));
-- create index "tenants_slug_key" to table: "tenants"
CREATE UNIQUE INDEX "tenants_slug_key" ON "tenants" ("slug");
-- create "audit_entries" table
CREATE TABLE "audit_entries" ("id" uuid NOT NULL, "seq" bigint NOT NULL, "at" timestamptz NOT NULL, "actor_id" uuid NULL, "actor" character varying NOT NULL, "action" character varying NOT NULL, "record_type" character varying NOT NULL, "record_id" uuid NOT NULL, "before" text NOT NULL DEFAULT '', "after" text NOT NULL DEFAULT '', "prev_hash" character varying NOT NULL, "hash" character varying NOT NULL, "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "audit_entries_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "auditentry_tenant_id_record_type_record_id_seq" to table: "audit_entries"
CREATE INDEX "auditentry_tenant_id_record_type_record_id_seq" ON "audit_entries" ("tenant_id", "record_type", "record_id", "seq");
-- create index "auditentry_tenant_id_seq" to table: "audit_entries"
CREATE UNIQUE INDEX "auditentry_tenant_id_seq" ON "audit_entries" ("tenant_id", "seq");
-- create "orgs" table
CREATE TABLE "orgs" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version" bigint NOT NULL DEFAULT 1, "name" character varying NOT NULL, "kind" character varying NOT NULL, "disabled" boolean NOT NULL DEFAULT false, "tenant_id" uuid NOT NULL, "parent_id" uuid NULL, PRIMARY KEY ("id"), CONSTRAINT "orgs_orgs_children" FOREIGN KEY ("parent_id") REFERENCES "orgs" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "orgs_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "org_parent_id" to table: "orgs"
CREATE INDEX "org_parent_id" ON "orgs" ("parent_id");
-- create index "org_tenant_id_kind" to table: "orgs"
CREATE INDEX "org_tenant_id_kind" ON "orgs" ("tenant_id", "kind");
-- create index "org_tenant_id_name" to table: "orgs"
CREATE UNIQUE INDEX "org_tenant_id_name" ON "orgs" ("tenant_id", "name");
-- create "users" table
CREATE TABLE "users" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version" bigint NOT NULL DEFAULT 1, "username" character varying NOT NULL, "password_hash" character varying NOT NULL, "display_name" character varying NOT NULL DEFAULT '', "disabled" boolean NOT NULL DEFAULT false, "token_version" bigint NOT NULL DEFAULT 1, "org_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "users_orgs_users" FOREIGN KEY ("org_id") REFERENCES "orgs" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "users_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "user_org_id" to table: "users"
CREATE INDEX "user_org_id" ON "users" ("org_id");
-- create index "user_tenant_id_username" to table: "users"
CREATE UNIQUE INDEX "user_tenant_id_username" ON "users" ("tenant_id", "username");

-- +goose Down
-- reverse: create index "user_tenant_id_username" to table: "users"
DROP INDEX "user_tenant_id_username";
-- reverse: create index "user_org_id" to table: "users"
DROP INDEX "user_org_id";
-- reverse: create "users" table
DROP TABLE "users";
-- reverse: create index "org_tenant_id_name" to table: "orgs"
DROP INDEX "org_tenant_id_name";
-- reverse: create index "org_tenant_id_kind" to table: "orgs"
DROP INDEX "org_tenant_id_kind";
-- reverse: create index "org_parent_id" to table: "orgs"
DROP INDEX "org_parent_id";
-- reverse: create "orgs" table
DROP TABLE "orgs";
-- reverse: create index "auditentry_tenant_id_seq" to table: "audit_entries"
DROP INDEX "auditentry_tenant_id_seq";
-- reverse: create index "auditentry_tenant_id_record_type_record_id_seq" to table: "audit_entries"
DROP INDEX "auditentry_tenant_id_record_type_record_id_seq";
-- reverse: create "audit_entries" table
DROP TABLE "audit_entries";
-- reverse: create index "tenants_slug_key" to table: "tenants"
DROP INDEX "tenants_slug_key";
-- reverse: create "tenants" table
DROP TABLE "tenants";
-- reverse: create index "operators_username_key" to table: "operators"
DROP INDEX "operators_username_key";
-- reverse: create "operators" table
DROP TABLE "operators";
-- reverse: create index "casbinrule_v2" to table: "casbin_rules"
DROP INDEX "casbinrule_v2";
-- reverse: create index "casbinrule_ptype_v0_v1_v2_v3_v4_v5" to table: "casbin_rules"
DROP INDEX "casbinrule_ptype_v0_v1_v2_v3_v4_v5";
-- reverse: create "casbin_rules" table
DROP TABLE "casbin_rules";
-- reverse: create "audit_heads" table
DROP TABLE "audit_heads";

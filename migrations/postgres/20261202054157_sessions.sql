-- +goose Up
-- create index "extension_tenant_id_status_id" to table: "hazard_extensions"
CREATE INDEX "extension_tenant_id_status_id" ON "hazard_extensions" ("tenant_id", "status", "id");
-- create "sessions" table
CREATE TABLE "sessions" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "account_id" uuid NOT NULL, "operator" boolean NOT NULL DEFAULT false, "tenant_id" uuid NULL, "refresh_jti" uuid NOT NULL, "expires_at" timestamptz NOT NULL, "ended_at" timestamptz NULL, "end_reason" character varying NOT NULL DEFAULT '', PRIMARY KEY ("id"));
-- create index "session_account_id_expires_at" to table: "sessions"
CREATE INDEX "session_account_id_expires_at" ON "sessions" ("account_id", "expires_at");

-- +goose Down
-- reverse: create index "session_account_id_expires_at" to table: "sessions"
DROP INDEX "session_account_id_expires_at";
-- reverse: create "sessions" table
DROP TABLE "sessions";
-- reverse: create index "extension_tenant_id_status_id" to table: "hazard_extensions"
DROP INDEX "extension_tenant_id_status_id";

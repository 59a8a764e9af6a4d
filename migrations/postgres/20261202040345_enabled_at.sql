-- +goose Up
-- modify "orgs" table
ALTER TABLE "orgs" ADD COLUMN "enabled_at" timestamptz NULL;
-- modify "tenants" table
ALTER TABLE "tenants" ADD COLUMN "enabled_at" timestamptz NULL;

-- +goose Down
-- reverse: modify "tenants" table
ALTER TABLE "tenants" DROP COLUMN "enabled_at";
-- reverse: modify "orgs" table
ALTER TABLE "orgs" DROP COLUMN "enabled_at";

-- +goose Up
-- add column "enabled_at" to table: "orgs"
ALTER TABLE `orgs` ADD COLUMN `enabled_at` datetime NULL;
-- add column "enabled_at" to table: "tenants"
ALTER TABLE `tenants` ADD COLUMN `enabled_at` datetime NULL;

-- +goose Down
-- reverse: add column "enabled_at" to table: "tenants"
ALTER TABLE `tenants` DROP COLUMN `enabled_at`;
-- reverse: add column "enabled_at" to table: "orgs"
ALTER TABLE `orgs` DROP COLUMN `enabled_at`;

-- +goose Up
-- add column "alive_at" to table: "idempotency_keys"
ALTER TABLE `idempotency_keys` ADD COLUMN `alive_at` datetime NULL;

-- +goose Down
-- reverse: add column "alive_at" to table: "idempotency_keys"
ALTER TABLE `idempotency_keys` DROP COLUMN `alive_at`;

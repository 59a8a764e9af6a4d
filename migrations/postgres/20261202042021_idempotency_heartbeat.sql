-- +goose Up
-- modify "idempotency_keys" table
ALTER TABLE "idempotency_keys" ADD COLUMN "alive_at" timestamptz NULL;

-- +goose Down
-- reverse: modify "idempotency_keys" table
ALTER TABLE "idempotency_keys" DROP COLUMN "alive_at";

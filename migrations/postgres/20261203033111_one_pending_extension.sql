-- +goose Up
-- Before this index parallel requests could leave a hazard more than one
-- pending request: the earliest stays pending, the later ones are refused,
-- saying why (the district's rows: every district, as the system).
SELECT set_config('hearth.tenant_id', '*', true);
UPDATE "hazard_extensions" AS e SET "status" = 'refused', "decided_by_name" = '系统', "decided_at" = now(),
  "decision_note" = '系统：该隐患已有更早提交的待审批延期申请，本申请自动驳回；如仍需延期，请在前一申请审批后重新提交', "version" = e."version" + 1, "updated_at" = now()
WHERE e."status" = 'pending' AND EXISTS (SELECT 1 FROM "hazard_extensions" o WHERE o."hazard_id" = e."hazard_id"
  AND o."status" = 'pending' AND (o."created_at", o."id") < (e."created_at", e."id"));
-- create index "extension_one_pending" to table: "hazard_extensions"
CREATE UNIQUE INDEX "extension_one_pending" ON "hazard_extensions" ("hazard_id") WHERE ((status)::text = 'pending'::text);

-- +goose Down
-- reverse: create index "extension_one_pending" to table: "hazard_extensions"
DROP INDEX "extension_one_pending";

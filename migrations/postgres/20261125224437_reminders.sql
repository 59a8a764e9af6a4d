-- +goose Up
-- modify "tenants" table
ALTER TABLE "tenants" ADD COLUMN "reminder_days" jsonb NULL, ADD COLUMN "reminder_hour" bigint NOT NULL DEFAULT 9;
-- create "notifications" table
CREATE TABLE "notifications" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "day" character varying NOT NULL, "read_at" timestamptz NULL, "tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "notifications_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "notifications_users_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "notification_user_id_day" to table: "notifications"
CREATE UNIQUE INDEX "notification_user_id_day" ON "notifications" ("user_id", "day");
-- create index "notification_user_id_updated_at_id" to table: "notifications"
CREATE INDEX "notification_user_id_updated_at_id" ON "notifications" ("user_id", "updated_at", "id");
-- create "notification_items" table
CREATE TABLE "notification_items" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "reminder_id" uuid NOT NULL, "hazard_id" uuid NOT NULL, "kind" character varying NOT NULL, "days_before" bigint NOT NULL, "deadline" character varying NOT NULL, "text" character varying NOT NULL, "created_at" timestamptz NOT NULL, "notification_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "notification_items_notifications_items" FOREIGN KEY ("notification_id") REFERENCES "notifications" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "notification_items_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "notificationitem_notification_id_reminder_id" to table: "notification_items"
CREATE UNIQUE INDEX "notificationitem_notification_id_reminder_id" ON "notification_items" ("notification_id", "reminder_id");
-- create "reminders" table
CREATE TABLE "reminders" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "company_id" uuid NOT NULL, "street_id" uuid NOT NULL, "kind" character varying NOT NULL, "days_before" bigint NOT NULL DEFAULT 0, "deadline" character varying NOT NULL, "due_at" timestamptz NOT NULL, "state" character varying NOT NULL DEFAULT 'scheduled', "attempts" bigint NOT NULL DEFAULT 0, "last_error" character varying NOT NULL DEFAULT '', "note" character varying NOT NULL DEFAULT '', "recipients" bigint NOT NULL DEFAULT 0, "queued_at" timestamptz NULL, "done_at" timestamptz NULL, "hazard_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "reminders_hazards_reminders" FOREIGN KEY ("hazard_id") REFERENCES "hazards" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "reminders_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "reminder_hazard_id_deadline_kind_days_before" to table: "reminders"
CREATE UNIQUE INDEX "reminder_hazard_id_deadline_kind_days_before" ON "reminders" ("hazard_id", "deadline", "kind", "days_before");
-- create index "reminder_state_due_at" to table: "reminders"
CREATE INDEX "reminder_state_due_at" ON "reminders" ("state", "due_at");
-- create index "reminder_tenant_id_due_at_id" to table: "reminders"
CREATE INDEX "reminder_tenant_id_due_at_id" ON "reminders" ("tenant_id", "due_at", "id");
-- create index "reminder_tenant_id_state_due_at_id" to table: "reminders"
CREATE INDEX "reminder_tenant_id_state_due_at_id" ON "reminders" ("tenant_id", "state", "due_at", "id");
-- create "webhooks" table
CREATE TABLE "webhooks" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version" bigint NOT NULL DEFAULT 1, "name" character varying NOT NULL, "kind" character varying NOT NULL, "url" character varying NOT NULL, "secret" character varying NOT NULL DEFAULT '', "enabled" boolean NOT NULL DEFAULT true, "created_by" uuid NULL, "tenant_id" uuid NOT NULL, "org_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "webhooks_orgs_org" FOREIGN KEY ("org_id") REFERENCES "orgs" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "webhooks_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "webhook_tenant_id_org_id_id" to table: "webhooks"
CREATE INDEX "webhook_tenant_id_org_id_id" ON "webhooks" ("tenant_id", "org_id", "id");
-- create "webhook_deliveries" table
CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "org_id" uuid NOT NULL, "reminder_id" uuid NULL, "event" character varying NOT NULL, "payload" text NOT NULL, "state" character varying NOT NULL DEFAULT 'pending', "attempts" bigint NOT NULL DEFAULT 0, "last_status" bigint NOT NULL DEFAULT 0, "last_error" character varying NOT NULL DEFAULT '', "last_attempt_at" timestamptz NULL, "queued_at" timestamptz NULL, "delivered_at" timestamptz NULL, "webhook_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "webhook_deliveries_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "webhook_deliveries_webhooks_deliveries" FOREIGN KEY ("webhook_id") REFERENCES "webhooks" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create index "webhookdelivery_state_created_at" to table: "webhook_deliveries"
CREATE INDEX "webhookdelivery_state_created_at" ON "webhook_deliveries" ("state", "created_at");
-- create index "webhookdelivery_tenant_id_state" to table: "webhook_deliveries"
CREATE INDEX "webhookdelivery_tenant_id_state" ON "webhook_deliveries" ("tenant_id", "state");
-- create index "webhookdelivery_webhook_id_created_at_id" to table: "webhook_deliveries"
CREATE INDEX "webhookdelivery_webhook_id_created_at_id" ON "webhook_deliveries" ("webhook_id", "created_at", "id");
-- create index "webhookdelivery_webhook_id_reminder_id" to table: "webhook_deliveries"
CREATE UNIQUE INDEX "webhookdelivery_webhook_id_reminder_id" ON "webhook_deliveries" ("webhook_id", "reminder_id");

-- +goose Down
-- reverse: create index "webhookdelivery_webhook_id_reminder_id" to table: "webhook_deliveries"
DROP INDEX "webhookdelivery_webhook_id_reminder_id";
-- reverse: create index "webhookdelivery_webhook_id_created_at_id" to table: "webhook_deliveries"
DROP INDEX "webhookdelivery_webhook_id_created_at_id";
-- reverse: create index "webhookdelivery_tenant_id_state" to table: "webhook_deliveries"
DROP INDEX "webhookdelivery_tenant_id_state";
-- reverse: create index "webhookdelivery_state_created_at" to table: "webhook_deliveries"
DROP INDEX "webhookdelivery_state_created_at";
-- reverse: create "webhook_deliveries" table
DROP TABLE "webhook_deliveries";
-- reverse: create index "webhook_tenant_id_org_id_id" to table: "webhooks"
DROP INDEX "webhook_tenant_id_org_id_id";
-- reverse: create "webhooks" table
DROP TABLE "webhooks";
-- reverse: create index "reminder_tenant_id_state_due_at_id" to table: "reminders"
DROP INDEX "reminder_tenant_id_state_due_at_id";
-- reverse: create index "reminder_tenant_id_due_at_id" to table: "reminders"
DROP INDEX "reminder_tenant_id_due_at_id";
-- reverse: create index "reminder_state_due_at" to table: "reminders"
DROP INDEX "reminder_state_due_at";
-- reverse: create index "reminder_hazard_id_deadline_kind_days_before" to table: "reminders"
DROP INDEX "reminder_hazard_id_deadline_kind_days_before";
-- reverse: create "reminders" table
DROP TABLE "reminders";
-- reverse: create index "notificationitem_notification_id_reminder_id" to table: "notification_items"
DROP INDEX "notificationitem_notification_id_reminder_id";
-- reverse: create "notification_items" table
DROP TABLE "notification_items";
-- reverse: create index "notification_user_id_updated_at_id" to table: "notifications"
DROP INDEX "notification_user_id_updated_at_id";
-- reverse: create index "notification_user_id_day" to table: "notifications"
DROP INDEX "notification_user_id_day";
-- reverse: create "notifications" table
DROP TABLE "notifications";
-- reverse: modify "tenants" table
ALTER TABLE "tenants" DROP COLUMN "reminder_hour", DROP COLUMN "reminder_days";

-- +goose NO TRANSACTION
-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_tenants" table
CREATE TABLE `new_tenants` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `slug` text NOT NULL, `name` text NOT NULL, `timezone` text NOT NULL DEFAULT ('Asia/Shanghai'), `disabled` bool NOT NULL DEFAULT (false), `reminder_days` json NULL, `reminder_hour` integer NOT NULL DEFAULT (9), PRIMARY KEY (`id`));
-- copy rows from old table "tenants" to new temporary table "new_tenants"
INSERT INTO `new_tenants` (`id`, `created_at`, `updated_at`, `version`, `slug`, `name`, `timezone`, `disabled`) SELECT `id`, `created_at`, `updated_at`, `version`, `slug`, `name`, `timezone`, `disabled` FROM `tenants`;
-- drop "tenants" table after copying rows
DROP TABLE `tenants`;
-- rename temporary table "new_tenants" to "tenants"
ALTER TABLE `new_tenants` RENAME TO `tenants`;
-- create index "tenants_slug_key" to table: "tenants"
CREATE UNIQUE INDEX `tenants_slug_key` ON `tenants` (`slug`);
-- create "notifications" table
CREATE TABLE `notifications` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `day` text NOT NULL, `read_at` datetime NULL, `tenant_id` uuid NOT NULL, `user_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `notifications_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `notifications_users_user` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE NO ACTION);
-- create index "notification_user_id_day" to table: "notifications"
CREATE UNIQUE INDEX `notification_user_id_day` ON `notifications` (`user_id`, `day`);
-- create index "notification_user_id_updated_at_id" to table: "notifications"
CREATE INDEX `notification_user_id_updated_at_id` ON `notifications` (`user_id`, `updated_at`, `id`);
-- create "notification_items" table
CREATE TABLE `notification_items` (`id` uuid NOT NULL, `user_id` uuid NOT NULL, `reminder_id` uuid NOT NULL, `hazard_id` uuid NOT NULL, `kind` text NOT NULL, `days_before` integer NOT NULL, `deadline` text NOT NULL, `text` text NOT NULL, `created_at` datetime NOT NULL, `notification_id` uuid NOT NULL, `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `notification_items_notifications_items` FOREIGN KEY (`notification_id`) REFERENCES `notifications` (`id`) ON DELETE NO ACTION, CONSTRAINT `notification_items_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- create index "notificationitem_notification_id_reminder_id" to table: "notification_items"
CREATE UNIQUE INDEX `notificationitem_notification_id_reminder_id` ON `notification_items` (`notification_id`, `reminder_id`);
-- create "reminders" table
CREATE TABLE `reminders` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `company_id` uuid NOT NULL, `street_id` uuid NOT NULL, `kind` text NOT NULL, `days_before` integer NOT NULL DEFAULT (0), `deadline` text NOT NULL, `due_at` datetime NOT NULL, `state` text NOT NULL DEFAULT ('scheduled'), `attempts` integer NOT NULL DEFAULT (0), `last_error` text NOT NULL DEFAULT (''), `note` text NOT NULL DEFAULT (''), `recipients` integer NOT NULL DEFAULT (0), `queued_at` datetime NULL, `done_at` datetime NULL, `hazard_id` uuid NOT NULL, `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `reminders_hazards_reminders` FOREIGN KEY (`hazard_id`) REFERENCES `hazards` (`id`) ON DELETE NO ACTION, CONSTRAINT `reminders_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- create index "reminder_hazard_id_deadline_kind_days_before" to table: "reminders"
CREATE UNIQUE INDEX `reminder_hazard_id_deadline_kind_days_before` ON `reminders` (`hazard_id`, `deadline`, `kind`, `days_before`);
-- create index "reminder_state_due_at" to table: "reminders"
CREATE INDEX `reminder_state_due_at` ON `reminders` (`state`, `due_at`);
-- create index "reminder_tenant_id_state_due_at_id" to table: "reminders"
CREATE INDEX `reminder_tenant_id_state_due_at_id` ON `reminders` (`tenant_id`, `state`, `due_at`, `id`);
-- create index "reminder_tenant_id_due_at_id" to table: "reminders"
CREATE INDEX `reminder_tenant_id_due_at_id` ON `reminders` (`tenant_id`, `due_at`, `id`);
-- create "webhooks" table
CREATE TABLE `webhooks` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `name` text NOT NULL, `kind` text NOT NULL, `url` text NOT NULL, `secret` text NOT NULL DEFAULT (''), `enabled` bool NOT NULL DEFAULT (true), `created_by` uuid NULL, `tenant_id` uuid NOT NULL, `org_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `webhooks_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `webhooks_orgs_org` FOREIGN KEY (`org_id`) REFERENCES `orgs` (`id`) ON DELETE NO ACTION);
-- create index "webhook_tenant_id_org_id_id" to table: "webhooks"
CREATE INDEX `webhook_tenant_id_org_id_id` ON `webhooks` (`tenant_id`, `org_id`, `id`);
-- create "webhook_deliveries" table
CREATE TABLE `webhook_deliveries` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `org_id` uuid NOT NULL, `reminder_id` uuid NULL, `event` text NOT NULL, `payload` text NOT NULL, `state` text NOT NULL DEFAULT ('pending'), `attempts` integer NOT NULL DEFAULT (0), `last_status` integer NOT NULL DEFAULT (0), `last_error` text NOT NULL DEFAULT (''), `last_attempt_at` datetime NULL, `queued_at` datetime NULL, `delivered_at` datetime NULL, `webhook_id` uuid NOT NULL, `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `webhook_deliveries_webhooks_deliveries` FOREIGN KEY (`webhook_id`) REFERENCES `webhooks` (`id`) ON DELETE CASCADE, CONSTRAINT `webhook_deliveries_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- create index "webhookdelivery_webhook_id_reminder_id" to table: "webhook_deliveries"
CREATE UNIQUE INDEX `webhookdelivery_webhook_id_reminder_id` ON `webhook_deliveries` (`webhook_id`, `reminder_id`);
-- create index "webhookdelivery_webhook_id_created_at_id" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_webhook_id_created_at_id` ON `webhook_deliveries` (`webhook_id`, `created_at`, `id`);
-- create index "webhookdelivery_state_created_at" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_state_created_at` ON `webhook_deliveries` (`state`, `created_at`);
-- create index "webhookdelivery_tenant_id_state" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_tenant_id_state` ON `webhook_deliveries` (`tenant_id`, `state`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "webhookdelivery_tenant_id_state" to table: "webhook_deliveries"
DROP INDEX `webhookdelivery_tenant_id_state`;
-- reverse: create index "webhookdelivery_state_created_at" to table: "webhook_deliveries"
DROP INDEX `webhookdelivery_state_created_at`;
-- reverse: create index "webhookdelivery_webhook_id_created_at_id" to table: "webhook_deliveries"
DROP INDEX `webhookdelivery_webhook_id_created_at_id`;
-- reverse: create index "webhookdelivery_webhook_id_reminder_id" to table: "webhook_deliveries"
DROP INDEX `webhookdelivery_webhook_id_reminder_id`;
-- reverse: create "webhook_deliveries" table
DROP TABLE `webhook_deliveries`;
-- reverse: create index "webhook_tenant_id_org_id_id" to table: "webhooks"
DROP INDEX `webhook_tenant_id_org_id_id`;
-- reverse: create "webhooks" table
DROP TABLE `webhooks`;
-- reverse: create index "reminder_tenant_id_due_at_id" to table: "reminders"
DROP INDEX `reminder_tenant_id_due_at_id`;
-- reverse: create index "reminder_tenant_id_state_due_at_id" to table: "reminders"
DROP INDEX `reminder_tenant_id_state_due_at_id`;
-- reverse: create index "reminder_state_due_at" to table: "reminders"
DROP INDEX `reminder_state_due_at`;
-- reverse: create index "reminder_hazard_id_deadline_kind_days_before" to table: "reminders"
DROP INDEX `reminder_hazard_id_deadline_kind_days_before`;
-- reverse: create "reminders" table
DROP TABLE `reminders`;
-- reverse: create index "notificationitem_notification_id_reminder_id" to table: "notification_items"
DROP INDEX `notificationitem_notification_id_reminder_id`;
-- reverse: create "notification_items" table
DROP TABLE `notification_items`;
-- reverse: create index "notification_user_id_updated_at_id" to table: "notifications"
DROP INDEX `notification_user_id_updated_at_id`;
-- reverse: create index "notification_user_id_day" to table: "notifications"
DROP INDEX `notification_user_id_day`;
-- reverse: create "notifications" table
DROP TABLE `notifications`;
-- reverse: create index "tenants_slug_key" to table: "tenants"
DROP INDEX `tenants_slug_key`;
-- reverse: create "new_tenants" table
DROP TABLE `new_tenants`;

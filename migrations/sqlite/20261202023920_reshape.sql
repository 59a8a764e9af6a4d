-- +goose NO TRANSACTION
-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_notification_items" table
CREATE TABLE `new_notification_items` (`id` uuid NOT NULL, `user_id` uuid NOT NULL, `reminder_id` uuid NOT NULL, `subject` text NOT NULL, `subject_id` uuid NOT NULL, `kind` text NOT NULL, `days_before` integer NOT NULL, `deadline` text NOT NULL, `text` text NOT NULL, `created_at` datetime NOT NULL, `notification_id` uuid NOT NULL, `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `notification_items_notifications_items` FOREIGN KEY (`notification_id`) REFERENCES `notifications` (`id`) ON DELETE NO ACTION, CONSTRAINT `notification_items_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- copy rows from old table "notification_items" to new temporary table "new_notification_items"
-- (by hand) existing items were about hazards: their subject is the hazard
INSERT INTO `new_notification_items` (`id`, `user_id`, `reminder_id`, `subject`, `subject_id`, `kind`, `days_before`, `deadline`, `text`, `created_at`, `notification_id`, `tenant_id`) SELECT `id`, `user_id`, `reminder_id`, 'hazard', `hazard_id`, `kind`, `days_before`, `deadline`, `text`, `created_at`, `notification_id`, `tenant_id` FROM `notification_items`;
-- drop "notification_items" table after copying rows
DROP TABLE `notification_items`;
-- rename temporary table "new_notification_items" to "notification_items"
ALTER TABLE `new_notification_items` RENAME TO `notification_items`;
-- create index "notificationitem_notification_id_reminder_id" to table: "notification_items"
CREATE UNIQUE INDEX `notificationitem_notification_id_reminder_id` ON `notification_items` (`notification_id`, `reminder_id`);
-- create "new_reminders" table
CREATE TABLE `new_reminders` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `company_id` uuid NOT NULL, `street_id` uuid NOT NULL, `subject` text NOT NULL, `subject_id` uuid NOT NULL, `kind` text NOT NULL, `rung` text NOT NULL, `days_before` integer NOT NULL DEFAULT (0), `deadline` text NOT NULL, `audience` json NULL, `due_at` datetime NOT NULL, `state` text NOT NULL DEFAULT ('scheduled'), `attempts` integer NOT NULL DEFAULT (0), `last_error` text NOT NULL DEFAULT (''), `note` text NOT NULL DEFAULT (''), `recipients` integer NOT NULL DEFAULT (0), `queued_at` datetime NULL, `done_at` datetime NULL, `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `reminders_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- copy rows from old table "reminders" to new temporary table "new_reminders"
-- (by hand) existing reminders keep their history, keyed by their hazard: a
-- due-soon rung is named by its days ("d3"), the overdue escalation is the
-- first escalation step ("e0") to the company, the street and the bureau.
INSERT INTO `new_reminders` (`id`, `created_at`, `updated_at`, `company_id`, `street_id`, `subject`, `subject_id`, `kind`, `rung`, `days_before`, `deadline`, `audience`, `due_at`, `state`, `attempts`, `last_error`, `note`, `recipients`, `queued_at`, `done_at`, `tenant_id`) SELECT `id`, `created_at`, `updated_at`, `company_id`, `street_id`, 'hazard', `hazard_id`, `kind`, CASE `kind` WHEN 'overdue' THEN 'e0' ELSE 'd' || `days_before` END, `days_before`, `deadline`, CASE `kind` WHEN 'overdue' THEN '["company","street","bureau"]' ELSE '["company"]' END, `due_at`, `state`, `attempts`, `last_error`, `note`, `recipients`, `queued_at`, `done_at`, `tenant_id` FROM `reminders`;
-- drop "reminders" table after copying rows
DROP TABLE `reminders`;
-- rename temporary table "new_reminders" to "reminders"
ALTER TABLE `new_reminders` RENAME TO `reminders`;
-- create index "reminder_subject_id_subject_deadline_rung" to table: "reminders"
CREATE UNIQUE INDEX `reminder_subject_id_subject_deadline_rung` ON `reminders` (`subject_id`, `subject`, `deadline`, `rung`);
-- create index "reminder_subject_id_subject_state_tenant_id" to table: "reminders"
CREATE INDEX `reminder_subject_id_subject_state_tenant_id` ON `reminders` (`subject_id`, `subject`, `state`, `tenant_id`);
-- create index "reminder_state_due_at" to table: "reminders"
CREATE INDEX `reminder_state_due_at` ON `reminders` (`state`, `due_at`);
-- create index "reminder_tenant_id_state_due_at_id" to table: "reminders"
CREATE INDEX `reminder_tenant_id_state_due_at_id` ON `reminders` (`tenant_id`, `state`, `due_at`, `id`);
-- create index "reminder_tenant_id_due_at_id" to table: "reminders"
CREATE INDEX `reminder_tenant_id_due_at_id` ON `reminders` (`tenant_id`, `due_at`, `id`);
-- create "calendar_years" table
CREATE TABLE `calendar_years` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `official` bool NOT NULL DEFAULT (true), `holidays` json NOT NULL, `workdays` json NOT NULL, `source` text NOT NULL DEFAULT (''), `loaded_by` uuid NULL, `loaded_at` datetime NOT NULL);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create "calendar_years" table
DROP TABLE `calendar_years`;
-- reverse: create index "reminder_tenant_id_due_at_id" to table: "reminders"
DROP INDEX `reminder_tenant_id_due_at_id`;
-- reverse: create index "reminder_tenant_id_state_due_at_id" to table: "reminders"
DROP INDEX `reminder_tenant_id_state_due_at_id`;
-- reverse: create index "reminder_state_due_at" to table: "reminders"
DROP INDEX `reminder_state_due_at`;
-- reverse: create index "reminder_subject_id_subject_state_tenant_id" to table: "reminders"
DROP INDEX `reminder_subject_id_subject_state_tenant_id`;
-- reverse: create index "reminder_subject_id_subject_deadline_rung" to table: "reminders"
DROP INDEX `reminder_subject_id_subject_deadline_rung`;
-- reverse: create "new_reminders" table
DROP TABLE `new_reminders`;
-- reverse: create index "notificationitem_notification_id_reminder_id" to table: "notification_items"
DROP INDEX `notificationitem_notification_id_reminder_id`;
-- reverse: create "new_notification_items" table
DROP TABLE `new_notification_items`;

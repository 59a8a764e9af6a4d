-- +goose Up
-- create "alarm_campaigns" table
CREATE TABLE `alarm_campaigns` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `name` text NOT NULL, `scope` text NOT NULL, `year` integer NOT NULL, `start_on` text NOT NULL, `due_on` text NOT NULL, `funding` text NOT NULL DEFAULT ('government'), `networked_required` bool NOT NULL DEFAULT (false), `shutoff_required` bool NOT NULL DEFAULT (false), `milestones` json NULL, `company_ids` json NULL, `status` text NOT NULL DEFAULT ('active'), `note` text NOT NULL DEFAULT (''), `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `alarm_campaigns_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- create index "alarmcampaign_tenant_id_name" to table: "alarm_campaigns"
CREATE UNIQUE INDEX `alarmcampaign_tenant_id_name` ON `alarm_campaigns` (`tenant_id`, `name`);
-- create index "alarmcampaign_tenant_id_year_id" to table: "alarm_campaigns"
CREATE INDEX `alarmcampaign_tenant_id_year_id` ON `alarm_campaigns` (`tenant_id`, `year`, `id`);
-- create "alarm_devices" table
CREATE TABLE `alarm_devices` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `company_id` uuid NOT NULL, `street_id` uuid NOT NULL, `campaign_id` uuid NULL, `serial_no` text NOT NULL, `model` text NOT NULL DEFAULT (''), `manufacturer` text NOT NULL DEFAULT (''), `detects` text NOT NULL DEFAULT ('methane'), `networked` bool NOT NULL DEFAULT (false), `platform_id` text NOT NULL DEFAULT (''), `shutoff_linked` bool NOT NULL DEFAULT (false), `valve_serial` text NOT NULL DEFAULT (''), `installed_on` text NOT NULL, `installer` text NOT NULL DEFAULT (''), `check_height` bool NOT NULL DEFAULT (false), `check_distance` bool NOT NULL DEFAULT (false), `check_not_above_stove` bool NOT NULL DEFAULT (false), `service_life_years` integer NOT NULL, `replace_on` text NOT NULL, `status` text NOT NULL DEFAULT ('installed'), `last_seen_at` datetime NULL, `superseded_by_id` uuid NULL, `note` text NOT NULL DEFAULT (''), `tenant_id` uuid NOT NULL, `premise_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `alarm_devices_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `alarm_devices_premises_devices` FOREIGN KEY (`premise_id`) REFERENCES `premises` (`id`) ON DELETE NO ACTION);
-- create index "alarmdevice_tenant_id_serial_no" to table: "alarm_devices"
CREATE UNIQUE INDEX `alarmdevice_tenant_id_serial_no` ON `alarm_devices` (`tenant_id`, `serial_no`);
-- create index "alarmdevice_premise_id_installed_on_id" to table: "alarm_devices"
CREATE INDEX `alarmdevice_premise_id_installed_on_id` ON `alarm_devices` (`premise_id`, `installed_on`, `id`);
-- create index "alarmdevice_tenant_id_replace_on_id" to table: "alarm_devices"
CREATE INDEX `alarmdevice_tenant_id_replace_on_id` ON `alarm_devices` (`tenant_id`, `replace_on`, `id`);
-- create "alarm_targets" table
CREATE TABLE `alarm_targets` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `company_id` uuid NOT NULL, `street_id` uuid NOT NULL, `community_id` uuid NOT NULL, `user_type` text NOT NULL, `target_count` integer NOT NULL, `baseline_installed` integer NOT NULL DEFAULT (0), `special_target` integer NOT NULL DEFAULT (0), `confirmed_at` datetime NULL, `confirmed_by_name` text NOT NULL DEFAULT (''), `note` text NOT NULL DEFAULT (''), `campaign_id` uuid NOT NULL, `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `alarm_targets_alarm_campaigns_targets` FOREIGN KEY (`campaign_id`) REFERENCES `alarm_campaigns` (`id`) ON DELETE NO ACTION, CONSTRAINT `alarm_targets_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- create index "alarmtarget_campaign_id_community_id_company_id_user_type" to table: "alarm_targets"
CREATE UNIQUE INDEX `alarmtarget_campaign_id_community_id_company_id_user_type` ON `alarm_targets` (`campaign_id`, `community_id`, `company_id`, `user_type`);
-- create index "alarmtarget_campaign_id_street_id_id" to table: "alarm_targets"
CREATE INDEX `alarmtarget_campaign_id_street_id_id` ON `alarm_targets` (`campaign_id`, `street_id`, `id`);
-- create "install_visits" table
CREATE TABLE `install_visits` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `company_id` uuid NOT NULL, `street_id` uuid NOT NULL, `campaign_id` uuid NULL, `visited_on` text NOT NULL, `outcome` text NOT NULL, `device_id` uuid NULL, `visitor_name` text NOT NULL DEFAULT (''), `note` text NOT NULL DEFAULT (''), `tenant_id` uuid NOT NULL, `premise_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `install_visits_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `install_visits_premises_visits` FOREIGN KEY (`premise_id`) REFERENCES `premises` (`id`) ON DELETE NO ACTION);
-- create index "installvisit_premise_id_visited_on_id" to table: "install_visits"
CREATE INDEX `installvisit_premise_id_visited_on_id` ON `install_visits` (`premise_id`, `visited_on`, `id`);
-- create index "installvisit_tenant_id_street_id_outcome" to table: "install_visits"
CREATE INDEX `installvisit_tenant_id_street_id_outcome` ON `install_visits` (`tenant_id`, `street_id`, `outcome`);
-- create "occupation_points" table
CREATE TABLE `occupation_points` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `company_id` uuid NOT NULL, `street_id` uuid NOT NULL, `point_no` text NOT NULL, `hazard_id` uuid NOT NULL, `community_id` uuid NULL, `address` text NOT NULL, `lat` real NULL, `lng` real NULL, `pipe_pressure` text NOT NULL, `pipe_dn` text NOT NULL DEFAULT (''), `pipe_material` text NOT NULL DEFAULT (''), `pipe_owner` text NOT NULL DEFAULT (''), `occupier_type` text NOT NULL, `occupier_name` text NOT NULL DEFAULT (''), `occupier_contact` text NOT NULL DEFAULT (''), `discovered_on` text NOT NULL, `source` text NOT NULL DEFAULT ('patrol'), `disposition` text NULL, `deadline` text NOT NULL, `status` text NOT NULL DEFAULT ('identified'), `interim_measures` text NOT NULL DEFAULT (''), `review_on` text NULL, `deferral_approved_by_name` text NOT NULL DEFAULT (''), `supervised` bool NOT NULL DEFAULT (false), `eliminated_on` text NULL, `verified_on` text NULL, `note` text NOT NULL DEFAULT (''), `tenant_id` uuid NOT NULL, `project_id` uuid NULL, PRIMARY KEY (`id`), CONSTRAINT `occupation_points_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `occupation_points_renovation_projects_points` FOREIGN KEY (`project_id`) REFERENCES `renovation_projects` (`id`) ON DELETE SET NULL);
-- create index "occupationpoint_tenant_id_point_no" to table: "occupation_points"
CREATE UNIQUE INDEX `occupationpoint_tenant_id_point_no` ON `occupation_points` (`tenant_id`, `point_no`);
-- create index "occupationpoint_hazard_id" to table: "occupation_points"
CREATE UNIQUE INDEX `occupationpoint_hazard_id` ON `occupation_points` (`hazard_id`);
-- create index "occupationpoint_tenant_id_street_id_id" to table: "occupation_points"
CREATE INDEX `occupationpoint_tenant_id_street_id_id` ON `occupation_points` (`tenant_id`, `street_id`, `id`);
-- create index "occupationpoint_tenant_id_status_id" to table: "occupation_points"
CREATE INDEX `occupationpoint_tenant_id_status_id` ON `occupation_points` (`tenant_id`, `status`, `id`);
-- create index "occupationpoint_project_id_id" to table: "occupation_points"
CREATE INDEX `occupationpoint_project_id_id` ON `occupation_points` (`project_id`, `id`);
-- create "premises" table
CREATE TABLE `premises` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `company_id` uuid NOT NULL, `street_id` uuid NOT NULL, `community_id` uuid NULL, `user_type` text NOT NULL, `tags` text NOT NULL DEFAULT (''), `special` bool NOT NULL DEFAULT (false), `gas_account_no` text NULL, `address_key` text NOT NULL, `estate` text NOT NULL DEFAULT (''), `building` text NOT NULL DEFAULT (''), `unit` text NOT NULL DEFAULT (''), `floor` text NOT NULL DEFAULT (''), `room` text NOT NULL DEFAULT (''), `shop_name` text NOT NULL DEFAULT (''), `address` text NOT NULL, `gas_kind` text NOT NULL DEFAULT ('natural_gas'), `status` text NOT NULL DEFAULT ('active'), `contact_name` text NOT NULL DEFAULT (''), `phone` text NOT NULL DEFAULT (''), `note` text NOT NULL DEFAULT (''), `device_id` uuid NULL, `device_replace_on` text NULL, `device_networked` bool NOT NULL DEFAULT (false), `device_shutoff` bool NOT NULL DEFAULT (false), `device_status` text NULL, `last_outcome` text NULL, `last_visit_on` text NULL, `hazard_id` uuid NULL, `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `premises_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- create index "premise_tenant_id_gas_account_no" to table: "premises"
CREATE UNIQUE INDEX `premise_tenant_id_gas_account_no` ON `premises` (`tenant_id`, `gas_account_no`);
-- create index "premise_tenant_id_address_key" to table: "premises"
CREATE UNIQUE INDEX `premise_tenant_id_address_key` ON `premises` (`tenant_id`, `address_key`);
-- create index "premise_tenant_id_id" to table: "premises"
CREATE INDEX `premise_tenant_id_id` ON `premises` (`tenant_id`, `id`);
-- create index "premise_tenant_id_company_id_id" to table: "premises"
CREATE INDEX `premise_tenant_id_company_id_id` ON `premises` (`tenant_id`, `company_id`, `id`);
-- create index "premise_tenant_id_street_id_community_id_id" to table: "premises"
CREATE INDEX `premise_tenant_id_street_id_community_id_id` ON `premises` (`tenant_id`, `street_id`, `community_id`, `id`);
-- create index "premise_tenant_id_user_type_id" to table: "premises"
CREATE INDEX `premise_tenant_id_user_type_id` ON `premises` (`tenant_id`, `user_type`, `id`);
-- create index "premise_tenant_id_device_replace_on_id" to table: "premises"
CREATE INDEX `premise_tenant_id_device_replace_on_id` ON `premises` (`tenant_id`, `device_replace_on`, `id`);
-- create "progress_reports" table
CREATE TABLE `progress_reports` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `company_id` uuid NOT NULL, `street_id` uuid NOT NULL, `reported_on` text NOT NULL, `km_done_cumulative` real NOT NULL, `households_done_cumulative` integer NOT NULL DEFAULT (0), `note` text NOT NULL DEFAULT (''), `lower_reason` text NOT NULL DEFAULT (''), `reporter_name` text NOT NULL DEFAULT (''), `decision` text NOT NULL DEFAULT ('pending'), `decision_note` text NOT NULL DEFAULT (''), `decided_by_name` text NOT NULL DEFAULT (''), `decided_at` datetime NULL, `tenant_id` uuid NOT NULL, `project_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `progress_reports_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION, CONSTRAINT `progress_reports_renovation_projects_reports` FOREIGN KEY (`project_id`) REFERENCES `renovation_projects` (`id`) ON DELETE NO ACTION);
-- create index "progressreport_project_id_reported_on" to table: "progress_reports"
CREATE UNIQUE INDEX `progressreport_project_id_reported_on` ON `progress_reports` (`project_id`, `reported_on`);
-- create index "progressreport_tenant_id_decision_id" to table: "progress_reports"
CREATE INDEX `progressreport_tenant_id_decision_id` ON `progress_reports` (`tenant_id`, `decision`, `id`);
-- create "renovation_events" table
CREATE TABLE `renovation_events` (`id` uuid NOT NULL, `company_id` uuid NOT NULL, `street_id` uuid NOT NULL, `project_id` uuid NULL, `point_id` uuid NULL, `action` text NOT NULL, `from_status` text NOT NULL DEFAULT (''), `to_status` text NOT NULL DEFAULT (''), `note` text NOT NULL DEFAULT (''), `details` json NULL, `actor_id` uuid NULL, `actor` text NOT NULL, `at` datetime NOT NULL, `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `renovation_events_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- create index "renovationevent_project_id_at_id" to table: "renovation_events"
CREATE INDEX `renovationevent_project_id_at_id` ON `renovation_events` (`project_id`, `at`, `id`);
-- create index "renovationevent_point_id_at_id" to table: "renovation_events"
CREATE INDEX `renovationevent_point_id_at_id` ON `renovation_events` (`point_id`, `at`, `id`);
-- create "renovation_plans" table
CREATE TABLE `renovation_plans` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `year` integer NOT NULL, `name` text NOT NULL, `target_km` real NOT NULL, `target_points` integer NOT NULL, `company_ids` json NULL, `due_on` text NOT NULL, `basis` text NOT NULL DEFAULT (''), `status` text NOT NULL DEFAULT ('approved'), `note` text NOT NULL DEFAULT (''), `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `renovation_plans_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- create index "renovationplan_tenant_id_year" to table: "renovation_plans"
CREATE UNIQUE INDEX `renovationplan_tenant_id_year` ON `renovation_plans` (`tenant_id`, `year`);
-- create "renovation_projects" table
CREATE TABLE `renovation_projects` (`id` uuid NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `version` integer NOT NULL DEFAULT (1), `company_id` uuid NOT NULL, `street_id` uuid NOT NULL, `project_no` text NOT NULL, `name` text NOT NULL, `community_id` uuid NULL, `scope_type` text NOT NULL, `aging_reason` text NOT NULL, `material_before` text NOT NULL DEFAULT (''), `pressure_level` text NOT NULL DEFAULT ('low'), `dn_range` text NOT NULL DEFAULT (''), `planned_km` real NOT NULL, `planned_households` integer NOT NULL DEFAULT (0), `planned_start` text NOT NULL, `planned_end` text NOT NULL, `actual_start` text NULL, `actual_end` text NULL, `build_unit` text NOT NULL DEFAULT (''), `construction_unit` text NOT NULL DEFAULT (''), `supervision_unit` text NOT NULL DEFAULT (''), `contact` text NOT NULL DEFAULT (''), `status` text NOT NULL DEFAULT ('planned'), `suspend_reason` text NOT NULL DEFAULT (''), `supervised` bool NOT NULL DEFAULT (false), `km_done` real NOT NULL DEFAULT (0), `households_done` integer NOT NULL DEFAULT (0), `last_report_on` text NULL, `note` text NOT NULL DEFAULT (''), `plan_id` uuid NOT NULL, `tenant_id` uuid NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `renovation_projects_renovation_plans_projects` FOREIGN KEY (`plan_id`) REFERENCES `renovation_plans` (`id`) ON DELETE NO ACTION, CONSTRAINT `renovation_projects_tenants_tenant` FOREIGN KEY (`tenant_id`) REFERENCES `tenants` (`id`) ON DELETE NO ACTION);
-- create index "renovationproject_tenant_id_project_no" to table: "renovation_projects"
CREATE UNIQUE INDEX `renovationproject_tenant_id_project_no` ON `renovation_projects` (`tenant_id`, `project_no`);
-- create index "renovationproject_plan_id_id" to table: "renovation_projects"
CREATE INDEX `renovationproject_plan_id_id` ON `renovation_projects` (`plan_id`, `id`);
-- create index "renovationproject_tenant_id_company_id_id" to table: "renovation_projects"
CREATE INDEX `renovationproject_tenant_id_company_id_id` ON `renovation_projects` (`tenant_id`, `company_id`, `id`);
-- create index "renovationproject_tenant_id_street_id_id" to table: "renovation_projects"
CREATE INDEX `renovationproject_tenant_id_street_id_id` ON `renovation_projects` (`tenant_id`, `street_id`, `id`);
-- create index "renovationproject_tenant_id_status_id" to table: "renovation_projects"
CREATE INDEX `renovationproject_tenant_id_status_id` ON `renovation_projects` (`tenant_id`, `status`, `id`);

-- +goose Down
-- reverse: create index "renovationproject_tenant_id_status_id" to table: "renovation_projects"
DROP INDEX `renovationproject_tenant_id_status_id`;
-- reverse: create index "renovationproject_tenant_id_street_id_id" to table: "renovation_projects"
DROP INDEX `renovationproject_tenant_id_street_id_id`;
-- reverse: create index "renovationproject_tenant_id_company_id_id" to table: "renovation_projects"
DROP INDEX `renovationproject_tenant_id_company_id_id`;
-- reverse: create index "renovationproject_plan_id_id" to table: "renovation_projects"
DROP INDEX `renovationproject_plan_id_id`;
-- reverse: create index "renovationproject_tenant_id_project_no" to table: "renovation_projects"
DROP INDEX `renovationproject_tenant_id_project_no`;
-- reverse: create "renovation_projects" table
DROP TABLE `renovation_projects`;
-- reverse: create index "renovationplan_tenant_id_year" to table: "renovation_plans"
DROP INDEX `renovationplan_tenant_id_year`;
-- reverse: create "renovation_plans" table
DROP TABLE `renovation_plans`;
-- reverse: create index "renovationevent_point_id_at_id" to table: "renovation_events"
DROP INDEX `renovationevent_point_id_at_id`;
-- reverse: create index "renovationevent_project_id_at_id" to table: "renovation_events"
DROP INDEX `renovationevent_project_id_at_id`;
-- reverse: create "renovation_events" table
DROP TABLE `renovation_events`;
-- reverse: create index "progressreport_tenant_id_decision_id" to table: "progress_reports"
DROP INDEX `progressreport_tenant_id_decision_id`;
-- reverse: create index "progressreport_project_id_reported_on" to table: "progress_reports"
DROP INDEX `progressreport_project_id_reported_on`;
-- reverse: create "progress_reports" table
DROP TABLE `progress_reports`;
-- reverse: create index "premise_tenant_id_device_replace_on_id" to table: "premises"
DROP INDEX `premise_tenant_id_device_replace_on_id`;
-- reverse: create index "premise_tenant_id_user_type_id" to table: "premises"
DROP INDEX `premise_tenant_id_user_type_id`;
-- reverse: create index "premise_tenant_id_street_id_community_id_id" to table: "premises"
DROP INDEX `premise_tenant_id_street_id_community_id_id`;
-- reverse: create index "premise_tenant_id_company_id_id" to table: "premises"
DROP INDEX `premise_tenant_id_company_id_id`;
-- reverse: create index "premise_tenant_id_id" to table: "premises"
DROP INDEX `premise_tenant_id_id`;
-- reverse: create index "premise_tenant_id_address_key" to table: "premises"
DROP INDEX `premise_tenant_id_address_key`;
-- reverse: create index "premise_tenant_id_gas_account_no" to table: "premises"
DROP INDEX `premise_tenant_id_gas_account_no`;
-- reverse: create "premises" table
DROP TABLE `premises`;
-- reverse: create index "occupationpoint_project_id_id" to table: "occupation_points"
DROP INDEX `occupationpoint_project_id_id`;
-- reverse: create index "occupationpoint_tenant_id_status_id" to table: "occupation_points"
DROP INDEX `occupationpoint_tenant_id_status_id`;
-- reverse: create index "occupationpoint_tenant_id_street_id_id" to table: "occupation_points"
DROP INDEX `occupationpoint_tenant_id_street_id_id`;
-- reverse: create index "occupationpoint_hazard_id" to table: "occupation_points"
DROP INDEX `occupationpoint_hazard_id`;
-- reverse: create index "occupationpoint_tenant_id_point_no" to table: "occupation_points"
DROP INDEX `occupationpoint_tenant_id_point_no`;
-- reverse: create "occupation_points" table
DROP TABLE `occupation_points`;
-- reverse: create index "installvisit_tenant_id_street_id_outcome" to table: "install_visits"
DROP INDEX `installvisit_tenant_id_street_id_outcome`;
-- reverse: create index "installvisit_premise_id_visited_on_id" to table: "install_visits"
DROP INDEX `installvisit_premise_id_visited_on_id`;
-- reverse: create "install_visits" table
DROP TABLE `install_visits`;
-- reverse: create index "alarmtarget_campaign_id_street_id_id" to table: "alarm_targets"
DROP INDEX `alarmtarget_campaign_id_street_id_id`;
-- reverse: create index "alarmtarget_campaign_id_community_id_company_id_user_type" to table: "alarm_targets"
DROP INDEX `alarmtarget_campaign_id_community_id_company_id_user_type`;
-- reverse: create "alarm_targets" table
DROP TABLE `alarm_targets`;
-- reverse: create index "alarmdevice_tenant_id_replace_on_id" to table: "alarm_devices"
DROP INDEX `alarmdevice_tenant_id_replace_on_id`;
-- reverse: create index "alarmdevice_premise_id_installed_on_id" to table: "alarm_devices"
DROP INDEX `alarmdevice_premise_id_installed_on_id`;
-- reverse: create index "alarmdevice_tenant_id_serial_no" to table: "alarm_devices"
DROP INDEX `alarmdevice_tenant_id_serial_no`;
-- reverse: create "alarm_devices" table
DROP TABLE `alarm_devices`;
-- reverse: create index "alarmcampaign_tenant_id_year_id" to table: "alarm_campaigns"
DROP INDEX `alarmcampaign_tenant_id_year_id`;
-- reverse: create index "alarmcampaign_tenant_id_name" to table: "alarm_campaigns"
DROP INDEX `alarmcampaign_tenant_id_name`;
-- reverse: create "alarm_campaigns" table
DROP TABLE `alarm_campaigns`;

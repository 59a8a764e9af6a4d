-- +goose Up
-- create "alarm_campaigns" table
CREATE TABLE "alarm_campaigns" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version" bigint NOT NULL DEFAULT 1, "name" character varying NOT NULL, "scope" character varying NOT NULL, "year" bigint NOT NULL, "start_on" character varying NOT NULL, "due_on" character varying NOT NULL, "funding" character varying NOT NULL DEFAULT 'government', "networked_required" boolean NOT NULL DEFAULT false, "shutoff_required" boolean NOT NULL DEFAULT false, "milestones" jsonb NULL, "company_ids" jsonb NULL, "status" character varying NOT NULL DEFAULT 'active', "note" character varying NOT NULL DEFAULT '', "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "alarm_campaigns_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "alarmcampaign_tenant_id_name" to table: "alarm_campaigns"
CREATE UNIQUE INDEX "alarmcampaign_tenant_id_name" ON "alarm_campaigns" ("tenant_id", "name");
-- create index "alarmcampaign_tenant_id_year_id" to table: "alarm_campaigns"
CREATE INDEX "alarmcampaign_tenant_id_year_id" ON "alarm_campaigns" ("tenant_id", "year", "id");
-- create "premises" table
CREATE TABLE "premises" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version" bigint NOT NULL DEFAULT 1, "company_id" uuid NOT NULL, "street_id" uuid NOT NULL, "community_id" uuid NULL, "user_type" character varying NOT NULL, "tags" character varying NOT NULL DEFAULT '', "special" boolean NOT NULL DEFAULT false, "gas_account_no" character varying NULL, "address_key" character varying NOT NULL, "estate" character varying NOT NULL DEFAULT '', "building" character varying NOT NULL DEFAULT '', "unit" character varying NOT NULL DEFAULT '', "floor" character varying NOT NULL DEFAULT '', "room" character varying NOT NULL DEFAULT '', "shop_name" character varying NOT NULL DEFAULT '', "address" character varying NOT NULL, "gas_kind" character varying NOT NULL DEFAULT 'natural_gas', "status" character varying NOT NULL DEFAULT 'active', "contact_name" character varying NOT NULL DEFAULT '', "phone" character varying NOT NULL DEFAULT '', "note" character varying NOT NULL DEFAULT '', "device_id" uuid NULL, "device_replace_on" character varying NULL, "device_networked" boolean NOT NULL DEFAULT false, "device_shutoff" boolean NOT NULL DEFAULT false, "device_status" character varying NULL, "last_outcome" character varying NULL, "last_visit_on" character varying NULL, "hazard_id" uuid NULL, "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "premises_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "premise_tenant_id_address_key" to table: "premises"
CREATE UNIQUE INDEX "premise_tenant_id_address_key" ON "premises" ("tenant_id", "address_key");
-- create index "premise_tenant_id_company_id_id" to table: "premises"
CREATE INDEX "premise_tenant_id_company_id_id" ON "premises" ("tenant_id", "company_id", "id");
-- create index "premise_tenant_id_device_replace_on_id" to table: "premises"
CREATE INDEX "premise_tenant_id_device_replace_on_id" ON "premises" ("tenant_id", "device_replace_on", "id");
-- create index "premise_tenant_id_gas_account_no" to table: "premises"
CREATE UNIQUE INDEX "premise_tenant_id_gas_account_no" ON "premises" ("tenant_id", "gas_account_no");
-- create index "premise_tenant_id_id" to table: "premises"
CREATE INDEX "premise_tenant_id_id" ON "premises" ("tenant_id", "id");
-- create index "premise_tenant_id_street_id_community_id_id" to table: "premises"
CREATE INDEX "premise_tenant_id_street_id_community_id_id" ON "premises" ("tenant_id", "street_id", "community_id", "id");
-- create index "premise_tenant_id_user_type_id" to table: "premises"
CREATE INDEX "premise_tenant_id_user_type_id" ON "premises" ("tenant_id", "user_type", "id");
-- create "alarm_devices" table
CREATE TABLE "alarm_devices" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version" bigint NOT NULL DEFAULT 1, "company_id" uuid NOT NULL, "street_id" uuid NOT NULL, "campaign_id" uuid NULL, "serial_no" character varying NOT NULL, "model" character varying NOT NULL DEFAULT '', "manufacturer" character varying NOT NULL DEFAULT '', "detects" character varying NOT NULL DEFAULT 'methane', "networked" boolean NOT NULL DEFAULT false, "platform_id" character varying NOT NULL DEFAULT '', "shutoff_linked" boolean NOT NULL DEFAULT false, "valve_serial" character varying NOT NULL DEFAULT '', "installed_on" character varying NOT NULL, "installer" character varying NOT NULL DEFAULT '', "check_height" boolean NOT NULL DEFAULT false, "check_distance" boolean NOT NULL DEFAULT false, "check_not_above_stove" boolean NOT NULL DEFAULT false, "service_life_years" bigint NOT NULL, "replace_on" character varying NOT NULL, "status" character varying NOT NULL DEFAULT 'installed', "last_seen_at" timestamptz NULL, "superseded_by_id" uuid NULL, "note" character varying NOT NULL DEFAULT '', "tenant_id" uuid NOT NULL, "premise_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "alarm_devices_premises_devices" FOREIGN KEY ("premise_id") REFERENCES "premises" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "alarm_devices_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "alarmdevice_premise_id_installed_on_id" to table: "alarm_devices"
CREATE INDEX "alarmdevice_premise_id_installed_on_id" ON "alarm_devices" ("premise_id", "installed_on", "id");
-- create index "alarmdevice_tenant_id_replace_on_id" to table: "alarm_devices"
CREATE INDEX "alarmdevice_tenant_id_replace_on_id" ON "alarm_devices" ("tenant_id", "replace_on", "id");
-- create index "alarmdevice_tenant_id_serial_no" to table: "alarm_devices"
CREATE UNIQUE INDEX "alarmdevice_tenant_id_serial_no" ON "alarm_devices" ("tenant_id", "serial_no");
-- create "alarm_targets" table
CREATE TABLE "alarm_targets" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version" bigint NOT NULL DEFAULT 1, "company_id" uuid NOT NULL, "street_id" uuid NOT NULL, "community_id" uuid NOT NULL, "user_type" character varying NOT NULL, "target_count" bigint NOT NULL, "baseline_installed" bigint NOT NULL DEFAULT 0, "special_target" bigint NOT NULL DEFAULT 0, "confirmed_at" timestamptz NULL, "confirmed_by_name" character varying NOT NULL DEFAULT '', "note" character varying NOT NULL DEFAULT '', "campaign_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "alarm_targets_alarm_campaigns_targets" FOREIGN KEY ("campaign_id") REFERENCES "alarm_campaigns" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "alarm_targets_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "alarmtarget_campaign_id_community_id_company_id_user_type" to table: "alarm_targets"
CREATE UNIQUE INDEX "alarmtarget_campaign_id_community_id_company_id_user_type" ON "alarm_targets" ("campaign_id", "community_id", "company_id", "user_type");
-- create index "alarmtarget_campaign_id_street_id_id" to table: "alarm_targets"
CREATE INDEX "alarmtarget_campaign_id_street_id_id" ON "alarm_targets" ("campaign_id", "street_id", "id");
-- create "install_visits" table
CREATE TABLE "install_visits" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "company_id" uuid NOT NULL, "street_id" uuid NOT NULL, "campaign_id" uuid NULL, "visited_on" character varying NOT NULL, "outcome" character varying NOT NULL, "device_id" uuid NULL, "visitor_name" character varying NOT NULL DEFAULT '', "note" character varying NOT NULL DEFAULT '', "tenant_id" uuid NOT NULL, "premise_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "install_visits_premises_visits" FOREIGN KEY ("premise_id") REFERENCES "premises" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "install_visits_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "installvisit_premise_id_visited_on_id" to table: "install_visits"
CREATE INDEX "installvisit_premise_id_visited_on_id" ON "install_visits" ("premise_id", "visited_on", "id");
-- create index "installvisit_tenant_id_street_id_outcome" to table: "install_visits"
CREATE INDEX "installvisit_tenant_id_street_id_outcome" ON "install_visits" ("tenant_id", "street_id", "outcome");
-- create "renovation_plans" table
CREATE TABLE "renovation_plans" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version" bigint NOT NULL DEFAULT 1, "year" bigint NOT NULL, "name" character varying NOT NULL, "target_km" double precision NOT NULL, "target_points" bigint NOT NULL, "company_ids" jsonb NULL, "due_on" character varying NOT NULL, "basis" character varying NOT NULL DEFAULT '', "status" character varying NOT NULL DEFAULT 'approved', "note" character varying NOT NULL DEFAULT '', "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "renovation_plans_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "renovationplan_tenant_id_year" to table: "renovation_plans"
CREATE UNIQUE INDEX "renovationplan_tenant_id_year" ON "renovation_plans" ("tenant_id", "year");
-- create "renovation_projects" table
CREATE TABLE "renovation_projects" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version" bigint NOT NULL DEFAULT 1, "company_id" uuid NOT NULL, "street_id" uuid NOT NULL, "project_no" character varying NOT NULL, "name" character varying NOT NULL, "community_id" uuid NULL, "scope_type" character varying NOT NULL, "aging_reason" character varying NOT NULL, "material_before" character varying NOT NULL DEFAULT '', "pressure_level" character varying NOT NULL DEFAULT 'low', "dn_range" character varying NOT NULL DEFAULT '', "planned_km" double precision NOT NULL, "planned_households" bigint NOT NULL DEFAULT 0, "planned_start" character varying NOT NULL, "planned_end" character varying NOT NULL, "actual_start" character varying NULL, "actual_end" character varying NULL, "build_unit" character varying NOT NULL DEFAULT '', "construction_unit" character varying NOT NULL DEFAULT '', "supervision_unit" character varying NOT NULL DEFAULT '', "contact" character varying NOT NULL DEFAULT '', "status" character varying NOT NULL DEFAULT 'planned', "suspend_reason" character varying NOT NULL DEFAULT '', "supervised" boolean NOT NULL DEFAULT false, "km_done" double precision NOT NULL DEFAULT 0, "households_done" bigint NOT NULL DEFAULT 0, "last_report_on" character varying NULL, "note" character varying NOT NULL DEFAULT '', "plan_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "renovation_projects_renovation_plans_projects" FOREIGN KEY ("plan_id") REFERENCES "renovation_plans" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "renovation_projects_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "renovationproject_plan_id_id" to table: "renovation_projects"
CREATE INDEX "renovationproject_plan_id_id" ON "renovation_projects" ("plan_id", "id");
-- create index "renovationproject_tenant_id_company_id_id" to table: "renovation_projects"
CREATE INDEX "renovationproject_tenant_id_company_id_id" ON "renovation_projects" ("tenant_id", "company_id", "id");
-- create index "renovationproject_tenant_id_project_no" to table: "renovation_projects"
CREATE UNIQUE INDEX "renovationproject_tenant_id_project_no" ON "renovation_projects" ("tenant_id", "project_no");
-- create index "renovationproject_tenant_id_status_id" to table: "renovation_projects"
CREATE INDEX "renovationproject_tenant_id_status_id" ON "renovation_projects" ("tenant_id", "status", "id");
-- create index "renovationproject_tenant_id_street_id_id" to table: "renovation_projects"
CREATE INDEX "renovationproject_tenant_id_street_id_id" ON "renovation_projects" ("tenant_id", "street_id", "id");
-- create "occupation_points" table
CREATE TABLE "occupation_points" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version" bigint NOT NULL DEFAULT 1, "company_id" uuid NOT NULL, "street_id" uuid NOT NULL, "point_no" character varying NOT NULL, "hazard_id" uuid NOT NULL, "community_id" uuid NULL, "address" character varying NOT NULL, "lat" double precision NULL, "lng" double precision NULL, "pipe_pressure" character varying NOT NULL, "pipe_dn" character varying NOT NULL DEFAULT '', "pipe_material" character varying NOT NULL DEFAULT '', "pipe_owner" character varying NOT NULL DEFAULT '', "occupier_type" character varying NOT NULL, "occupier_name" character varying NOT NULL DEFAULT '', "occupier_contact" character varying NOT NULL DEFAULT '', "discovered_on" character varying NOT NULL, "source" character varying NOT NULL DEFAULT 'patrol', "disposition" character varying NULL, "deadline" character varying NOT NULL, "status" character varying NOT NULL DEFAULT 'identified', "interim_measures" character varying NOT NULL DEFAULT '', "review_on" character varying NULL, "deferral_approved_by_name" character varying NOT NULL DEFAULT '', "supervised" boolean NOT NULL DEFAULT false, "eliminated_on" character varying NULL, "verified_on" character varying NULL, "note" character varying NOT NULL DEFAULT '', "tenant_id" uuid NOT NULL, "project_id" uuid NULL, PRIMARY KEY ("id"), CONSTRAINT "occupation_points_renovation_projects_points" FOREIGN KEY ("project_id") REFERENCES "renovation_projects" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "occupation_points_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "occupationpoint_hazard_id" to table: "occupation_points"
CREATE UNIQUE INDEX "occupationpoint_hazard_id" ON "occupation_points" ("hazard_id");
-- create index "occupationpoint_project_id_id" to table: "occupation_points"
CREATE INDEX "occupationpoint_project_id_id" ON "occupation_points" ("project_id", "id");
-- create index "occupationpoint_tenant_id_point_no" to table: "occupation_points"
CREATE UNIQUE INDEX "occupationpoint_tenant_id_point_no" ON "occupation_points" ("tenant_id", "point_no");
-- create index "occupationpoint_tenant_id_status_id" to table: "occupation_points"
CREATE INDEX "occupationpoint_tenant_id_status_id" ON "occupation_points" ("tenant_id", "status", "id");
-- create index "occupationpoint_tenant_id_street_id_id" to table: "occupation_points"
CREATE INDEX "occupationpoint_tenant_id_street_id_id" ON "occupation_points" ("tenant_id", "street_id", "id");
-- create "progress_reports" table
CREATE TABLE "progress_reports" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version" bigint NOT NULL DEFAULT 1, "company_id" uuid NOT NULL, "street_id" uuid NOT NULL, "reported_on" character varying NOT NULL, "km_done_cumulative" double precision NOT NULL, "households_done_cumulative" bigint NOT NULL DEFAULT 0, "note" character varying NOT NULL DEFAULT '', "lower_reason" character varying NOT NULL DEFAULT '', "reporter_name" character varying NOT NULL DEFAULT '', "decision" character varying NOT NULL DEFAULT 'pending', "decision_note" character varying NOT NULL DEFAULT '', "decided_by_name" character varying NOT NULL DEFAULT '', "decided_at" timestamptz NULL, "tenant_id" uuid NOT NULL, "project_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "progress_reports_renovation_projects_reports" FOREIGN KEY ("project_id") REFERENCES "renovation_projects" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "progress_reports_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "progressreport_project_id_reported_on" to table: "progress_reports"
CREATE UNIQUE INDEX "progressreport_project_id_reported_on" ON "progress_reports" ("project_id", "reported_on");
-- create index "progressreport_tenant_id_decision_id" to table: "progress_reports"
CREATE INDEX "progressreport_tenant_id_decision_id" ON "progress_reports" ("tenant_id", "decision", "id");
-- create "renovation_events" table
CREATE TABLE "renovation_events" ("id" uuid NOT NULL, "company_id" uuid NOT NULL, "street_id" uuid NOT NULL, "project_id" uuid NULL, "point_id" uuid NULL, "action" character varying NOT NULL, "from_status" character varying NOT NULL DEFAULT '', "to_status" character varying NOT NULL DEFAULT '', "note" character varying NOT NULL DEFAULT '', "details" jsonb NULL, "actor_id" uuid NULL, "actor" character varying NOT NULL, "at" timestamptz NOT NULL, "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "renovation_events_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "renovationevent_point_id_at_id" to table: "renovation_events"
CREATE INDEX "renovationevent_point_id_at_id" ON "renovation_events" ("point_id", "at", "id");
-- create index "renovationevent_project_id_at_id" to table: "renovation_events"
CREATE INDEX "renovationevent_project_id_at_id" ON "renovation_events" ("project_id", "at", "id");

-- +goose Down
-- reverse: create index "renovationevent_project_id_at_id" to table: "renovation_events"
DROP INDEX "renovationevent_project_id_at_id";
-- reverse: create index "renovationevent_point_id_at_id" to table: "renovation_events"
DROP INDEX "renovationevent_point_id_at_id";
-- reverse: create "renovation_events" table
DROP TABLE "renovation_events";
-- reverse: create index "progressreport_tenant_id_decision_id" to table: "progress_reports"
DROP INDEX "progressreport_tenant_id_decision_id";
-- reverse: create index "progressreport_project_id_reported_on" to table: "progress_reports"
DROP INDEX "progressreport_project_id_reported_on";
-- reverse: create "progress_reports" table
DROP TABLE "progress_reports";
-- reverse: create index "occupationpoint_tenant_id_street_id_id" to table: "occupation_points"
DROP INDEX "occupationpoint_tenant_id_street_id_id";
-- reverse: create index "occupationpoint_tenant_id_status_id" to table: "occupation_points"
DROP INDEX "occupationpoint_tenant_id_status_id";
-- reverse: create index "occupationpoint_tenant_id_point_no" to table: "occupation_points"
DROP INDEX "occupationpoint_tenant_id_point_no";
-- reverse: create index "occupationpoint_project_id_id" to table: "occupation_points"
DROP INDEX "occupationpoint_project_id_id";
-- reverse: create index "occupationpoint_hazard_id" to table: "occupation_points"
DROP INDEX "occupationpoint_hazard_id";
-- reverse: create "occupation_points" table
DROP TABLE "occupation_points";
-- reverse: create index "renovationproject_tenant_id_street_id_id" to table: "renovation_projects"
DROP INDEX "renovationproject_tenant_id_street_id_id";
-- reverse: create index "renovationproject_tenant_id_status_id" to table: "renovation_projects"
DROP INDEX "renovationproject_tenant_id_status_id";
-- reverse: create index "renovationproject_tenant_id_project_no" to table: "renovation_projects"
DROP INDEX "renovationproject_tenant_id_project_no";
-- reverse: create index "renovationproject_tenant_id_company_id_id" to table: "renovation_projects"
DROP INDEX "renovationproject_tenant_id_company_id_id";
-- reverse: create index "renovationproject_plan_id_id" to table: "renovation_projects"
DROP INDEX "renovationproject_plan_id_id";
-- reverse: create "renovation_projects" table
DROP TABLE "renovation_projects";
-- reverse: create index "renovationplan_tenant_id_year" to table: "renovation_plans"
DROP INDEX "renovationplan_tenant_id_year";
-- reverse: create "renovation_plans" table
DROP TABLE "renovation_plans";
-- reverse: create index "installvisit_tenant_id_street_id_outcome" to table: "install_visits"
DROP INDEX "installvisit_tenant_id_street_id_outcome";
-- reverse: create index "installvisit_premise_id_visited_on_id" to table: "install_visits"
DROP INDEX "installvisit_premise_id_visited_on_id";
-- reverse: create "install_visits" table
DROP TABLE "install_visits";
-- reverse: create index "alarmtarget_campaign_id_street_id_id" to table: "alarm_targets"
DROP INDEX "alarmtarget_campaign_id_street_id_id";
-- reverse: create index "alarmtarget_campaign_id_community_id_company_id_user_type" to table: "alarm_targets"
DROP INDEX "alarmtarget_campaign_id_community_id_company_id_user_type";
-- reverse: create "alarm_targets" table
DROP TABLE "alarm_targets";
-- reverse: create index "alarmdevice_tenant_id_serial_no" to table: "alarm_devices"
DROP INDEX "alarmdevice_tenant_id_serial_no";
-- reverse: create index "alarmdevice_tenant_id_replace_on_id" to table: "alarm_devices"
DROP INDEX "alarmdevice_tenant_id_replace_on_id";
-- reverse: create index "alarmdevice_premise_id_installed_on_id" to table: "alarm_devices"
DROP INDEX "alarmdevice_premise_id_installed_on_id";
-- reverse: create "alarm_devices" table
DROP TABLE "alarm_devices";
-- reverse: create index "premise_tenant_id_user_type_id" to table: "premises"
DROP INDEX "premise_tenant_id_user_type_id";
-- reverse: create index "premise_tenant_id_street_id_community_id_id" to table: "premises"
DROP INDEX "premise_tenant_id_street_id_community_id_id";
-- reverse: create index "premise_tenant_id_id" to table: "premises"
DROP INDEX "premise_tenant_id_id";
-- reverse: create index "premise_tenant_id_gas_account_no" to table: "premises"
DROP INDEX "premise_tenant_id_gas_account_no";
-- reverse: create index "premise_tenant_id_device_replace_on_id" to table: "premises"
DROP INDEX "premise_tenant_id_device_replace_on_id";
-- reverse: create index "premise_tenant_id_company_id_id" to table: "premises"
DROP INDEX "premise_tenant_id_company_id_id";
-- reverse: create index "premise_tenant_id_address_key" to table: "premises"
DROP INDEX "premise_tenant_id_address_key";
-- reverse: create "premises" table
DROP TABLE "premises";
-- reverse: create index "alarmcampaign_tenant_id_year_id" to table: "alarm_campaigns"
DROP INDEX "alarmcampaign_tenant_id_year_id";
-- reverse: create index "alarmcampaign_tenant_id_name" to table: "alarm_campaigns"
DROP INDEX "alarmcampaign_tenant_id_name";
-- reverse: create "alarm_campaigns" table
DROP TABLE "alarm_campaigns";

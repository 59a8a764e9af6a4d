-- +goose Up
-- modify "hazards" table
ALTER TABLE "hazards" ADD COLUMN "site_id" uuid NULL, ADD COLUMN "equipment_id" uuid NULL;
-- create index "hazard_equipment_id" to table: "hazards"
CREATE INDEX "hazard_equipment_id" ON "hazards" ("equipment_id");
-- create index "hazard_site_id" to table: "hazards"
CREATE INDEX "hazard_site_id" ON "hazards" ("site_id");
-- create "documents" table
CREATE TABLE "documents" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "company_id" uuid NOT NULL, "street_id" uuid NOT NULL, "owner" character varying NOT NULL, "owner_id" uuid NOT NULL, "filename" character varying NOT NULL, "content_type" character varying NOT NULL, "size" bigint NOT NULL, "sha256" character varying NOT NULL, "storage_key" character varying NOT NULL, "uploaded_by" uuid NOT NULL, "uploaded_by_name" character varying NOT NULL, "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "documents_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "document_owner_owner_id" to table: "documents"
CREATE INDEX "document_owner_owner_id" ON "documents" ("owner", "owner_id");
-- create "sites" table
CREATE TABLE "sites" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version" bigint NOT NULL DEFAULT 1, "company_id" uuid NOT NULL, "street_id" uuid NOT NULL, "kind" character varying NOT NULL, "name" character varying NOT NULL, "community_id" uuid NULL, "address" character varying NOT NULL DEFAULT '', "lat" double precision NULL, "lng" double precision NULL, "capacity_mw" double precision NULL, "heating_area_m2" double precision NULL, "households" bigint NULL, "commissioned_on" character varying NULL, "status" character varying NOT NULL DEFAULT 'in_service', "note" character varying NOT NULL DEFAULT '', "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "sites_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "site_tenant_id_company_id_id" to table: "sites"
CREATE INDEX "site_tenant_id_company_id_id" ON "sites" ("tenant_id", "company_id", "id");
-- create index "site_tenant_id_company_id_name" to table: "sites"
CREATE UNIQUE INDEX "site_tenant_id_company_id_name" ON "sites" ("tenant_id", "company_id", "name");
-- create index "site_tenant_id_street_id_id" to table: "sites"
CREATE INDEX "site_tenant_id_street_id_id" ON "sites" ("tenant_id", "street_id", "id");
-- create "equipment" table
CREATE TABLE "equipment" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version" bigint NOT NULL DEFAULT 1, "company_id" uuid NOT NULL, "street_id" uuid NOT NULL, "kind" character varying NOT NULL, "name" character varying NOT NULL, "special" boolean NOT NULL DEFAULT false, "equipment_code" character varying NOT NULL DEFAULT '', "registration_no" character varying NOT NULL DEFAULT '', "serial_no" character varying NOT NULL DEFAULT '', "model" character varying NOT NULL DEFAULT '', "manufacturer" character varying NOT NULL DEFAULT '', "rated" jsonb NULL, "commissioned_on" character varying NULL, "status" character varying NOT NULL DEFAULT 'in_service', "condition" character varying NOT NULL DEFAULT 'unknown', "state" character varying NULL, "next_due_on" character varying NULL, "safety_grade" bigint NULL, "internal_blocked" boolean NOT NULL DEFAULT false, "note" character varying NOT NULL DEFAULT '', "tenant_id" uuid NOT NULL, "parent_id" uuid NULL, "site_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "equipment_equipment_accessories" FOREIGN KEY ("parent_id") REFERENCES "equipment" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "equipment_sites_equipment" FOREIGN KEY ("site_id") REFERENCES "sites" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "equipment_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "equipment_parent_id" to table: "equipment"
CREATE INDEX "equipment_parent_id" ON "equipment" ("parent_id");
-- create index "equipment_tenant_id_company_id_id" to table: "equipment"
CREATE INDEX "equipment_tenant_id_company_id_id" ON "equipment" ("tenant_id", "company_id", "id");
-- create index "equipment_tenant_id_company_id_state_id" to table: "equipment"
CREATE INDEX "equipment_tenant_id_company_id_state_id" ON "equipment" ("tenant_id", "company_id", "state", "id");
-- create index "equipment_tenant_id_condition_id" to table: "equipment"
CREATE INDEX "equipment_tenant_id_condition_id" ON "equipment" ("tenant_id", "condition", "id");
-- create index "equipment_tenant_id_id" to table: "equipment"
CREATE INDEX "equipment_tenant_id_id" ON "equipment" ("tenant_id", "id");
-- create index "equipment_tenant_id_kind_id" to table: "equipment"
CREATE INDEX "equipment_tenant_id_kind_id" ON "equipment" ("tenant_id", "kind", "id");
-- create index "equipment_tenant_id_next_due_on_id" to table: "equipment"
CREATE INDEX "equipment_tenant_id_next_due_on_id" ON "equipment" ("tenant_id", "next_due_on", "id");
-- create index "equipment_tenant_id_site_id_id" to table: "equipment"
CREATE INDEX "equipment_tenant_id_site_id_id" ON "equipment" ("tenant_id", "site_id", "id");
-- create index "equipment_tenant_id_state_id" to table: "equipment"
CREATE INDEX "equipment_tenant_id_state_id" ON "equipment" ("tenant_id", "state", "id");
-- create index "equipment_tenant_id_street_id_id" to table: "equipment"
CREATE INDEX "equipment_tenant_id_street_id_id" ON "equipment" ("tenant_id", "street_id", "id");
-- create "inspection_clocks" table
CREATE TABLE "inspection_clocks" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "company_id" uuid NOT NULL, "street_id" uuid NOT NULL, "type" character varying NOT NULL, "due_on" character varying NULL, "last_record_id" uuid NULL, "last_performed_on" character varying NULL, "state" character varying NOT NULL, "lead_days" bigint NOT NULL DEFAULT 30, "readiness" character varying NOT NULL, "equipment_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "inspection_clocks_equipment_clocks" FOREIGN KEY ("equipment_id") REFERENCES "equipment" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "inspection_clocks_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "inspectionclock_equipment_id_type" to table: "inspection_clocks"
CREATE UNIQUE INDEX "inspectionclock_equipment_id_type" ON "inspection_clocks" ("equipment_id", "type");
-- create index "inspectionclock_tenant_id_company_id_due_on_id" to table: "inspection_clocks"
CREATE INDEX "inspectionclock_tenant_id_company_id_due_on_id" ON "inspection_clocks" ("tenant_id", "company_id", "due_on", "id");
-- create index "inspectionclock_tenant_id_due_on_id" to table: "inspection_clocks"
CREATE INDEX "inspectionclock_tenant_id_due_on_id" ON "inspection_clocks" ("tenant_id", "due_on", "id");
-- create index "inspectionclock_tenant_id_state_due_on_id" to table: "inspection_clocks"
CREATE INDEX "inspectionclock_tenant_id_state_due_on_id" ON "inspection_clocks" ("tenant_id", "state", "due_on", "id");
-- create "inspection_records" table
CREATE TABLE "inspection_records" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "company_id" uuid NOT NULL, "street_id" uuid NOT NULL, "type" character varying NOT NULL, "performed_on" character varying NOT NULL, "agency" character varying NOT NULL DEFAULT '', "agency_code" character varying NOT NULL DEFAULT '', "report_no" character varying NOT NULL DEFAULT '', "conclusion" character varying NOT NULL, "safety_grade" bigint NULL, "main_issues" character varying NOT NULL DEFAULT '', "next_due_on" character varying NULL, "sealed" boolean NOT NULL DEFAULT false, "set_pressure" character varying NOT NULL DEFAULT '', "supersedes_id" uuid NULL, "hazard_id" uuid NULL, "recorded_by" uuid NULL, "recorded_by_name" character varying NOT NULL DEFAULT '', "equipment_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "inspection_records_equipment_inspections" FOREIGN KEY ("equipment_id") REFERENCES "equipment" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "inspection_records_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "inspectionrecord_equipment_id_type_performed_on_id" to table: "inspection_records"
CREATE INDEX "inspectionrecord_equipment_id_type_performed_on_id" ON "inspection_records" ("equipment_id", "type", "performed_on", "id");
-- create index "inspectionrecord_tenant_id_performed_on_id" to table: "inspection_records"
CREATE INDEX "inspectionrecord_tenant_id_performed_on_id" ON "inspection_records" ("tenant_id", "performed_on", "id");
-- create "inspection_rules" table
CREATE TABLE "inspection_rules" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version" bigint NOT NULL DEFAULT 1, "equipment_kind" character varying NOT NULL, "type" character varying NOT NULL, "interval_months" bigint NOT NULL, "first_months" bigint NULL, "grade_months" jsonb NULL, "lead_days" bigint NOT NULL, "readiness" character varying NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "basis" character varying NOT NULL DEFAULT '', "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "inspection_rules_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "inspectionrule_tenant_id_equipment_kind_type" to table: "inspection_rules"
CREATE UNIQUE INDEX "inspectionrule_tenant_id_equipment_kind_type" ON "inspection_rules" ("tenant_id", "equipment_kind", "type");
-- create "readiness_plans" table
CREATE TABLE "readiness_plans" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version" bigint NOT NULL DEFAULT 1, "season_id" uuid NOT NULL, "company_id" uuid NOT NULL, "status" character varying NOT NULL DEFAULT 'in_progress', "declared_at" timestamptz NULL, "declared_by_name" character varying NOT NULL DEFAULT '', "result" character varying NULL, "decided_at" timestamptz NULL, "note" character varying NOT NULL DEFAULT '', "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "readiness_plans_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "readinessplan_tenant_id_company_id_id" to table: "readiness_plans"
CREATE INDEX "readinessplan_tenant_id_company_id_id" ON "readiness_plans" ("tenant_id", "company_id", "id");
-- create index "readinessplan_tenant_id_season_id_company_id" to table: "readiness_plans"
CREATE UNIQUE INDEX "readinessplan_tenant_id_season_id_company_id" ON "readiness_plans" ("tenant_id", "season_id", "company_id");
-- create "readiness_acceptances" table
CREATE TABLE "readiness_acceptances" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "company_id" uuid NOT NULL, "result" character varying NOT NULL, "inspected_on" character varying NOT NULL, "inspector_org_id" uuid NOT NULL, "inspector_name" character varying NOT NULL, "note" character varying NOT NULL DEFAULT '', "item_ids" jsonb NULL, "hazard_ids" jsonb NULL, "tenant_id" uuid NOT NULL, "plan_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "readiness_acceptances_readiness_plans_acceptances" FOREIGN KEY ("plan_id") REFERENCES "readiness_plans" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "readiness_acceptances_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "readinessacceptance_plan_id_created_at" to table: "readiness_acceptances"
CREATE INDEX "readinessacceptance_plan_id_created_at" ON "readiness_acceptances" ("plan_id", "created_at");
-- create "readiness_events" table
CREATE TABLE "readiness_events" ("id" uuid NOT NULL, "company_id" uuid NOT NULL, "item_id" uuid NULL, "action" character varying NOT NULL, "from_status" character varying NOT NULL DEFAULT '', "to_status" character varying NOT NULL DEFAULT '', "note" character varying NOT NULL DEFAULT '', "details" jsonb NULL, "actor_id" uuid NULL, "actor" character varying NOT NULL, "at" timestamptz NOT NULL, "tenant_id" uuid NOT NULL, "plan_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "readiness_events_readiness_plans_events" FOREIGN KEY ("plan_id") REFERENCES "readiness_plans" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "readiness_events_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "readinessevent_plan_id_at_id" to table: "readiness_events"
CREATE INDEX "readinessevent_plan_id_at_id" ON "readiness_events" ("plan_id", "at", "id");
-- create "readiness_items" table
CREATE TABLE "readiness_items" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version" bigint NOT NULL DEFAULT 1, "company_id" uuid NOT NULL, "street_id" uuid NOT NULL, "season_id" uuid NOT NULL, "category" character varying NOT NULL, "site_id" uuid NULL, "equipment_id" uuid NULL, "title" character varying NOT NULL, "description" character varying NOT NULL DEFAULT '', "qty_planned" double precision NOT NULL DEFAULT 0, "qty_done" double precision NOT NULL DEFAULT 0, "unit" character varying NOT NULL DEFAULT '', "due_on" character varying NOT NULL, "responsible_person" character varying NOT NULL DEFAULT '', "responsible_phone" character varying NOT NULL DEFAULT '', "status" character varying NOT NULL DEFAULT 'todo', "source" character varying NOT NULL DEFAULT 'manual', "source_key" character varying NULL, "hazard_id" uuid NULL, "note" character varying NOT NULL DEFAULT '', "verified_by_name" character varying NOT NULL DEFAULT '', "done_on" character varying NULL, "tenant_id" uuid NOT NULL, "plan_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "readiness_items_readiness_plans_items" FOREIGN KEY ("plan_id") REFERENCES "readiness_plans" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "readiness_items_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "readinessitem_plan_id_due_on_id" to table: "readiness_items"
CREATE INDEX "readinessitem_plan_id_due_on_id" ON "readiness_items" ("plan_id", "due_on", "id");
-- create index "readinessitem_plan_id_source_key" to table: "readiness_items"
CREATE UNIQUE INDEX "readinessitem_plan_id_source_key" ON "readiness_items" ("plan_id", "source_key");
-- create index "readinessitem_tenant_id_due_on_id" to table: "readiness_items"
CREATE INDEX "readinessitem_tenant_id_due_on_id" ON "readiness_items" ("tenant_id", "due_on", "id");
-- create index "readinessitem_tenant_id_season_id_status" to table: "readiness_items"
CREATE INDEX "readinessitem_tenant_id_season_id_status" ON "readiness_items" ("tenant_id", "season_id", "status");
-- create index "readinessitem_tenant_id_street_id_due_on_id" to table: "readiness_items"
CREATE INDEX "readinessitem_tenant_id_street_id_due_on_id" ON "readiness_items" ("tenant_id", "street_id", "due_on", "id");
-- create "seasons" table
CREATE TABLE "seasons" ("id" uuid NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version" bigint NOT NULL DEFAULT 1, "code" character varying NOT NULL, "campaign_start" character varying NOT NULL, "trial_run_start" character varying NOT NULL, "readiness_deadline" character varying NOT NULL, "heating_start" character varying NOT NULL, "heating_end" character varying NOT NULL, "summary_days" jsonb NULL, "status" character varying NOT NULL DEFAULT 'campaign_open', "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "seasons_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "season_tenant_id_code" to table: "seasons"
CREATE UNIQUE INDEX "season_tenant_id_code" ON "seasons" ("tenant_id", "code");

-- +goose Down
-- reverse: create index "season_tenant_id_code" to table: "seasons"
DROP INDEX "season_tenant_id_code";
-- reverse: create "seasons" table
DROP TABLE "seasons";
-- reverse: create index "readinessitem_tenant_id_street_id_due_on_id" to table: "readiness_items"
DROP INDEX "readinessitem_tenant_id_street_id_due_on_id";
-- reverse: create index "readinessitem_tenant_id_season_id_status" to table: "readiness_items"
DROP INDEX "readinessitem_tenant_id_season_id_status";
-- reverse: create index "readinessitem_tenant_id_due_on_id" to table: "readiness_items"
DROP INDEX "readinessitem_tenant_id_due_on_id";
-- reverse: create index "readinessitem_plan_id_source_key" to table: "readiness_items"
DROP INDEX "readinessitem_plan_id_source_key";
-- reverse: create index "readinessitem_plan_id_due_on_id" to table: "readiness_items"
DROP INDEX "readinessitem_plan_id_due_on_id";
-- reverse: create "readiness_items" table
DROP TABLE "readiness_items";
-- reverse: create index "readinessevent_plan_id_at_id" to table: "readiness_events"
DROP INDEX "readinessevent_plan_id_at_id";
-- reverse: create "readiness_events" table
DROP TABLE "readiness_events";
-- reverse: create index "readinessacceptance_plan_id_created_at" to table: "readiness_acceptances"
DROP INDEX "readinessacceptance_plan_id_created_at";
-- reverse: create "readiness_acceptances" table
DROP TABLE "readiness_acceptances";
-- reverse: create index "readinessplan_tenant_id_season_id_company_id" to table: "readiness_plans"
DROP INDEX "readinessplan_tenant_id_season_id_company_id";
-- reverse: create index "readinessplan_tenant_id_company_id_id" to table: "readiness_plans"
DROP INDEX "readinessplan_tenant_id_company_id_id";
-- reverse: create "readiness_plans" table
DROP TABLE "readiness_plans";
-- reverse: create index "inspectionrule_tenant_id_equipment_kind_type" to table: "inspection_rules"
DROP INDEX "inspectionrule_tenant_id_equipment_kind_type";
-- reverse: create "inspection_rules" table
DROP TABLE "inspection_rules";
-- reverse: create index "inspectionrecord_tenant_id_performed_on_id" to table: "inspection_records"
DROP INDEX "inspectionrecord_tenant_id_performed_on_id";
-- reverse: create index "inspectionrecord_equipment_id_type_performed_on_id" to table: "inspection_records"
DROP INDEX "inspectionrecord_equipment_id_type_performed_on_id";
-- reverse: create "inspection_records" table
DROP TABLE "inspection_records";
-- reverse: create index "inspectionclock_tenant_id_state_due_on_id" to table: "inspection_clocks"
DROP INDEX "inspectionclock_tenant_id_state_due_on_id";
-- reverse: create index "inspectionclock_tenant_id_due_on_id" to table: "inspection_clocks"
DROP INDEX "inspectionclock_tenant_id_due_on_id";
-- reverse: create index "inspectionclock_tenant_id_company_id_due_on_id" to table: "inspection_clocks"
DROP INDEX "inspectionclock_tenant_id_company_id_due_on_id";
-- reverse: create index "inspectionclock_equipment_id_type" to table: "inspection_clocks"
DROP INDEX "inspectionclock_equipment_id_type";
-- reverse: create "inspection_clocks" table
DROP TABLE "inspection_clocks";
-- reverse: create index "equipment_tenant_id_street_id_id" to table: "equipment"
DROP INDEX "equipment_tenant_id_street_id_id";
-- reverse: create index "equipment_tenant_id_state_id" to table: "equipment"
DROP INDEX "equipment_tenant_id_state_id";
-- reverse: create index "equipment_tenant_id_site_id_id" to table: "equipment"
DROP INDEX "equipment_tenant_id_site_id_id";
-- reverse: create index "equipment_tenant_id_next_due_on_id" to table: "equipment"
DROP INDEX "equipment_tenant_id_next_due_on_id";
-- reverse: create index "equipment_tenant_id_kind_id" to table: "equipment"
DROP INDEX "equipment_tenant_id_kind_id";
-- reverse: create index "equipment_tenant_id_id" to table: "equipment"
DROP INDEX "equipment_tenant_id_id";
-- reverse: create index "equipment_tenant_id_condition_id" to table: "equipment"
DROP INDEX "equipment_tenant_id_condition_id";
-- reverse: create index "equipment_tenant_id_company_id_state_id" to table: "equipment"
DROP INDEX "equipment_tenant_id_company_id_state_id";
-- reverse: create index "equipment_tenant_id_company_id_id" to table: "equipment"
DROP INDEX "equipment_tenant_id_company_id_id";
-- reverse: create index "equipment_parent_id" to table: "equipment"
DROP INDEX "equipment_parent_id";
-- reverse: create "equipment" table
DROP TABLE "equipment";
-- reverse: create index "site_tenant_id_street_id_id" to table: "sites"
DROP INDEX "site_tenant_id_street_id_id";
-- reverse: create index "site_tenant_id_company_id_name" to table: "sites"
DROP INDEX "site_tenant_id_company_id_name";
-- reverse: create index "site_tenant_id_company_id_id" to table: "sites"
DROP INDEX "site_tenant_id_company_id_id";
-- reverse: create "sites" table
DROP TABLE "sites";
-- reverse: create index "document_owner_owner_id" to table: "documents"
DROP INDEX "document_owner_owner_id";
-- reverse: create "documents" table
DROP TABLE "documents";
-- reverse: create index "hazard_site_id" to table: "hazards"
DROP INDEX "hazard_site_id";
-- reverse: create index "hazard_equipment_id" to table: "hazards"
DROP INDEX "hazard_equipment_id";
-- reverse: modify "hazards" table
ALTER TABLE "hazards" DROP COLUMN "equipment_id", DROP COLUMN "site_id";

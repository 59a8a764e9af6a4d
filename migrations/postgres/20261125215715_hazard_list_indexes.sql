-- +goose Up
-- create index "hazard_open_tenant_id_deadline_id" to table: "hazards"
CREATE INDEX "hazard_open_tenant_id_deadline_id" ON "hazards" ("tenant_id", "deadline", "id") WHERE ((status)::text <> 'verified'::text);
-- create index "hazard_tenant_id_community_id_deadline_id" to table: "hazards"
CREATE INDEX "hazard_tenant_id_community_id_deadline_id" ON "hazards" ("tenant_id", "community_id", "deadline", "id");
-- create index "hazard_tenant_id_company_id_status_deadline_id" to table: "hazards"
CREATE INDEX "hazard_tenant_id_company_id_status_deadline_id" ON "hazards" ("tenant_id", "company_id", "status", "deadline", "id");
-- create index "hazard_tenant_id_street_id_status_deadline_id" to table: "hazards"
CREATE INDEX "hazard_tenant_id_street_id_status_deadline_id" ON "hazards" ("tenant_id", "street_id", "status", "deadline", "id");

-- +goose Down
-- reverse: create index "hazard_tenant_id_street_id_status_deadline_id" to table: "hazards"
DROP INDEX "hazard_tenant_id_street_id_status_deadline_id";
-- reverse: create index "hazard_tenant_id_company_id_status_deadline_id" to table: "hazards"
DROP INDEX "hazard_tenant_id_company_id_status_deadline_id";
-- reverse: create index "hazard_tenant_id_community_id_deadline_id" to table: "hazards"
DROP INDEX "hazard_tenant_id_community_id_deadline_id";
-- reverse: create index "hazard_open_tenant_id_deadline_id" to table: "hazards"
DROP INDEX "hazard_open_tenant_id_deadline_id";

-- +goose Up
-- modify "hazards" table: number the hazards already recorded, per district
-- and year of recording (in China's time), in the order they were recorded.
ALTER TABLE "hazards" ADD COLUMN "code" character varying NULL;
UPDATE "hazards" SET "code" = n."code" FROM (
  SELECT "id", 'YH-' || to_char("created_at" AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' ||
         lpad(row_number() OVER (PARTITION BY "tenant_id", to_char("created_at" AT TIME ZONE 'Asia/Shanghai', 'YYYY')
                                 ORDER BY "created_at", "id")::text, 6, '0') AS "code"
  FROM "hazards") n
WHERE "hazards"."id" = n."id";
ALTER TABLE "hazards" ALTER COLUMN "code" SET NOT NULL;
-- create index "hazard_tenant_id_code" to table: "hazards"
CREATE UNIQUE INDEX "hazard_tenant_id_code" ON "hazards" ("tenant_id", "code");
-- create "counters" table
CREATE TABLE "counters" ("id" uuid NOT NULL, "series" character varying NOT NULL, "year" bigint NOT NULL, "last" bigint NOT NULL, "tenant_id" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "counters_tenants_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "counter_tenant_id_series_year" to table: "counters"
CREATE UNIQUE INDEX "counter_tenant_id_series_year" ON "counters" ("tenant_id", "series", "year");
-- the counters go on from the numbers given above
INSERT INTO "counters" ("id", "series", "year", "last", "tenant_id")
SELECT gen_random_uuid(), 'hazard', substr("code", 4, 4)::bigint, count(*), "tenant_id"
FROM "hazards" GROUP BY "tenant_id", substr("code", 4, 4);

-- +goose Down
-- reverse: create index "counter_tenant_id_series_year" to table: "counters"
DROP INDEX "counter_tenant_id_series_year";
-- reverse: create "counters" table
DROP TABLE "counters";
-- reverse: create index "hazard_tenant_id_code" to table: "hazards"
DROP INDEX "hazard_tenant_id_code";
-- reverse: modify "hazards" table
ALTER TABLE "hazards" DROP COLUMN "code";

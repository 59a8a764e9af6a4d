package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent/schema/enum"
)

// InspectionRule is a district's override of a statutory inspection cycle
// for a kind of equipment. The statutory defaults are code
// (services/equipment); a row here replaces one for its district only.
type InspectionRule struct{ ent.Schema }

// Annotations of the InspectionRule.
func (InspectionRule) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "inspection_rules"}}
}

// Mixin of the InspectionRule.
func (InspectionRule) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, VersionMixin{}}
}

// Fields of the InspectionRule.
func (InspectionRule) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("equipment_kind").GoType(enum.EquipmentKind("")).Immutable(),
		field.Enum("type").GoType(enum.InspectionType("")).Immutable(),
		// interval_months between inspections; 0: only on demand.
		field.Int("interval_months").Range(0, 120),
		// first_months after commissioning the first one falls due; nil:
		// no first date (a record is needed).
		field.Int("first_months").Optional().Nillable().Range(0, 120),
		// grade_months are a vessel's cycles by safety grade 1..5 (index
		// 0 is grade 1); 0: not allowed in use.
		field.JSON("grade_months", []int{}).Optional(),
		field.Int("lead_days").Range(0, 365),
		field.Enum("readiness").GoType(enum.ReadinessTest("")),
		field.Bool("enabled").Default(true),
		field.String("basis").Default("").MaxRuneLen(200),
	}
}

// Indexes of the InspectionRule.
func (InspectionRule) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "equipment_kind", "type").Unique()}
}

// Hooks of the InspectionRule.
func (InspectionRule) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("inspection_rule")} }

// InspectionRecord is one inspection, calibration or verification
// (检验/校验/检定) with its report. Records are append-only: a new one of the
// same type supersedes the last, which stays as history.
type InspectionRecord struct{ ent.Schema }

// Annotations of the InspectionRecord.
func (InspectionRecord) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "inspection_records"}}
}

// Mixin of the InspectionRecord.
func (InspectionRecord) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, LocatedMixin{}}
}

// Fields of the InspectionRecord: all immutable but the hazard a failing
// one opened.
func (InspectionRecord) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("equipment_id", uuid.UUID{}).Immutable(),
		field.Enum("type").GoType(enum.InspectionType("")).Immutable(),
		field.String("performed_on").Match(dateRE).Immutable(),
		field.String("agency").Default("").MaxRuneLen(100).Immutable(),
		field.String("agency_code").Default("").MaxRuneLen(40).Immutable(),
		field.String("report_no").Default("").MaxRuneLen(60).Immutable(),
		field.Enum("conclusion").GoType(enum.InspectionConclusion("")).Immutable(),
		field.Int("safety_grade").Optional().Nillable().Range(1, 5).Immutable(),
		field.String("main_issues").Default("").MaxRuneLen(2000).Immutable(),
		// next_due_on is the date the report gives; it wins over any
		// computed interval.
		field.String("next_due_on").Match(dateRE).Optional().Nillable().Immutable(),
		field.Bool("sealed").Default(false).Immutable(),
		field.String("set_pressure").Default("").MaxRuneLen(40).Immutable(),
		field.UUID("supersedes_id", uuid.UUID{}).Optional().Nillable().Immutable(),
		field.UUID("hazard_id", uuid.UUID{}).Optional().Nillable(),
		field.UUID("recorded_by", uuid.UUID{}).Optional().Nillable().Immutable(),
		field.String("recorded_by_name").Default("").MaxRuneLen(100).Immutable(),
	}
}

// Edges of the InspectionRecord.
func (InspectionRecord) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("equipment", Equipment.Type).Ref("inspections").Field("equipment_id").Unique().Required().Immutable(),
	}
}

// Indexes of the InspectionRecord: an equipment's history by type, newest
// first.
func (InspectionRecord) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("equipment_id", "type", "performed_on", "id"),
		index.Fields("tenant_id", "performed_on", "id"),
	}
}

// Hooks of the InspectionRecord.
func (InspectionRecord) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("inspection_record")} }

// InspectionClock is one inspection a piece of equipment owes (检验有效期):
// per equipment and type, the due date its latest record (or its
// commissioning) gives, and the state of that validity. It is derived
// (services/equipment keeps it in line with the records and the rules) and
// is the reminder engine's subject for inspections.
type InspectionClock struct{ ent.Schema }

// Annotations of the InspectionClock.
func (InspectionClock) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "inspection_clocks"}}
}

// Mixin of the InspectionClock.
func (InspectionClock) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, LocatedMixin{}}
}

// Fields of the InspectionClock.
func (InspectionClock) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("equipment_id", uuid.UUID{}).Immutable(),
		field.Enum("type").GoType(enum.InspectionType("")).Immutable(),
		field.String("due_on").Match(dateRE).Optional().Nillable(),
		field.UUID("last_record_id", uuid.UUID{}).Optional().Nillable(),
		field.String("last_performed_on").Match(dateRE).Optional().Nillable(),
		field.Enum("state").GoType(enum.InspectionState("")),
		field.Int("lead_days").Default(30),
		field.Enum("readiness").GoType(enum.ReadinessTest("")),
	}
}

// Edges of the InspectionClock.
func (InspectionClock) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("equipment", Equipment.Type).Ref("clocks").Field("equipment_id").Unique().Required().Immutable(),
	}
}

// Indexes of the InspectionClock.
func (InspectionClock) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("equipment_id", "type").Unique(),
		index.Fields("tenant_id", "due_on", "id"),
		index.Fields("tenant_id", "state", "due_on", "id"),
		index.Fields("tenant_id", "company_id", "due_on", "id"),
	}
}

// Document is a file kept with a record of the heating and gas modules: an
// inspection report, a readiness item's evidence, an acceptance's signed
// sheet. The bytes live in storage under storage_key; owner and owner_id
// name the record.
type Document struct{ ent.Schema }

// Annotations of the Document.
func (Document) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "documents"}}
}

// Mixin of the Document.
func (Document) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, LocatedMixin{}}
}

// Fields of the Document.
func (Document) Fields() []ent.Field {
	return []ent.Field{
		field.String("owner").NotEmpty().MaxLen(40).Immutable(),
		field.UUID("owner_id", uuid.UUID{}).Immutable(),
		field.String("filename").MaxRuneLen(255).Immutable(),
		field.String("content_type").Immutable(),
		field.Int64("size").Immutable(),
		field.String("sha256").Immutable(),
		field.String("storage_key").Immutable(),
		field.UUID("uploaded_by", uuid.UUID{}).Immutable(),
		field.String("uploaded_by_name").Immutable(),
	}
}

// Indexes of the Document.
func (Document) Indexes() []ent.Index {
	return []ent.Index{index.Fields("owner", "owner_id")}
}

// Hooks of the Document.
func (Document) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("document")} }

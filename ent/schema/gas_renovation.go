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

// RenovationPlan is the district's year of old gas pipeline renovation
// (燃气旧管网改造计划): kilometres and occupation points to clear, and the
// companies doing it. District-wide; the bureau writes it.
type RenovationPlan struct{ ent.Schema }

// Annotations of the RenovationPlan.
func (RenovationPlan) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "renovation_plans"}}
}

// Mixin of the RenovationPlan.
func (RenovationPlan) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, VersionMixin{}}
}

// Fields of the RenovationPlan.
func (RenovationPlan) Fields() []ent.Field {
	return []ent.Field{
		field.Int("year").Range(2000, 2100).Immutable(),
		field.String("name").NotEmpty().MaxRuneLen(100),
		field.Float("target_km").Min(0),
		field.Int("target_points").Min(0),
		field.JSON("company_ids", []uuid.UUID{}).Optional(),
		field.String("due_on").Match(dateRE),
		field.String("basis").Default("").MaxRuneLen(500),
		field.Enum("status").GoType(enum.RenovationPlanStatus("")).Default(string(enum.RPlanApproved)),
		field.String("note").Default("").MaxRuneLen(2000),
	}
}

// Edges of the RenovationPlan.
func (RenovationPlan) Edges() []ent.Edge {
	return []ent.Edge{edge.To("projects", RenovationProject.Type)}
}

// Indexes of the RenovationPlan: one a year.
func (RenovationPlan) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "year").Unique()}
}

// Hooks of the RenovationPlan.
func (RenovationPlan) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("renovation_plan")} }

// RenovationProject is one project of a plan (改造项目/片区): where, what
// pipe and why it counts as aged, its plan in km and households, its units,
// its status and the progress its latest accepted report gives.
type RenovationProject struct{ ent.Schema }

// Annotations of the RenovationProject.
func (RenovationProject) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "renovation_projects"}}
}

// Mixin of the RenovationProject.
func (RenovationProject) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, VersionMixin{}, LocatedMixin{}}
}

// Fields of the RenovationProject.
func (RenovationProject) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("plan_id", uuid.UUID{}).Immutable(),
		// project_no is its human number (GW-2026-001).
		field.String("project_no").NotEmpty().MaxLen(30).Immutable(),
		field.String("name").NotEmpty().MaxRuneLen(100),
		field.UUID("community_id", uuid.UUID{}).Optional().Nillable(),
		field.Enum("scope_type").GoType(enum.ScopeType("")),
		field.Enum("aging_reason").GoType(enum.AgingReason("")),
		field.String("material_before").Default("").MaxRuneLen(40),
		field.Enum("pressure_level").GoType(enum.PressureLevel("")).Default(string(enum.PressureLow)),
		field.String("dn_range").Default("").MaxRuneLen(40),
		field.Float("planned_km").Min(0),
		field.Int("planned_households").Default(0).Min(0),
		field.String("planned_start").Match(dateRE),
		field.String("planned_end").Match(dateRE),
		field.String("actual_start").Match(dateRE).Optional().Nillable(),
		field.String("actual_end").Match(dateRE).Optional().Nillable(),
		field.String("build_unit").Default("").MaxRuneLen(100),
		field.String("construction_unit").Default("").MaxRuneLen(100),
		field.String("supervision_unit").Default("").MaxRuneLen(100),
		field.String("contact").Default("").MaxRuneLen(100),
		field.Enum("status").GoType(enum.ProjectStatus("")).Default(string(enum.ProjectPlanned)),
		field.String("suspend_reason").Default("").MaxRuneLen(500),
		// supervised: 挂牌督办, reminded to the bureau weekly until closed.
		field.Bool("supervised").Default(false),
		// km_done and households_done are the latest report's cumulative
		// figures; last_report_on its date.
		field.Float("km_done").Default(0).Min(0),
		field.Int("households_done").Default(0).Min(0),
		field.String("last_report_on").Match(dateRE).Optional().Nillable(),
		field.String("note").Default("").MaxRuneLen(2000),
	}
}

// Edges of the RenovationProject.
func (RenovationProject) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("plan", RenovationPlan.Type).Ref("projects").Field("plan_id").Unique().Required().Immutable(),
		edge.To("reports", ProgressReport.Type),
		edge.To("points", OccupationPoint.Type),
	}
}

// Indexes of the RenovationProject.
func (RenovationProject) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "project_no").Unique(),
		index.Fields("plan_id", "id"),
		index.Fields("tenant_id", "company_id", "id"),
		index.Fields("tenant_id", "street_id", "id"),
		index.Fields("tenant_id", "status", "id"),
	}
}

// Hooks of the RenovationProject.
func (RenovationProject) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("renovation_project")} }

// ProgressReport is a gas company's progress report on a project
// (进度报告): cumulative km and households, append-only; the bureau accepts
// or questions it. A report that lowers the cumulative figure carries a
// reason.
type ProgressReport struct{ ent.Schema }

// Annotations of the ProgressReport.
func (ProgressReport) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "progress_reports"}}
}

// Mixin of the ProgressReport.
func (ProgressReport) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, VersionMixin{}, LocatedMixin{}}
}

// Fields of the ProgressReport.
func (ProgressReport) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("project_id", uuid.UUID{}).Immutable(),
		field.String("reported_on").Match(dateRE).Immutable(),
		field.Float("km_done_cumulative").Min(0).Immutable(),
		field.Int("households_done_cumulative").Default(0).Min(0).Immutable(),
		field.String("note").Default("").MaxRuneLen(2000).Immutable(),
		// lower_reason explains a cumulative figure below the last one.
		field.String("lower_reason").Default("").MaxRuneLen(500).Immutable(),
		field.String("reporter_name").Default("").MaxRuneLen(100).Immutable(),
		field.Enum("decision").GoType(enum.ReportDecision("")).Default(string(enum.ReportPending)),
		field.String("decision_note").Default("").MaxRuneLen(500),
		field.String("decided_by_name").Default("").MaxRuneLen(100),
		field.Time("decided_at").Optional().Nillable(),
	}
}

// Edges of the ProgressReport.
func (ProgressReport) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("project", RenovationProject.Type).Ref("reports").Field("project_id").Unique().Required().Immutable(),
	}
}

// Indexes of the ProgressReport: one a day per project.
func (ProgressReport) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("project_id", "reported_on").Unique(),
		index.Fields("tenant_id", "decision", "id"),
	}
}

// Hooks of the ProgressReport.
func (ProgressReport) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("progress_report")} }

// OccupationPoint is a place where something sits on a gas pipe (占压点位).
// Every point is also a hazard of the ledger (category
// pipeline_occupation), so the ledger stays complete; its status follows
// the hazard's. Folded into a renovation project, the project's rerouting
// removes it.
type OccupationPoint struct{ ent.Schema }

// Annotations of the OccupationPoint.
func (OccupationPoint) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "occupation_points"}}
}

// Mixin of the OccupationPoint.
func (OccupationPoint) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, VersionMixin{}, LocatedMixin{}}
}

// Fields of the OccupationPoint.
func (OccupationPoint) Fields() []ent.Field {
	return []ent.Field{
		// point_no is its human number (ZY-2026-001).
		field.String("point_no").NotEmpty().MaxLen(30).Immutable(),
		field.UUID("hazard_id", uuid.UUID{}).Immutable(),
		field.UUID("community_id", uuid.UUID{}).Optional().Nillable(),
		field.String("address").NotEmpty().MaxRuneLen(200),
		field.Float("lat").Optional().Nillable().Range(-90, 90),
		field.Float("lng").Optional().Nillable().Range(-180, 180),
		field.Enum("pipe_pressure").GoType(enum.PressureLevel("")),
		field.String("pipe_dn").Default("").MaxRuneLen(20),
		field.String("pipe_material").Default("").MaxRuneLen(40),
		field.String("pipe_owner").Default("").MaxRuneLen(100),
		field.Enum("occupier_type").GoType(enum.OccupierType("")),
		field.String("occupier_name").Default("").MaxRuneLen(100),
		field.String("occupier_contact").Default("").MaxRuneLen(50),
		field.String("discovered_on").Match(dateRE),
		field.Enum("source").GoType(enum.PointSource("")).Default(string(enum.FoundPatrol)),
		field.Enum("disposition").GoType(enum.Disposition("")).Optional().Nillable(),
		field.UUID("project_id", uuid.UUID{}).Optional().Nillable(),
		field.String("deadline").Match(dateRE),
		field.Enum("status").GoType(enum.PointStatus("")).Default(string(enum.PointIdentified)),
		// A deferred point (暂缓) keeps interim measures under review, with
		// the bureau's approval.
		field.String("interim_measures").Default("").MaxRuneLen(500),
		field.String("review_on").Match(dateRE).Optional().Nillable(),
		field.String("deferral_approved_by_name").Default("").MaxRuneLen(100),
		field.Bool("supervised").Default(false),
		field.String("eliminated_on").Match(dateRE).Optional().Nillable(),
		field.String("verified_on").Match(dateRE).Optional().Nillable(),
		field.String("note").Default("").MaxRuneLen(2000),
	}
}

// Edges of the OccupationPoint.
func (OccupationPoint) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("project", RenovationProject.Type).Ref("points").Field("project_id").Unique(),
	}
}

// Indexes of the OccupationPoint: one point per hazard.
func (OccupationPoint) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "point_no").Unique(),
		index.Fields("hazard_id").Unique(),
		index.Fields("tenant_id", "street_id", "id"),
		index.Fields("tenant_id", "status", "id"),
		index.Fields("project_id", "id"),
	}
}

// Hooks of the OccupationPoint.
func (OccupationPoint) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("occupation_point")} }

// RenovationEvent is one step of a project or a point: a status change, a
// fold, a deferral, a decision on a report — who, when, why. Append-only.
type RenovationEvent struct{ ent.Schema }

// Annotations of the RenovationEvent.
func (RenovationEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "renovation_events"}}
}

// Mixin of the RenovationEvent.
func (RenovationEvent) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, LocatedMixin{}}
}

// Fields of the RenovationEvent.
func (RenovationEvent) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("project_id", uuid.UUID{}).Optional().Nillable().Immutable(),
		field.UUID("point_id", uuid.UUID{}).Optional().Nillable().Immutable(),
		field.String("action").Immutable(),
		field.String("from_status").Default("").Immutable(),
		field.String("to_status").Default("").Immutable(),
		field.String("note").Default("").MaxRuneLen(2000).Immutable(),
		field.JSON("details", map[string]any{}).Optional().Immutable(),
		field.UUID("actor_id", uuid.UUID{}).Optional().Nillable().Immutable(),
		field.String("actor").Immutable(),
		field.Time("at").Default(now).Immutable(),
	}
}

// Indexes of the RenovationEvent.
func (RenovationEvent) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("project_id", "at", "id"),
		index.Fields("point_id", "at", "id"),
	}
}

// Hooks of the RenovationEvent.
func (RenovationEvent) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("renovation_event")} }

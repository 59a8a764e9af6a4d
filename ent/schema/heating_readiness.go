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
	"github.com/hearthsafety/hearth/ent/privacy"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
)

// Season is a district's heating season (采暖季) and its 冬病夏治 campaign:
// the dates the readiness gate and the reminders count from.
type Season struct{ ent.Schema }

// Annotations of the Season.
func (Season) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "seasons"}}
}

// Mixin of the Season.
func (Season) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, VersionMixin{}}
}

// Fields of the Season.
func (Season) Fields() []ent.Field {
	return []ent.Field{
		// code is the winter it heats: "2026-2027".
		field.String("code").Match(seasonRE).Immutable(),
		field.String("campaign_start").Match(dateRE),
		field.String("trial_run_start").Match(dateRE),
		field.String("readiness_deadline").Match(dateRE),
		field.String("heating_start").Match(dateRE),
		field.String("heating_end").Match(dateRE),
		// summary_days are the days (MM-DD) the bureau gets its summary of
		// companies not ready, by blocker.
		field.JSON("summary_days", []string{}).Optional(),
		field.Enum("status").GoType(enum.SeasonStatus("")).Default(string(enum.SeasonCampaign)),
	}
}

// Indexes of the Season.
func (Season) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "code").Unique()}
}

// Hooks of the Season.
func (Season) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("season")} }

// ReadinessPlan is one heating company's 冬病夏治 task list for a season,
// with its declaration (具备供热条件) and the acceptance that follows.
type ReadinessPlan struct{ ent.Schema }

// Annotations of the ReadinessPlan.
func (ReadinessPlan) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "readiness_plans"}}
}

// Mixin of the ReadinessPlan.
func (ReadinessPlan) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, VersionMixin{}}
}

// Fields of the ReadinessPlan.
func (ReadinessPlan) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("season_id", uuid.UUID{}).Immutable(),
		field.UUID("company_id", uuid.UUID{}).Immutable(),
		field.Enum("status").GoType(enum.PlanStatus("")).Default(string(enum.PlanInProgress)),
		field.Time("declared_at").Optional().Nillable(),
		field.String("declared_by_name").Default("").MaxRuneLen(100),
		field.Enum("result").GoType(enum.AcceptanceResult("")).Optional().Nillable(),
		field.Time("decided_at").Optional().Nillable(),
		field.String("note").Default("").MaxRuneLen(2000),
	}
}

// Edges of the ReadinessPlan.
func (ReadinessPlan) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("items", ReadinessItem.Type),
		edge.To("acceptances", ReadinessAcceptance.Type),
		edge.To("events", ReadinessEvent.Type),
	}
}

// Indexes of the ReadinessPlan: one per company and season.
func (ReadinessPlan) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "season_id", "company_id").Unique(),
		index.Fields("tenant_id", "company_id", "id"),
	}
}

// Policy of the ReadinessPlan: the bureau sees its district, a company its
// own plans, a street office the plans with an item in its street.
func (ReadinessPlan) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{policy.FilterCompanyOr("items")},
		Mutation: privacy.MutationPolicy{policy.FilterCompanyOr("items"), policy.CompanyCreateInScope()},
	}
}

// Hooks of the ReadinessPlan.
func (ReadinessPlan) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("readiness_plan")} }

// ReadinessItem is one task of a plan: an overhaul, a renewal, a statutory
// inspection the register says is needed before the season, a condition of
// an acceptance. It lies where its site is.
type ReadinessItem struct{ ent.Schema }

// Annotations of the ReadinessItem.
func (ReadinessItem) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "readiness_items"}}
}

// Mixin of the ReadinessItem.
func (ReadinessItem) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, VersionMixin{}, LocatedMixin{}}
}

// Fields of the ReadinessItem.
func (ReadinessItem) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("plan_id", uuid.UUID{}).Immutable(),
		field.UUID("season_id", uuid.UUID{}).Immutable(),
		field.Enum("category").GoType(enum.ItemCategory("")),
		field.UUID("site_id", uuid.UUID{}).Optional().Nillable(),
		field.UUID("equipment_id", uuid.UUID{}).Optional().Nillable(),
		field.String("title").NotEmpty().MaxRuneLen(200),
		field.String("description").Default("").MaxRuneLen(2000),
		field.Float("qty_planned").Default(0).Min(0),
		field.Float("qty_done").Default(0).Min(0),
		field.String("unit").Default("").MaxRuneLen(10),
		field.String("due_on").Match(dateRE),
		field.String("responsible_person").Default("").MaxRuneLen(50),
		field.String("responsible_phone").Default("").MaxRuneLen(30),
		field.Enum("status").GoType(enum.ItemStatus("")).Default(string(enum.ItemTodo)),
		field.Enum("source").GoType(enum.ItemSource("")).Default(string(enum.FromManual)).Immutable(),
		// source_key names what generated it ("<equipment>/<type>" from the
		// register, the acceptance's condition), so generating again adds
		// no twin.
		field.String("source_key").Optional().Nillable().MaxLen(120).Immutable(),
		field.UUID("hazard_id", uuid.UUID{}).Optional().Nillable(),
		field.String("note").Default("").MaxRuneLen(2000),
		field.String("verified_by_name").Default("").MaxRuneLen(100),
		field.String("done_on").Match(dateRE).Optional().Nillable(),
	}
}

// Edges of the ReadinessItem.
func (ReadinessItem) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("plan", ReadinessPlan.Type).Ref("items").Field("plan_id").Unique().Required().Immutable(),
	}
}

// Indexes of the ReadinessItem.
func (ReadinessItem) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("plan_id", "source_key").Unique(),
		index.Fields("plan_id", "due_on", "id"),
		index.Fields("tenant_id", "season_id", "status"),
		index.Fields("tenant_id", "street_id", "due_on", "id"),
		index.Fields("tenant_id", "due_on", "id"),
	}
}

// Hooks of the ReadinessItem.
func (ReadinessItem) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("readiness_item")} }

// ReadinessAcceptance is the bureau's or a street's sign-off (验收) of a
// declared plan: pass, pass with conditions (each a follow-up item) or fail
// with findings (each a hazard).
type ReadinessAcceptance struct{ ent.Schema }

// Annotations of the ReadinessAcceptance.
func (ReadinessAcceptance) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "readiness_acceptances"}}
}

// Mixin of the ReadinessAcceptance.
func (ReadinessAcceptance) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}}
}

// Fields of the ReadinessAcceptance: an acceptance is never changed.
func (ReadinessAcceptance) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("plan_id", uuid.UUID{}).Immutable(),
		field.UUID("company_id", uuid.UUID{}).Immutable(),
		field.Enum("result").GoType(enum.AcceptanceResult("")).Immutable(),
		field.String("inspected_on").Match(dateRE).Immutable(),
		field.UUID("inspector_org_id", uuid.UUID{}).Immutable(),
		field.String("inspector_name").MaxRuneLen(100).Immutable(),
		field.String("note").Default("").MaxRuneLen(2000).Immutable(),
		// item_ids are the follow-ups its conditions became; hazard_ids the
		// hazards its findings opened.
		field.JSON("item_ids", []uuid.UUID{}).Optional().Immutable(),
		field.JSON("hazard_ids", []uuid.UUID{}).Optional().Immutable(),
	}
}

// Edges of the ReadinessAcceptance.
func (ReadinessAcceptance) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("plan", ReadinessPlan.Type).Ref("acceptances").Field("plan_id").Unique().Required().Immutable(),
	}
}

// Indexes of the ReadinessAcceptance.
func (ReadinessAcceptance) Indexes() []ent.Index {
	return []ent.Index{index.Fields("plan_id", "created_at")}
}

// Policy of the ReadinessAcceptance: as its plan.
func (ReadinessAcceptance) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{policy.FilterCompanyOr("plan", "items")},
		Mutation: privacy.MutationPolicy{policy.FilterCompanyOr("plan", "items")},
	}
}

// Hooks of the ReadinessAcceptance.
func (ReadinessAcceptance) Hooks() []ent.Hook {
	return []ent.Hook{audit.Hook("readiness_acceptance")}
}

// ReadinessEvent is one step of a plan or one of its items: who, when, why
// (the HazardEvent pattern). Append-only.
type ReadinessEvent struct{ ent.Schema }

// Annotations of the ReadinessEvent.
func (ReadinessEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "readiness_events"}}
}

// Mixin of the ReadinessEvent.
func (ReadinessEvent) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}}
}

// Fields of the ReadinessEvent.
func (ReadinessEvent) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("plan_id", uuid.UUID{}).Immutable(),
		field.UUID("company_id", uuid.UUID{}).Immutable(),
		field.UUID("item_id", uuid.UUID{}).Optional().Nillable().Immutable(),
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

// Edges of the ReadinessEvent.
func (ReadinessEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("plan", ReadinessPlan.Type).Ref("events").Field("plan_id").Unique().Required().Immutable(),
	}
}

// Indexes of the ReadinessEvent.
func (ReadinessEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("plan_id", "at", "id")}
}

// Policy of the ReadinessEvent: as its plan.
func (ReadinessEvent) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{policy.FilterCompanyOr("plan", "items")},
		Mutation: privacy.MutationPolicy{policy.FilterCompanyOr("plan", "items")},
	}
}

// Hooks of the ReadinessEvent.
func (ReadinessEvent) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("readiness_event")} }

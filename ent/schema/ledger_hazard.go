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

// Hazard is one entry of the hazard ledger (隐患台账).
type Hazard struct{ ent.Schema }

// Annotations of the Hazard.
func (Hazard) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "hazards"}}
}

// Mixin of the Hazard.
func (Hazard) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, VersionMixin{}, LocatedMixin{}}
}

// Fields of the Hazard.
func (Hazard) Fields() []ent.Field {
	return []ent.Field{
		// code is the hazard's number people quote (YH-2026-000123):
		// sequential per district and year of recording, never reused.
		field.String("code").NotEmpty().MaxLen(20).Immutable(),
		field.UUID("community_id", uuid.UUID{}).Optional().Nillable(),
		field.String("address").NotEmpty().MaxRuneLen(200),
		field.Float("lat").Optional().Nillable().Range(-90, 90),
		field.Float("lng").Optional().Nillable().Range(-180, 180),
		field.Enum("category").GoType(enum.HazardCategory("")),
		field.Enum("level").GoType(enum.HazardLevel("")),
		field.Enum("source").GoType(enum.HazardSource("")),
		field.String("found_on").Match(dateRE),
		field.String("description").NotEmpty().MaxRuneLen(2000),
		field.String("measure").Default("").MaxRuneLen(2000),
		field.String("responsible_person").Default("").MaxRuneLen(50),
		field.String("responsible_phone").Default("").MaxRuneLen(30),
		field.String("deadline").Match(dateRE),
		field.String("original_deadline").Match(dateRE).Immutable(),
		field.Enum("status").GoType(enum.HazardStatus("")).Default(string(enum.StatusReported)),
		field.String("rectification_note").Default("").MaxRuneLen(2000),
		field.UUID("created_by", uuid.UUID{}).Optional().Nillable().Immutable(),
		field.UUID("verified_by", uuid.UUID{}).Optional().Nillable(),
		field.String("verified_by_name").Default("").MaxRuneLen(100),
		field.String("verified_on").Match(dateRE).Optional().Nillable(),
		// site_id and equipment_id link a hazard to the heating register:
		// a failing inspection opens one on its equipment.
		field.UUID("site_id", uuid.UUID{}).Optional().Nillable().Immutable(),
		field.UUID("equipment_id", uuid.UUID{}).Optional().Nillable().Immutable(),
	}
}

// Edges of the Hazard.
func (Hazard) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("events", HazardEvent.Type),
		edge.To("extensions", Extension.Type),
		edge.To("attachments", Attachment.Type),
	}
}

// Indexes of the Hazard: each list filter leads with the district, then the
// filter, then the sort key and id for keyset pages.
func (Hazard) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "code").Unique(),
		index.Fields("tenant_id", "deadline", "id"),
		index.Fields("tenant_id", "found_on", "id"),
		index.Fields("tenant_id", "status", "deadline", "id"),
		index.Fields("tenant_id", "company_id", "deadline", "id"),
		index.Fields("tenant_id", "street_id", "deadline", "id"),
		index.Fields("tenant_id", "category", "deadline", "id"),
		index.Fields("tenant_id", "community_id", "deadline", "id"),
		// A company's or a street office's own list by status (the
		// clerk's open work, the street's verification queue).
		index.Fields("tenant_id", "company_id", "status", "deadline", "id"),
		index.Fields("tenant_id", "street_id", "status", "deadline", "id"),
		index.Fields("site_id"),
		index.Fields("equipment_id"),
		// The open hazards by deadline: overdue lists. "Not verified"
		// cannot bound an index range, so the index holds the open rows
		// only (about a tenth of a ledger). The overdue filter names the
		// open statuses as literals (services/ledger/query.go), from which
		// PostgreSQL proves this predicate, also in a generic plan.
		index.Fields("tenant_id", "deadline", "id").StorageKey("hazard_open_tenant_id_deadline_id").
			Annotations(entsql.IndexWhere("status <> 'verified'")),
	}
}

// Hooks of the Hazard.
func (Hazard) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("hazard")} }

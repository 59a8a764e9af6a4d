package schema

import (
	"regexp"
	"time"

	"github.com/hearthsafety/hearth/ent/privacy"
	"github.com/hearthsafety/hearth/policy"

	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"
	"github.com/google/uuid"
)

// dateRE is a calendar date in the district's zone, kept as YYYY-MM-DD
// text: it compares and indexes alike on every dialect, and carries no time
// zone to get wrong.
var dateRE = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$`)

// seasonRE is a heating season's code: the two years its winter spans
// ("2026-2027").
var seasonRE = regexp.MustCompile(`^\d{4}-\d{4}$`)

// now is the clock for created_at/updated_at: always UTC, as DESIGN.md asks.
func now() time.Time { return time.Now().UTC() }

// IDMixin gives every record a UUIDv7 primary key: time-ordered, so keyset
// pages by id follow creation order and index inserts stay local.
type IDMixin struct{ mixin.Schema }

func newID() uuid.UUID { return uuid.Must(uuid.NewV7()) }

// Fields of the IDMixin.
func (IDMixin) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("id", uuid.UUID{}).Default(newID).Immutable(),
	}
}

// TimeMixin stamps created_at and updated_at in UTC.
type TimeMixin struct{ mixin.Schema }

// Fields of the TimeMixin.
func (TimeMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Default(now).Immutable(),
		field.Time("updated_at").Default(now).UpdateDefault(now),
	}
}

// VersionMixin adds the optimistic-concurrency counter behind ETags: an update
// names the version it read, and a stale one changes no row.
type VersionMixin struct{ mixin.Schema }

// Fields of the VersionMixin.
func (VersionMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("version").Default(1),
	}
}

// TenantMixin scopes a record to one district. tenant_id is immutable, stamped
// from the viewer on create and filtered on every query and mutation.
type TenantMixin struct{ mixin.Schema }

// Fields of the TenantMixin.
func (TenantMixin) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("tenant_id", uuid.UUID{}).Immutable(),
	}
}

// Edges of the TenantMixin: tenant_id is a foreign key to the district.
func (TenantMixin) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("tenant", Tenant.Type).Field("tenant_id").Unique().Required().Immutable(),
	}
}

// Policy of the TenantMixin: every query and mutation stays in the viewer's
// district; no viewer fails closed.
func (TenantMixin) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{policy.FilterTenant()},
		Mutation: privacy.MutationPolicy{policy.FilterTenant()},
	}
}

// Hooks of the TenantMixin.
func (TenantMixin) Hooks() []ent.Hook {
	return []ent.Hook{policy.StampTenant()}
}

// systemOnly is the policy of records only the System context touches.
func systemOnly() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.AlwaysDenyRule()},
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
	}
}

// LocatedMixin places a ledger record: the company that owns it and the
// street it lies in. The hazard scope rule reads these two fields, so every
// record of the ledger (hazards and their history, extensions, evidence)
// is scoped alike.
type LocatedMixin struct{ mixin.Schema }

// Fields of the LocatedMixin.
func (LocatedMixin) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("company_id", uuid.UUID{}).Immutable(),
		field.UUID("street_id", uuid.UUID{}),
	}
}

// Policy of the LocatedMixin.
func (LocatedMixin) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{policy.FilterLocated()},
		Mutation: privacy.MutationPolicy{policy.FilterLocated(), policy.LocatedCreateInScope()},
	}
}

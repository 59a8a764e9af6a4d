package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// Session is one sign-in: the family of refresh tokens that grew from it.
// Each refresh token names its session and its own id (refresh_jti); a
// refresh trades the current one for the next, and a refresh token that is
// no longer the current one (a stolen copy used after the owner, or the
// owner after a thief) ends the whole session. Sign-out ends it too, and
// every access token of an ended session stops working at once. Sessions
// are read and written by the sign-in code only, under System.
type Session struct{ ent.Schema }

// Annotations of the Session.
func (Session) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "sessions"}}
}

// Mixin of the Session.
func (Session) Mixin() []ent.Mixin { return []ent.Mixin{IDMixin{}, TimeMixin{}} }

// Fields of the Session.
func (Session) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("account_id", uuid.UUID{}).Immutable(), // a user's or an operator's id
		field.Bool("operator").Default(false).Immutable(),
		field.UUID("tenant_id", uuid.UUID{}).Optional().Nillable().Immutable(),
		field.UUID("refresh_jti", uuid.UUID{}),
		field.Time("expires_at"),
		field.Time("ended_at").Optional().Nillable(),
		field.String("end_reason").Default("").MaxLen(20), // logout | reused
	}
}

// Indexes of the Session.
func (Session) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id", "expires_at")}
}

// Policy of the Session: System only.
func (Session) Policy() ent.Policy { return systemOnly() }

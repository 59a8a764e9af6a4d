package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent/privacy"
	"github.com/hearthsafety/hearth/policy"
)

// Notification is one user's digest of a day (in the district's zone): every
// reminder due for that user that day is an item of it. Its id is derived
// from the user and the day, so concurrent workers meet on one row.
type Notification struct{ ent.Schema }

// Annotations of the Notification.
func (Notification) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "notifications"}}
}

// Mixin of the Notification.
func (Notification) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}}
}

// Fields of the Notification.
func (Notification) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("user_id", uuid.UUID{}).Immutable(),
		field.String("day").Match(dateRE).Immutable(),
		field.Time("read_at").Optional().Nillable(),
	}
}

// Edges of the Notification.
func (Notification) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("user", User.Type).Field("user_id").Unique().Required().Immutable(),
		edge.To("items", NotificationItem.Type),
	}
}

// Indexes of the Notification.
func (Notification) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("user_id", "day").Unique(),
		index.Fields("user_id", "updated_at", "id"),
	}
}

// Policy of the Notification: an inbox is its owner's alone.
func (Notification) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{policy.FilterOwnUser()},
		Mutation: privacy.MutationPolicy{policy.FilterOwnUser()},
	}
}

// NotificationItem is one reminder inside a digest.
type NotificationItem struct{ ent.Schema }

// Annotations of the NotificationItem.
func (NotificationItem) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "notification_items"}}
}

// Mixin of the NotificationItem.
func (NotificationItem) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}}
}

// Fields of the NotificationItem.
func (NotificationItem) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("notification_id", uuid.UUID{}).Immutable(),
		field.UUID("user_id", uuid.UUID{}).Immutable(),
		field.UUID("reminder_id", uuid.UUID{}).Immutable(),
		field.String("subject").Immutable(),
		field.UUID("subject_id", uuid.UUID{}).Immutable(),
		field.String("kind").Immutable(),
		field.Int("days_before").Immutable(),
		field.String("deadline").Immutable(),
		field.String("text").MaxRuneLen(500).Immutable(),
		field.Time("created_at").Default(now).Immutable(),
	}
}

// Edges of the NotificationItem.
func (NotificationItem) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("notification", Notification.Type).Ref("items").Field("notification_id").
			Unique().Required().Immutable(),
	}
}

// Indexes of the NotificationItem.
func (NotificationItem) Indexes() []ent.Index {
	return []ent.Index{index.Fields("notification_id", "reminder_id").Unique()}
}

// Policy of the NotificationItem.
func (NotificationItem) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{policy.FilterOwnUser()},
		Mutation: privacy.MutationPolicy{policy.FilterOwnUser()},
	}
}

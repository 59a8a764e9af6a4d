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
	"github.com/hearthsafety/hearth/policy"
)

// Reminder is one rung of a deadline's ladder: the outbox row written in the
// same transaction as the change that causes it. The database is the source
// of truth; Redis only schedules it (the task id is the reminder id).
type Reminder struct{ ent.Schema }

// Annotations of the Reminder.
func (Reminder) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "reminders"}}
}

// Mixin of the Reminder: it lies where its hazard lies.
func (Reminder) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, LocatedMixin{}}
}

// Fields of the Reminder.
func (Reminder) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("hazard_id", uuid.UUID{}).Immutable(),
		field.Enum("kind").Values("due_soon", "overdue").Immutable(),
		field.Int("days_before").Default(0).Immutable(),
		field.String("deadline").Match(dateRE).Immutable(),
		field.Time("due_at").Immutable(),
		// scheduled until a worker settles it: sent, cancelled (the hazard
		// was verified, its deadline moved, …) or failed after its retries.
		field.Enum("state").Values("scheduled", "sent", "cancelled", "failed").Default("scheduled"),
		field.Int("attempts").Default(0),
		field.String("last_error").Default("").MaxRuneLen(500),
		field.String("note").Default("").MaxRuneLen(200),
		field.Int("recipients").Default(0),
		// queued_at is when the relay last handed the reminder to Redis;
		// null means Redis may lack it.
		field.Time("queued_at").Optional().Nillable(),
		field.Time("done_at").Optional().Nillable(),
	}
}

// Edges of the Reminder.
func (Reminder) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("hazard", Hazard.Type).Ref("reminders").Field("hazard_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Reminder.
func (Reminder) Indexes() []ent.Index {
	return []ent.Index{
		// One rung once: planning twice adds nothing.
		index.Fields("hazard_id", "deadline", "kind", "days_before").Unique(),
		// The relay: what is scheduled and due soon, across districts.
		index.Fields("state", "due_at"),
		// The bureau's queue view.
		index.Fields("tenant_id", "state", "due_at", "id"),
		index.Fields("tenant_id", "due_at", "id"),
	}
}

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
		field.UUID("hazard_id", uuid.UUID{}).Immutable(),
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

// Webhook is an organisation's outbound endpoint: a generic JSON receiver
// signed with HMAC-SHA256, or a WeCom or DingTalk group robot.
type Webhook struct{ ent.Schema }

// Annotations of the Webhook.
func (Webhook) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "webhooks"}}
}

// Mixin of the Webhook.
func (Webhook) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}, VersionMixin{}}
}

// Fields of the Webhook. The URL of a group robot carries its key, so URL
// and secret are both kept out of logs and the audit trail.
func (Webhook) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("org_id", uuid.UUID{}).Immutable(),
		field.String("name").NotEmpty().MaxRuneLen(100),
		field.Enum("kind").Values("generic", "wecom", "dingtalk").Immutable(),
		field.String("url").NotEmpty().MaxRuneLen(2000).Sensitive(),
		field.String("secret").Default("").MaxRuneLen(200).Sensitive(),
		field.Bool("enabled").Default(true),
		field.UUID("created_by", uuid.UUID{}).Optional().Nillable().Immutable(),
	}
}

// Edges of the Webhook.
func (Webhook) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("org", Org.Type).Field("org_id").Unique().Required().Immutable(),
		edge.To("deliveries", WebhookDelivery.Type).Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the Webhook.
func (Webhook) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "org_id", "id")}
}

// Policy of the Webhook: the bureau manages any organisation's, a company
// its own.
func (Webhook) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{policy.FilterOwnOrg()},
		Mutation: privacy.MutationPolicy{policy.FilterOwnOrg(), policy.OrgCreateInScope()},
	}
}

// Hooks of the Webhook.
func (Webhook) Hooks() []ent.Hook { return []ent.Hook{audit.Hook("webhook")} }

// WebhookDelivery is one message to one webhook, with its attempts: the
// delivery log an organisation's admin reads. Its id is the task id in Redis
// and the X-Hearth-Delivery header, by which a receiver can drop a repeat.
type WebhookDelivery struct{ ent.Schema }

// Annotations of the WebhookDelivery.
func (WebhookDelivery) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "webhook_deliveries"}}
}

// Mixin of the WebhookDelivery.
func (WebhookDelivery) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{}, TenantMixin{}, TimeMixin{}}
}

// Fields of the WebhookDelivery.
func (WebhookDelivery) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("webhook_id", uuid.UUID{}).Immutable(),
		field.UUID("org_id", uuid.UUID{}).Immutable(),
		field.UUID("reminder_id", uuid.UUID{}).Optional().Nillable().Immutable(),
		field.String("event").Immutable(),
		// payload is the event as JSON, fixed when the delivery is made, so
		// every attempt sends the same message.
		field.Text("payload").Immutable(),
		field.Enum("state").Values("pending", "succeeded", "failed").Default("pending"),
		field.Int("attempts").Default(0),
		field.Int("last_status").Default(0),
		field.String("last_error").Default("").MaxRuneLen(500),
		field.Time("last_attempt_at").Optional().Nillable(),
		field.Time("queued_at").Optional().Nillable(),
		field.Time("delivered_at").Optional().Nillable(),
	}
}

// Edges of the WebhookDelivery.
func (WebhookDelivery) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("webhook", Webhook.Type).Ref("deliveries").Field("webhook_id").Unique().Required().Immutable(),
	}
}

// Indexes of the WebhookDelivery.
func (WebhookDelivery) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("webhook_id", "reminder_id").Unique(),
		index.Fields("webhook_id", "created_at", "id"),
		index.Fields("state", "created_at"),
		index.Fields("tenant_id", "state"),
	}
}

// Policy of the WebhookDelivery: as its webhook's.
func (WebhookDelivery) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{policy.FilterOwnOrg()},
		Mutation: privacy.MutationPolicy{policy.FilterOwnOrg(), policy.OrgCreateInScope()},
	}
}

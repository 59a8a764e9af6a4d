package schema

import (
	"database/sql"

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
	"github.com/hearthsafety/hearth/services/secrets"
)

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
		// secret is sealed at rest (services/secrets): the database holds
		// only ciphertext, under a key from the configuration.
		field.String("secret").Default("").MaxRuneLen(200).Sensitive().
			ValueScanner(field.ValueScannerFunc[string, *sql.NullString]{V: secrets.Value, S: secrets.Scan}),
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

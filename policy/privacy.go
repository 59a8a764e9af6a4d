package policy

import (
	"context"
	"errors"
	"fmt"

	"entgo.io/ent/entql"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/privacy"
	"github.com/hearthsafety/hearth/ent/schema/enum"
)

// ErrNoViewer is the denial when a query or mutation runs without a viewer.
var ErrNoViewer = errors.New("policy: no viewer in context")

// DenyIfNoViewer fails closed when the context carries no viewer.
func DenyIfNoViewer() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if FromContext(ctx) == nil {
			return privacy.Denyf("%w", ErrNoViewer)
		}
		return privacy.Skip
	})
}

type tenantFilter interface {
	WhereTenantID(entql.ValueP)
}

// FilterTenant limits every query and update to the viewer's district.
// Operators reach no district's records.
func FilterTenant() privacy.QueryMutationRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := FromContext(ctx)
		if v == nil || v.Operator {
			return privacy.Denyf("policy: no district viewer")
		}
		tf, ok := f.(tenantFilter)
		if !ok {
			return privacy.Denyf("policy: unexpected filter type %T", f)
		}
		tf.WhereTenantID(entql.ValueEQ(v.TenantID))
		return privacy.Skip
	})
}

// FilterOrgs limits organisations to what PERMISSIONS.md lets a scope see: the
// bureau all, a company its own and the streets (with their communities), a
// street its own jurisdiction and the companies.
func FilterOrgs() privacy.QueryMutationRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := FromContext(ctx)
		of, ok := f.(*ent.OrgFilter)
		if !ok {
			return privacy.Denyf("policy: unexpected filter type %T", f)
		}
		switch v.Scope() {
		case ScopeDistrict:
		case ScopeCompany:
			of.Where(entql.Or(
				entql.FieldEQ("id", v.OrgID),
				entql.FieldIn("kind", string(enum.OrgStreet), string(enum.OrgCommunity)),
			))
		case ScopeStreet:
			of.Where(entql.Or(
				entql.FieldIn("id", uuidsAny(v.Streets)...),
				entql.FieldIn("kind", string(enum.OrgGasCompany), string(enum.OrgHeatingCompany)),
			))
		default:
			return privacy.Denyf("policy: no scope")
		}
		return privacy.Skip
	})
}

// OnlyDistrictMutates denies changes to organisations outside the bureau.
func OnlyDistrictMutates() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if FromContext(ctx).Scope() != ScopeDistrict {
			return privacy.Denyf("policy: only the bureau changes %s", m.Type())
		}
		return privacy.Skip
	})
}

// FilterUsers limits users to the viewer's own organisation, or the whole
// district for the bureau. It holds for creates too: a company admin creates
// users in its own company only.
func FilterUsers() privacy.QueryMutationRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := FromContext(ctx)
		uf, ok := f.(*ent.UserFilter)
		if !ok {
			return privacy.Denyf("policy: unexpected filter type %T", f)
		}
		switch v.Scope() {
		case ScopeDistrict:
		case ScopeCompany, ScopeStreet:
			uf.WhereOrgID(entql.ValueEQ(v.OrgID))
		default:
			return privacy.Denyf("policy: no scope")
		}
		return privacy.Skip
	})
}

// UserCreateInScope checks a new user's organisation against the viewer's
// scope; filters cannot reach creates.
func UserCreateInScope() privacy.MutationRule {
	return privacy.UserMutationRuleFunc(func(ctx context.Context, m *ent.UserMutation) error {
		if !m.Op().Is(ent.OpCreate) {
			return privacy.Skip
		}
		v := FromContext(ctx)
		org, _ := m.OrgID()
		switch v.Scope() {
		case ScopeDistrict:
			return privacy.Skip
		case ScopeCompany:
			if org == v.OrgID {
				return privacy.Skip
			}
		}
		return privacy.Denyf("policy: user outside the viewer's organisation")
	})
}

// FilterTenants limits districts to the viewer's own; operators see all.
func FilterTenants() privacy.QueryMutationRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := FromContext(ctx)
		tf, ok := f.(*ent.TenantFilter)
		if !ok {
			return privacy.Denyf("policy: unexpected filter type %T", f)
		}
		switch {
		case v == nil:
			return privacy.Denyf("%w", ErrNoViewer)
		case v.Operator:
		default:
			tf.WhereID(entql.ValueEQ(v.TenantID))
		}
		return privacy.Skip
	})
}

// TenantMutations lets operators create and change districts, and a bureau
// admin change its own district's settings.
func TenantMutations() privacy.MutationRule {
	return privacy.TenantMutationRuleFunc(func(ctx context.Context, m *ent.TenantMutation) error {
		v := FromContext(ctx)
		switch {
		case v.Scope() == ScopePlatform:
			return privacy.Skip
		case v.Scope() == ScopeDistrict && !m.Op().Is(ent.OpCreate):
			return privacy.Skip // FilterTenants holds it to its own district
		}
		return privacy.Denyf("policy: district changes belong to operators and the bureau")
	})
}

// OnlyOperators keeps operator accounts to operators.
func OnlyOperators() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if FromContext(ctx).Scope() != ScopePlatform {
			return privacy.Denyf("policy: operators only")
		}
		return privacy.Skip
	})
}

// OnlyDistrictReads keeps a record kind (the audit trail) to the bureau.
func OnlyDistrictReads() privacy.QueryRule {
	return privacy.QueryRuleFunc(func(ctx context.Context, q ent.Query) error {
		if FromContext(ctx).Scope() != ScopeDistrict {
			return privacy.Denyf("policy: bureau only")
		}
		return privacy.Skip
	})
}

func uuidsAny(ids []uuid.UUID) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	if len(out) == 0 {
		out = append(out, uuid.Nil) // IN () matches nothing, explicitly
	}
	return out
}

type tenantMutation interface {
	SetTenantID(uuid.UUID)
	TenantID() (uuid.UUID, bool)
}

// StampTenant sets tenant_id on every create from the viewer; a body never
// chooses it. A create under System must have set it already.
func StampTenant() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if !m.Op().Is(ent.OpCreate) {
				return next.Mutate(ctx, m)
			}
			tm, ok := m.(tenantMutation)
			if !ok {
				return nil, fmt.Errorf("policy: %T has no tenant", m)
			}
			set, has := tm.TenantID()
			if IsSystem(ctx) {
				if !has || set == uuid.Nil {
					return nil, fmt.Errorf("policy: system create of %s without tenant_id", m.Type())
				}
				return next.Mutate(ctx, m)
			}
			v := FromContext(ctx)
			if v == nil || v.Operator || v.TenantID == uuid.Nil {
				return nil, privacy.Denyf("policy: create of %s without a district viewer", m.Type())
			}
			if has && set != v.TenantID {
				return nil, privacy.Denyf("policy: create of %s in another district", m.Type())
			}
			tm.SetTenantID(v.TenantID)
			return next.Mutate(ctx, m)
		})
	}
}

type userFilter interface {
	WhereUserID(entql.ValueP)
}

// FilterOwnUser keeps records that belong to one user (an inbox) to that
// user, whatever the role: the bureau reads no one else's notifications.
func FilterOwnUser() privacy.QueryMutationRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := FromContext(ctx)
		uf, ok := f.(userFilter)
		if !ok {
			return privacy.Denyf("policy: unexpected filter type %T", f)
		}
		if v == nil || v.Operator || v.UserID == uuid.Nil {
			return privacy.Denyf("policy: no district user")
		}
		uf.WhereUserID(entql.ValueEQ(v.UserID))
		return privacy.Skip
	})
}

type orgFilter interface {
	WhereOrgID(entql.ValueP)
}

// FilterOwnOrg scopes an organisation's records (webhooks and their
// deliveries): the bureau reaches every organisation's, anyone else only
// their own organisation's.
func FilterOwnOrg() privacy.QueryMutationRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := FromContext(ctx)
		of, ok := f.(orgFilter)
		if !ok {
			return privacy.Denyf("policy: unexpected filter type %T", f)
		}
		switch v.Scope() {
		case ScopeDistrict:
		case ScopeCompany, ScopeStreet:
			of.WhereOrgID(entql.ValueEQ(v.OrgID))
		default:
			return privacy.Denyf("policy: no scope")
		}
		return privacy.Skip
	})
}

type orgMutation interface {
	OrgID() (uuid.UUID, bool)
}

// OrgCreateInScope holds a new organisation record to the viewer's own
// organisation outside the bureau; filters cannot reach creates.
func OrgCreateInScope() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if !m.Op().Is(ent.OpCreate) {
			return privacy.Skip
		}
		v := FromContext(ctx)
		om, ok := m.(orgMutation)
		if !ok {
			return privacy.Denyf("policy: unexpected mutation type %T", m)
		}
		if v.Scope() == ScopeDistrict {
			return privacy.Skip
		}
		if id, _ := om.OrgID(); id == v.OrgID && v.OrgID != uuid.Nil {
			return privacy.Skip
		}
		return privacy.Denyf("policy: record outside the viewer's organisation")
	})
}

package policy

import (
	"context"

	"entgo.io/ent/entql"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/privacy"
)

// Company records (a heating company's readiness plan, its acceptances and
// history) belong to one company but lie in no single street: the bureau
// sees them all, the company its own, and a street office those reaching
// into its street through their located children (a plan with an item in
// its street).

// FilterCompanyOr limits queries and updates of company records to the
// viewer's scope. path is the edges from the record to its located
// children ("items", or "plan" then "items"): a street office reaches the
// records with such a child in its street.
func FilterCompanyOr(path ...string) privacy.QueryMutationRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := FromContext(ctx)
		lf, ok := f.(locatedFilter)
		if !ok {
			return privacy.Denyf("policy: unexpected filter type %T", f)
		}
		switch v.Scope() {
		case ScopeDistrict:
		case ScopeCompany:
			lf.Where(entql.FieldEQ("company_id", v.OrgID))
		case ScopeStreet:
			p := entql.FieldEQ("street_id", v.OrgID)
			for i := len(path) - 1; i >= 0; i-- {
				p = entql.HasEdgeWith(path[i], p)
			}
			lf.Where(p)
		default:
			return privacy.Denyf("policy: no scope")
		}
		return privacy.Skip
	})
}

type companyMutation interface {
	CompanyID() (uuid.UUID, bool)
}

// CompanyCreateInScope holds a new company record to the viewer: a company
// creates its own only. The bureau and street offices create for the
// company their service names (a street only what reaches its street,
// which the service checks before it writes).
func CompanyCreateInScope() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := FromContext(ctx)
		cm, ok := m.(companyMutation)
		if !ok {
			return privacy.Denyf("policy: unexpected mutation type %T", m)
		}
		if v.Scope() != ScopeCompany || !m.Op().Is(ent.OpCreate) {
			return privacy.Skip
		}
		if company, has := cm.CompanyID(); has && company == v.OrgID {
			return privacy.Skip
		}
		return privacy.Denyf("policy: record outside the viewer's scope")
	})
}

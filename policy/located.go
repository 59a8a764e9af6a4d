package policy

import (
	"context"

	"entgo.io/ent/entql"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/privacy"
)

// Ledger records (hazards and their history, extensions and evidence) carry
// the company that owns them and the street they lie in; these rules scope
// them: the bureau sees its whole district, a company its own records, a
// street office the records located in its jurisdiction.

type locatedFilter interface {
	Where(entql.P)
}

// FilterLocated limits queries and updates of ledger records to the
// viewer's scope.
func FilterLocated() privacy.QueryMutationRule {
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
			// street_id is always a street (the ledger checks it), so the
			// office's own org alone, not its communities too: an equality
			// keeps the (tenant_id, street_id, …, deadline, id) indexes
			// ordered, where an IN list makes PostgreSQL fetch and sort the
			// whole street for every page.
			lf.Where(entql.FieldEQ("street_id", v.OrgID))
		default:
			return privacy.Denyf("policy: no scope")
		}
		return privacy.Skip
	})
}

type locatedMutation interface {
	CompanyID() (uuid.UUID, bool)
	StreetID() (uuid.UUID, bool)
}

// LocatedCreateInScope holds new ledger records to the viewer's scope (filters
// cannot reach creates): a company records its own, a street its own ground.
// A street moved by an update must stay in a street office's jurisdiction.
func LocatedCreateInScope() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := FromContext(ctx)
		lm, ok := m.(locatedMutation)
		if !ok {
			return privacy.Denyf("policy: unexpected mutation type %T", m)
		}
		company, hasCompany := lm.CompanyID()
		street, hasStreet := lm.StreetID()
		switch v.Scope() {
		case ScopeDistrict:
			return privacy.Skip
		case ScopeCompany:
			if !m.Op().Is(ent.OpCreate) || (hasCompany && company == v.OrgID) {
				return privacy.Skip
			}
		case ScopeStreet:
			// street_id is always a street: the office's own org, the one
			// its list filter shows (not one of its communities).
			if !hasStreet || street == v.OrgID {
				return privacy.Skip
			}
		}
		return privacy.Denyf("policy: record outside the viewer's scope")
	})
}

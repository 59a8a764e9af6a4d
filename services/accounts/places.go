// Package accounts holds the rules of who is who in a district: districts
// (provisioning, settings), organisations, users and their roles, platform
// operators, passwords, and the place checks (company, street, community)
// that every located record of every module goes through.
package accounts

import (
	"context"
	"sync"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
)

// PlaceInput names where a located record lies, as a request or an Excel
// row gives it: a company (left out by a company's own people), a street,
// and optionally a community of that street.
type PlaceInput struct {
	CompanyID   *uuid.UUID
	StreetID    uuid.UUID
	CommunityID *uuid.UUID
}

// Place is a checked location: the company that owns the record and the
// street (and community) it lies in.
type Place struct {
	Company, Street uuid.UUID
	Community       *uuid.UUID
}

// Places checks locations against the district's organisations as the
// viewer in ctx sees them (a street office sees only its own street). It
// reads each organisation once, so checking the 5,000 rows of an import
// costs a query per distinct organisation, not three per row. A Places
// serves one request: organisations it read stay as they were read.
type Places struct {
	client *ent.Client
	mu     sync.Mutex
	orgs   map[uuid.UUID]*ent.Org // nil: absent or out of scope
}

// NewPlaces starts the checks of one request.
func NewPlaces(client *ent.Client) *Places {
	return &Places{client: client, orgs: map[uuid.UUID]*ent.Org{}}
}

// org reads an organisation within the viewer's scope, once.
func (p *Places) org(ctx context.Context, id uuid.UUID) (*ent.Org, error) {
	p.mu.Lock()
	o, ok := p.orgs[id]
	p.mu.Unlock()
	if ok {
		return o, nil
	}
	o, err := p.client.Org.Get(ctx, id)
	if ent.IsNotFound(err) {
		o, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	p.orgs[id] = o
	p.mu.Unlock()
	return o, nil
}

// Preload reads every company, street and community the viewer sees in one
// query: for imports, which check many rows.
func (p *Places) Preload(ctx context.Context) error {
	orgs, err := p.client.Org.Query().
		Where(org.KindIn(enum.OrgGasCompany, enum.OrgHeatingCompany, enum.OrgStreet, enum.OrgCommunity)).All(ctx)
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, o := range orgs {
		p.orgs[o.ID] = o
	}
	return nil
}

// Known lists the organisations read so far, for resolving names.
func (p *Places) Known() []*ent.Org {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]*ent.Org, 0, len(p.orgs))
	for _, o := range p.orgs {
		if o != nil {
			out = append(out, o)
		}
	}
	return out
}

// Check holds a place to the district's organisations: a company's people
// record for their own company; others name a gas or heating company that
// is not disabled; the street is a street the viewer sees; the community
// belongs to that street. It returns every problem at once, by field
// (company_id, street_id, community_id), so an import lists them per row.
func (p *Places) Check(ctx context.Context, in PlaceInput) (Place, []services.FieldError, error) {
	return p.check(ctx, in, false)
}

// CheckMove holds a record's new street and community to the district as
// Check does, keeping its company: an edit cannot change the company, so
// it is not checked again (a record of a company disabled since stays
// editable).
func (p *Places) CheckMove(ctx context.Context, company uuid.UUID, street uuid.UUID, community *uuid.UUID) (Place, []services.FieldError, error) {
	return p.check(ctx, PlaceInput{CompanyID: &company, StreetID: street, CommunityID: community}, true)
}

func (p *Places) check(ctx context.Context, in PlaceInput, kept bool) (Place, []services.FieldError, error) {
	v := policy.FromContext(ctx)
	var bad []services.FieldError
	fail := func(f, m string) { bad = append(bad, services.Field(f, m)) }
	pl := Place{Street: in.StreetID, Community: in.CommunityID}
	switch {
	case kept:
		pl.Company = *in.CompanyID
	case v.Scope() == policy.ScopeCompany:
		if in.CompanyID != nil && *in.CompanyID != v.OrgID {
			fail("company_id", "a company records its own hazards; leave company_id out")
		}
		pl.Company = v.OrgID
	case in.CompanyID == nil:
		fail("company_id", "is required: name the gas or heating company")
	default:
		o, err := p.org(ctx, *in.CompanyID)
		switch {
		case err != nil:
			return pl, nil, err
		case o == nil || !o.Kind.Company():
			fail("company_id", "must be a gas or heating company of this district")
		case o.Disabled:
			fail("company_id", "this company is disabled")
		}
		pl.Company = *in.CompanyID
	}
	s, err := p.org(ctx, in.StreetID)
	if err != nil {
		return pl, nil, err
	}
	if s == nil || s.Kind != enum.OrgStreet {
		if v.Scope() == policy.ScopeStreet {
			fail("street_id", "must be your street")
		} else {
			fail("street_id", "must be a street of this district")
		}
	} else if in.CommunityID != nil {
		c, err := p.org(ctx, *in.CommunityID)
		if err != nil {
			return pl, nil, err
		}
		if c == nil || c.Kind != enum.OrgCommunity || c.ParentID == nil || *c.ParentID != in.StreetID {
			fail("community_id", "must be a community of that street")
		}
	}
	return pl, bad, nil
}

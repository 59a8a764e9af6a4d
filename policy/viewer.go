// Package policy answers who may do what. casbin decides whether a role may
// take an action on a kind of record (Authz); the ent privacy rules in this
// package decide which rows a viewer reaches. The viewer travels in the
// request context; System is the one named bypass.
package policy

import (
	"context"
	"slices"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent/privacy"
	"github.com/hearthsafety/hearth/ent/schema/enum"
)

// Roles. Role templates are shared by every district; a user's roles are
// granted within the user's own district only.
const (
	RolePlatformAdmin   = "platform_admin"
	RoleBureauAdmin     = "bureau_admin"
	RoleBureauInspector = "bureau_inspector"
	RoleCompanyAdmin    = "company_admin"
	RoleCompanyStaff    = "company_staff"
	RoleStreetOfficer   = "street_officer"
)

// PlatformDomain is the casbin domain of platform operators, who belong to no
// district.
const PlatformDomain = "platform"

// Scope is how far inside its district a viewer reaches.
type Scope int

// Scopes, from none to all of a district.
const (
	ScopeNone     Scope = iota
	ScopePlatform       // operators: districts themselves, no district's records
	ScopeCompany        // a gas or heating company: its own records
	ScopeStreet         // a street office: records located in its streets
	ScopeDistrict       // the bureau: everything in the district
)

// Viewer is the authenticated caller of a request.
type Viewer struct {
	UserID      uuid.UUID
	Username    string
	DisplayName string
	Operator    bool // a platform operator, outside every district
	TenantID    uuid.UUID
	TenantSlug  string
	Timezone    string // the district's IANA zone; deadlines are dates in it
	OrgID       uuid.UUID
	OrgName     string
	OrgKind     enum.OrgKind
	Roles       []string
	// Streets is a street office's jurisdiction: its own org and its
	// communities. Empty for everyone else.
	Streets []uuid.UUID
}

// Scope tells how far the viewer reaches inside its district.
func (v *Viewer) Scope() Scope {
	switch {
	case v == nil:
		return ScopeNone
	case v.Operator:
		return ScopePlatform
	}
	switch v.OrgKind {
	case enum.OrgBureau:
		return ScopeDistrict
	case enum.OrgGasCompany, enum.OrgHeatingCompany:
		return ScopeCompany
	case enum.OrgStreet:
		return ScopeStreet
	}
	return ScopeNone
}

// HasRole reports whether the viewer holds role.
func (v *Viewer) HasRole(role string) bool {
	return v != nil && slices.Contains(v.Roles, role)
}

// KindObjects are the casbin objects only some kinds of company have: the
// heating register and readiness are a heating company's; alarm campaigns,
// premises and their devices, the renovation plan and occupation points a
// gas company's. A company of
// another kind is refused them whatever its roles (roles are shared by
// every company kind); the bureau and street offices are not companies and
// keep what their roles give.
var KindObjects = map[string]enum.OrgKind{
	"site": enum.OrgHeatingCompany, "equipment": enum.OrgHeatingCompany, "inspection": enum.OrgHeatingCompany,
	"inspection_rule": enum.OrgHeatingCompany, "season": enum.OrgHeatingCompany, "readiness": enum.OrgHeatingCompany,
	"alarm_campaign": enum.OrgGasCompany, "premise": enum.OrgGasCompany,
	"renovation": enum.OrgGasCompany, "occupation_point": enum.OrgGasCompany,
}

// KindAllows reports whether the viewer's kind of organisation may have
// obj at all (KindObjects).
func (v *Viewer) KindAllows(obj string) bool {
	kind, ok := KindObjects[obj]
	return !ok || v.Scope() != ScopeCompany || v.OrgKind == kind
}

// InStreets reports whether id is the viewer's street or one of its communities.
func (v *Viewer) InStreets(id uuid.UUID) bool {
	return v != nil && slices.Contains(v.Streets, id)
}

// Subject is the casbin subject of the viewer. Operators are checked as their
// role directly: casbin's role manager links a name to itself.
func (v *Viewer) Subject() (sub, dom string) {
	if v.Operator {
		return RolePlatformAdmin, PlatformDomain
	}
	return v.UserID.String(), v.TenantID.String()
}

type viewerKey struct{}
type systemKey struct{}

// NewContext returns ctx carrying the viewer.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// FromContext returns the viewer in ctx, or nil.
func FromContext(ctx context.Context) *Viewer {
	v, _ := ctx.Value(viewerKey{}).(*Viewer)
	return v
}

// System returns ctx that bypasses every privacy rule. It is the one bypass in
// Hearth: sign-in, provisioning, seeding, migrations and the audit writer use
// it, each for a reason written where it is called. Creates made under it must
// set tenant_id themselves.
func System(ctx context.Context) context.Context {
	ctx = context.WithValue(ctx, systemKey{}, true)
	return privacy.DecisionContext(ctx, privacy.Allow)
}

// IsSystem reports whether ctx came from System.
func IsSystem(ctx context.Context) bool {
	b, _ := ctx.Value(systemKey{}).(bool)
	return b
}

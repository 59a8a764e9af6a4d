package policy_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
)

func TestViewerScope(t *testing.T) {
	for _, tc := range []struct {
		v    *policy.Viewer
		want policy.Scope
	}{
		{nil, policy.ScopeNone},
		{&policy.Viewer{Operator: true}, policy.ScopePlatform},
		{&policy.Viewer{Operator: true, OrgKind: enum.OrgBureau}, policy.ScopePlatform},
		{&policy.Viewer{OrgKind: enum.OrgBureau}, policy.ScopeDistrict},
		{&policy.Viewer{OrgKind: enum.OrgGasCompany}, policy.ScopeCompany},
		{&policy.Viewer{OrgKind: enum.OrgHeatingCompany}, policy.ScopeCompany},
		{&policy.Viewer{OrgKind: enum.OrgStreet}, policy.ScopeStreet},
		{&policy.Viewer{OrgKind: enum.OrgCommunity}, policy.ScopeNone},
		{&policy.Viewer{}, policy.ScopeNone},
	} {
		if got := tc.v.Scope(); got != tc.want {
			t.Errorf("%+v: scope %d, want %d", tc.v, got, tc.want)
		}
	}
}

func TestViewerRolesStreetsSubject(t *testing.T) {
	street, community, elsewhere := uuid.New(), uuid.New(), uuid.New()
	v := &policy.Viewer{UserID: uuid.New(), TenantID: uuid.New(), OrgKind: enum.OrgStreet,
		Roles: []string{policy.RoleStreetOfficer}, Streets: []uuid.UUID{street, community}}
	if !v.HasRole(policy.RoleStreetOfficer) || v.HasRole(policy.RoleBureauAdmin) {
		t.Errorf("HasRole of %v is wrong", v.Roles)
	}
	if !v.InStreets(street) || !v.InStreets(community) || v.InStreets(elsewhere) {
		t.Error("InStreets is wrong")
	}
	var none *policy.Viewer
	if none.HasRole(policy.RoleStreetOfficer) || none.InStreets(street) {
		t.Error("a nil viewer holds something")
	}
	if sub, dom := v.Subject(); sub != v.UserID.String() || dom != v.TenantID.String() {
		t.Errorf("Subject = %s, %s", sub, dom)
	}
	op := &policy.Viewer{UserID: uuid.New(), Operator: true}
	if sub, dom := op.Subject(); sub != policy.RolePlatformAdmin || dom != policy.PlatformDomain {
		t.Errorf("operator Subject = %s, %s", sub, dom)
	}

	ctx := policy.NewContext(context.Background(), v)
	if policy.FromContext(ctx) != v || policy.FromContext(context.Background()) != nil {
		t.Error("the viewer does not travel in the context")
	}
}

func TestRolesForKind(t *testing.T) {
	for kind, want := range map[enum.OrgKind][]string{
		enum.OrgBureau:         {policy.RoleBureauAdmin, policy.RoleBureauInspector},
		enum.OrgGasCompany:     {policy.RoleCompanyAdmin, policy.RoleCompanyStaff},
		enum.OrgHeatingCompany: {policy.RoleCompanyAdmin, policy.RoleCompanyStaff},
		enum.OrgStreet:         {policy.RoleStreetOfficer},
		enum.OrgCommunity:      nil,
	} {
		if got := policy.RolesForKind(kind); !slices.Equal(got, want) {
			t.Errorf("RolesForKind(%s) = %v, want %v", kind, got, want)
		}
	}
	// Every district role is some organisation kind's.
	for _, role := range policy.DistrictRoles {
		found := false
		for _, kind := range []enum.OrgKind{enum.OrgBureau, enum.OrgGasCompany, enum.OrgStreet} {
			found = found || slices.Contains(policy.RolesForKind(kind), role)
		}
		if !found {
			t.Errorf("no organisation kind holds %s", role)
		}
	}
}

func TestKindAllowsKeepsHeatingFromGasCompanies(t *testing.T) {
	gas := &policy.Viewer{OrgKind: enum.OrgGasCompany}
	heating := &policy.Viewer{OrgKind: enum.OrgHeatingCompany}
	street := &policy.Viewer{OrgKind: enum.OrgStreet}
	bureau := &policy.Viewer{OrgKind: enum.OrgBureau}
	for _, obj := range []string{"site", "equipment", "inspection", "inspection_rule", "season", "readiness"} {
		if gas.KindAllows(obj) {
			t.Errorf("a gas company may have %s", obj)
		}
		for _, v := range []*policy.Viewer{heating, street, bureau} {
			if !v.KindAllows(obj) {
				t.Errorf("%s may not have %s", v.OrgKind, obj)
			}
		}
	}
	if !gas.KindAllows("hazard") {
		t.Error("a gas company may not have hazards")
	}
}

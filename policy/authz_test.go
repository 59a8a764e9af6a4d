package policy_test

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
)

// The enforcer, loaded from the embedded role templates and the grants in
// the database, answers every (role, object, action) as PERMISSIONS.md says,
// in the district the role was granted in and in no other.
func TestAuthzFollowsPermissions(t *testing.T) {
	allowed, objActs := policy.PermissionGrants(t)
	db := migrationstest.Open(t)
	ctx := context.Background()
	a, err := policy.NewAuthz(db.Client, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	district, other := uuid.New(), uuid.New()
	users := map[string]uuid.UUID{}
	for _, role := range policy.DistrictRoles {
		users[role] = uuid.New()
		if _, err := policy.WriteRoles(ctx, db.Client, district, users[role], []string{role}); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Reload(ctx); err != nil {
		t.Fatal(err)
	}

	check := func(who string, v *policy.Viewer, role string) {
		t.Helper()
		for _, oa := range objActs {
			want := role != "" && allowed[[3]string{role, oa[0], oa[1]}]
			if got := a.Allow(v, oa[0], oa[1]); got != want {
				t.Errorf("%s: %s %s = %v, want %v", who, oa[0], oa[1], got, want)
			}
		}
	}
	for _, role := range policy.DistrictRoles {
		check(role, &policy.Viewer{UserID: users[role], TenantID: district}, role)
		// Roles are granted within one district: elsewhere the user holds none.
		check(role+" in another district", &policy.Viewer{UserID: users[role], TenantID: other}, "")
		if got := a.Roles(users[role], district); !slices.Equal(got, []string{role}) {
			t.Errorf("Roles of the %s = %v", role, got)
		}
	}
	check("the operator", &policy.Viewer{UserID: uuid.New(), Operator: true}, policy.RolePlatformAdmin)
	check("a user with no role", &policy.Viewer{UserID: uuid.New(), TenantID: district}, "")
	check("no viewer", nil, "")

	// A role change is seen after Reload.
	ba := users[policy.RoleBureauAdmin]
	before, err := policy.WriteRoles(ctx, db.Client, district, ba, []string{policy.RoleBureauInspector})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(before, []string{policy.RoleBureauAdmin}) {
		t.Errorf("WriteRoles answered %v held before, want [bureau_admin]", before)
	}
	if err := a.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	check("a bureau admin made inspector", &policy.Viewer{UserID: ba, TenantID: district}, policy.RoleBureauInspector)
}

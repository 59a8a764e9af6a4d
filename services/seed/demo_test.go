package seed_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/ent/user"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services/seed"
)

// TestDemo seeds the demo districts once: every login the README lists holds
// its role, the trail of each district is intact, and a second seed is
// refused.
func TestDemo(t *testing.T) {
	t.Parallel()
	db := migrationstest.Open(t)
	ctx := context.Background()
	sys := policy.System(ctx)
	logins, err := seed.Demo(ctx, db.Client, cheap, "demo-password-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(logins) != 12 {
		t.Fatalf("%d logins, want 12 (9 nankai, 2 hexi, the operator)", len(logins))
	}
	authz, err := policy.NewAuthz(db.Client, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if err := authz.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	for _, l := range logins {
		if l.Tenant == "" {
			if l.Username != seed.DemoOperator || l.Role != policy.RolePlatformAdmin {
				t.Errorf("operator login %+v", l)
			}
			continue
		}
		u, err := db.Client.User.Query().Where(user.Username(l.Username), user.HasTenantWith(tenant.Slug(l.Tenant))).
			WithOrg().Only(sys)
		if err != nil {
			t.Fatalf("%s/%s: %v", l.Tenant, l.Username, err)
		}
		if roles := authz.Roles(u.ID, u.TenantID); len(roles) != 1 || roles[0] != l.Role || u.Edges.Org.Name != l.Org {
			t.Errorf("%s/%s: roles %v in %s, want %s in %s", l.Tenant, l.Username, roles, u.Edges.Org.Name, l.Role, l.Org)
		}
	}
	for _, slug := range []string{"nankai", "hexi"} {
		tn, err := db.Client.Tenant.Query().Where(tenant.Slug(slug)).Only(sys)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := audit.Verify(ctx, db.Client, tn.ID)
		if err != nil || !rep.OK || rep.Entries == 0 {
			t.Fatalf("%s: audit %+v, %v", slug, rep, err)
		}
	}
	if _, err := seed.Demo(ctx, db.Client, cheap, "demo-password-1"); !errors.Is(err, seed.ErrSeeded) {
		t.Fatalf("second seed: %v, want ErrSeeded", err)
	}
}

package accounts_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/operator"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/ent/user"
	"github.com/hearthsafety/hearth/migrations"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/accounts"
	"github.com/hearthsafety/hearth/services/seed"
)

// cheap keeps argon2id fast in tests.
var cheap = accounts.PasswordParams{Time: 1, Memory: 64, Threads: 1}

const password = "test-password-1"

// env is the service over a fresh database (SQLite, or PostgreSQL when
// HEARTH_TEST_DATABASE_URL is set) with the demo districts seeded.
type env struct {
	t     *testing.T
	db    *migrations.DB
	authz *policy.Authz
	svc   *accounts.Service
}

// newEnv marks t parallel: every test has a database of its own, so on
// PostgreSQL their setups overlap.
func newEnv(t *testing.T) *env {
	t.Helper()
	t.Parallel()
	ctx := context.Background()
	e := &env{t: t, db: migrationstest.Open(t)}
	var err error
	if e.authz, err = policy.NewAuthz(e.db.Client, nil, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Demo(ctx, e.db.Client, cheap, password); err != nil {
		t.Fatal(err)
	}
	if err := e.authz.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	e.svc = accounts.New(e.db.Client, e.authz, cheap, nil, func() time.Time { return time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC) })
	return e
}

// as is a context carrying the viewer of a demo login ("nankai/gas1.admin"),
// built as sign-in builds it.
func (e *env) as(login string) context.Context {
	e.t.Helper()
	slug, username, _ := strings.Cut(login, "/")
	sys := policy.System(context.Background())
	u, err := e.db.Client.User.Query().Where(user.Username(username), user.HasTenantWith(tenant.Slug(slug))).
		WithOrg().WithTenant().Only(sys)
	if err != nil {
		e.t.Fatalf("login %s: %v", login, err)
	}
	o, tn := u.Edges.Org, u.Edges.Tenant
	v := &policy.Viewer{UserID: u.ID, Username: u.Username, TenantID: tn.ID, TenantSlug: tn.Slug, Timezone: tn.Timezone,
		OrgID: o.ID, OrgName: o.Name, OrgKind: o.Kind, Roles: e.authz.Roles(u.ID, tn.ID)}
	if o.Kind == enum.OrgStreet {
		kids, err := e.db.Client.Org.Query().Where(org.ParentID(o.ID)).IDs(sys)
		if err != nil {
			e.t.Fatal(err)
		}
		v.Streets = append([]uuid.UUID{o.ID}, kids...)
	}
	return policy.NewContext(context.Background(), v)
}

// operator is a context carrying the demo platform operator.
func (e *env) operator() context.Context {
	e.t.Helper()
	op, err := e.db.Client.Operator.Query().Where(operator.Username(seed.DemoOperator)).Only(policy.System(context.Background()))
	if err != nil {
		e.t.Fatal(err)
	}
	return policy.NewContext(context.Background(), &policy.Viewer{UserID: op.ID, Username: op.Username,
		Operator: true, Roles: []string{policy.RolePlatformAdmin}})
}

// org is a demo organisation by district and name, read under System.
func (e *env) org(slug, name string) *ent.Org {
	e.t.Helper()
	o, err := e.db.Client.Org.Query().Where(org.Name(name), org.HasTenantWith(tenant.Slug(slug))).
		Only(policy.System(context.Background()))
	if err != nil {
		e.t.Fatalf("org %s/%s: %v", slug, name, err)
	}
	return o
}

// user is a demo user by login, read under System.
func (e *env) user(login string) *ent.User {
	e.t.Helper()
	slug, username, _ := strings.Cut(login, "/")
	u, err := e.db.Client.User.Query().Where(user.Username(username), user.HasTenantWith(tenant.Slug(slug))).
		Only(policy.System(context.Background()))
	if err != nil {
		e.t.Fatalf("user %s: %v", login, err)
	}
	return u
}

// wantCode fails unless err is a services.Error with code.
func wantCode(t *testing.T, err error, code string) *services.Error {
	t.Helper()
	var se *services.Error
	if !errors.As(err, &se) || se.Code != code {
		t.Fatalf("err %v, want code %s", err, code)
	}
	return se
}

// wantFields fails unless err is a validation error naming exactly fields.
func wantFields(t *testing.T, err error, fields ...string) *services.Error {
	t.Helper()
	se := wantCode(t, err, "validation_failed")
	var got []string
	for _, f := range se.Fields {
		got = append(got, f.Field)
	}
	slices.Sort(got)
	slices.Sort(fields)
	if !slices.Equal(got, fields) {
		t.Fatalf("fields %v (%v), want %v", got, se, fields)
	}
	return se
}

// wantKind fails unless services.As maps err to kind.
func wantKind(t *testing.T, err error, kind services.Kind) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want kind %d", kind)
	}
	if se, _ := services.As(err); se.Kind != kind {
		t.Fatalf("err %v (kind %d), want kind %d", err, se.Kind, kind)
	}
}

func ptr[T any](v T) *T { return &v }

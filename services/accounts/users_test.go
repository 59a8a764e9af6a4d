package accounts_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/auditentry"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/accounts"
)

func newUser(username string, orgID uuid.UUID, roles ...string) accounts.NewUser {
	return accounts.NewUser{Username: username, Password: "user-password-1", OrgID: orgID, Roles: roles}
}

func TestCreateUser(t *testing.T) {
	e := newEnv(t)
	bureau, gasAdmin := e.as("nankai/bureau.admin"), e.as("nankai/gas1.admin")
	gas1, gas2 := e.org("nankai", "津燃华润燃气有限公司").ID, e.org("nankai", "天津市南开燃气服务有限公司").ID
	street := e.org("nankai", "学府街").ID

	t.Run("OK", func(t *testing.T) {
		u, err := e.svc.CreateUser(bureau, newUser("street.xuefu", street, policy.RoleStreetOfficer))
		if err != nil {
			t.Fatal(err)
		}
		if roles := e.authz.Roles(u.ID, u.TenantID); len(roles) != 1 || roles[0] != policy.RoleStreetOfficer {
			t.Fatalf("roles %v: the grant did not take effect", roles)
		}
	})
	t.Run("OKCompanyAdminOwnCompany", func(t *testing.T) {
		if _, err := e.svc.CreateUser(gasAdmin, newUser("gas1.new", gas1, policy.RoleCompanyStaff)); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrOtherCompany", func(t *testing.T) {
		// A company admin adds users to its own company only, whatever the roles.
		if _, err := e.svc.CreateUser(gasAdmin, newUser("gas2.new", gas2, policy.RoleCompanyStaff)); !errors.Is(err, accounts.ErrOtherCompany) {
			t.Fatalf("err %v, want ErrOtherCompany", err)
		}
	})
	t.Run("ErrCompanyAdminGrantsBureauRole", func(t *testing.T) {
		_, err := e.svc.CreateUser(gasAdmin, newUser("gas1.boss", gas1, policy.RoleBureauAdmin))
		if !errors.Is(err, services.ErrForbidden) {
			t.Fatalf("err %v, want ErrForbidden", err)
		}
	})
	t.Run("ErrRoleOfAnotherKind", func(t *testing.T) {
		se := wantFields(t, must(e.svc.CreateUser(bureau, newUser("street.staff", street, policy.RoleCompanyStaff))), "roles")
		if m := se.Fields[0].Message; m != "a street user may hold only: street_officer" {
			t.Fatalf("message %q", m)
		}
	})
	t.Run("ErrRoleTwice", func(t *testing.T) {
		wantFields(t, must(e.svc.CreateUser(bureau, newUser("gas1.twice", gas1, policy.RoleCompanyStaff, policy.RoleCompanyStaff))), "roles")
	})
	t.Run("ErrCommunity", func(t *testing.T) {
		wantFields(t, must(e.svc.CreateUser(bureau, newUser("community.one", e.org("nankai", "学府街天大社区").ID, policy.RoleStreetOfficer))), "org_id")
	})
	t.Run("ErrOrgOfAnotherDistrict", func(t *testing.T) {
		wantFields(t, must(e.svc.CreateUser(bureau, newUser("hexi.one", e.org("hexi", "河西燃气有限公司").ID, policy.RoleCompanyStaff))), "org_id")
	})
	t.Run("ErrUsernameTaken", func(t *testing.T) {
		if _, err := e.svc.CreateUser(bureau, newUser("gas1.clerk", gas1, policy.RoleCompanyStaff)); !errors.Is(err, accounts.ErrUsernameTaken) {
			t.Fatalf("err %v, want ErrUsernameTaken", err)
		}
		// Usernames are unique within a district only.
		hexiGas := e.org("hexi", "河西燃气有限公司").ID
		if _, err := e.svc.CreateUser(e.as("hexi/bureau.admin"), newUser("gas1.admin", hexiGas, policy.RoleCompanyAdmin)); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrInput", func(t *testing.T) {
		wantFields(t, must(e.svc.CreateUser(bureau, accounts.NewUser{Username: "Bad Name", Password: "short", OrgID: gas1})),
			"username", "password", "roles")
	})
	t.Run("ErrNoViewer", func(t *testing.T) {
		wantKind(t, must(e.svc.CreateUser(context.Background(), newUser("nobody.one", gas1, policy.RoleCompanyStaff))), services.KindNotFound)
	})
}

func TestChangeUser(t *testing.T) {
	e := newEnv(t)
	bureau := e.as("nankai/bureau.admin")

	t.Run("ErrOwnRoles", func(t *testing.T) {
		me := e.user("nankai/bureau.admin")
		roles := []string{policy.RoleBureauInspector}
		if _, err := e.svc.ChangeUser(bureau, me.ID, me.Version, accounts.UserPatch{Roles: &roles}); !errors.Is(err, accounts.ErrOwnRoles) {
			t.Fatalf("err %v, want ErrOwnRoles", err)
		}
		same := []string{policy.RoleBureauAdmin} // the roles one holds: no change, allowed
		if _, err := e.svc.ChangeUser(bureau, me.ID, me.Version, accounts.UserPatch{Roles: &same}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("OKRoles", func(t *testing.T) {
		u := e.user("nankai/bureau.inspector")
		roles := []string{policy.RoleBureauAdmin, policy.RoleBureauInspector}
		got, err := e.svc.ChangeUser(bureau, u.ID, u.Version, accounts.UserPatch{Roles: &roles})
		if err != nil {
			t.Fatal(err)
		}
		if r := e.authz.Roles(got.ID, got.TenantID); len(r) != 2 {
			t.Fatalf("roles %v: the change did not take effect", r)
		}
	})
	t.Run("OKPasswordEndsSessions", func(t *testing.T) {
		u := e.user("nankai/gas1.clerk")
		got, err := e.svc.ChangeUser(bureau, u.ID, u.Version, accounts.UserPatch{Password: ptr("another-password-1")})
		if err != nil || got.TokenVersion != u.TokenVersion+1 || got.PasswordHash == u.PasswordHash {
			t.Fatalf("%v: token version %d → %d", err, u.TokenVersion, got.TokenVersion)
		}
		if ok, err := e.svc.CheckPassword(context.Background(), got.PasswordHash, "another-password-1"); !ok || err != nil {
			t.Fatalf("new password does not check: %v %v", ok, err)
		}
	})
	t.Run("ErrStale", func(t *testing.T) {
		u := e.user("nankai/gas2.clerk")
		if _, err := e.svc.ChangeUser(bureau, u.ID, u.Version+1, accounts.UserPatch{DisplayName: ptr("x")}); !errors.Is(err, services.ErrStale) {
			t.Fatalf("err %v, want ErrStale", err)
		}
	})
	t.Run("ErrCompanyAdminGrantsBureauRole", func(t *testing.T) {
		u := e.user("nankai/gas1.clerk")
		roles := []string{policy.RoleBureauAdmin}
		if _, err := e.svc.ChangeUser(e.as("nankai/gas1.admin"), u.ID, u.Version, accounts.UserPatch{Roles: &roles}); !errors.Is(err, services.ErrForbidden) {
			t.Fatalf("err %v, want ErrForbidden", err)
		}
	})
}

func TestSetUserDisabled(t *testing.T) {
	e := newEnv(t)
	bureau := e.as("nankai/bureau.admin")

	t.Run("ErrSelf", func(t *testing.T) {
		if _, err := e.svc.SetUserDisabled(bureau, e.user("nankai/bureau.admin").ID, true); !errors.Is(err, accounts.ErrDisableSelf) {
			t.Fatalf("err %v, want ErrDisableSelf", err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		u := e.user("nankai/gas2.clerk")
		got, err := e.svc.SetUserDisabled(bureau, u.ID, true)
		if err != nil || !got.Disabled || got.TokenVersion != u.TokenVersion+1 {
			t.Fatalf("%+v %v", got, err)
		}
		if got, err = e.svc.SetUserDisabled(bureau, u.ID, false); err != nil || got.Disabled {
			t.Fatalf("enabling: %+v %v", got, err)
		}
	})
	t.Run("ErrOutOfScope", func(t *testing.T) {
		wantKind(t, must(e.svc.SetUserDisabled(bureau, e.user("hexi/gas1.clerk").ID, true)), services.KindNotFound)
	})
}

func TestOperators(t *testing.T) {
	e := newEnv(t)
	cli := context.Background()

	t.Run("ErrShortPassword", func(t *testing.T) {
		// `hearth operator create --password 12345`
		wantFields(t, must(e.svc.CreateOperator(cli, accounts.NewOperator{Username: "ops.one", Password: "12345"})), "password")
	})
	t.Run("OK", func(t *testing.T) {
		op, err := e.svc.CreateOperator(cli, accounts.NewOperator{Username: "ops.one", Password: "ops-password-1"})
		if err != nil || op.Username != "ops.one" {
			t.Fatalf("%+v %v", op, err)
		}
	})
	t.Run("ErrTaken", func(t *testing.T) {
		if _, err := e.svc.CreateOperator(e.operator(), accounts.NewOperator{Username: "ops.one", Password: "ops-password-1"}); !errors.Is(err, accounts.ErrOperatorTaken) {
			t.Fatalf("err %v, want ErrOperatorTaken", err)
		}
	})
	t.Run("ErrNotOperator", func(t *testing.T) {
		wantKind(t, must(e.svc.CreateOperator(e.as("nankai/bureau.admin"), accounts.NewOperator{Username: "ops.two", Password: "ops-password-1"})),
			services.KindForbidden)
	})
	t.Run("OKPassword", func(t *testing.T) {
		op, err := e.svc.SetOperatorPassword(cli, accounts.OperatorPassword{Username: "ops.one", Password: "ops-password-2"})
		if err != nil || op.TokenVersion != 2 {
			t.Fatalf("%+v %v", op, err)
		}
		if ok, _ := e.svc.CheckPassword(cli, op.PasswordHash, "ops-password-2"); !ok {
			t.Fatal("the new password does not check")
		}
	})
	t.Run("ErrPassword", func(t *testing.T) {
		wantFields(t, must(e.svc.SetOperatorPassword(cli, accounts.OperatorPassword{Username: "ops.one", Password: "short"})), "password")
		wantKind(t, must(e.svc.SetOperatorPassword(cli, accounts.OperatorPassword{Username: "ops.nobody", Password: "ops-password-2"})),
			services.KindNotFound)
	})
}

func TestPasswords(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	hash, err := e.svc.HashPassword(ctx, "right-password-1")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, hash, pw string
		want           bool
	}{
		{"OK", hash, "right-password-1", true},
		{"ErrWrong", hash, "wrong-password-1", false},
		{"ErrUnknownAccount", "", "right-password-1", false},
		{"ErrNotAHash", "plain", "plain", false},
	} {
		if ok, err := e.svc.CheckPassword(ctx, c.hash, c.pw); ok != c.want || err != nil {
			t.Errorf("%s: %v %v", c.name, ok, err)
		}
	}
	long := make([]byte, services.MaxPassword+1)
	if _, err := accounts.HashPassword(string(long), cheap); err == nil {
		t.Error("a password over MaxPassword was hashed")
	}
}

// TestSetPasswordBySystem: `hearth user set-password` holds the password to
// the API's rules, ends the user's sessions, leaves an audited change with
// the password redacted, and names an unknown district or user.
func TestSetPasswordBySystem(t *testing.T) {
	e := newEnv(t)
	cli := context.Background()
	set := func(ctx context.Context, tenant, username, pw string) (*ent.User, error) {
		return e.svc.SetPasswordBySystem(ctx, accounts.UserPassword{Tenant: tenant, Username: username, Password: pw})
	}

	t.Run("OK", func(t *testing.T) {
		u, hexi := e.user("nankai/bureau.admin"), e.user("hexi/bureau.admin")
		got, err := set(cli, "nankai", "bureau.admin", "fresh-password-1")
		if err != nil || got.ID != u.ID {
			t.Fatalf("%+v %v", got, err)
		}
		if got.TokenVersion != u.TokenVersion+1 || got.Version != u.Version+1 {
			t.Fatalf("token version %d → %d, version %d → %d: the old sessions live on",
				u.TokenVersion, got.TokenVersion, u.Version, got.Version)
		}
		if ok, _ := e.svc.CheckPassword(cli, got.PasswordHash, "fresh-password-1"); !ok {
			t.Fatal("the new password does not check")
		}
		if ok, _ := e.svc.CheckPassword(cli, got.PasswordHash, password); ok {
			t.Fatal("the old password still checks")
		}
		a, err := e.db.Client.AuditEntry.Query().Where(auditentry.RecordID(u.ID), auditentry.Action("user.update")).
			Only(policy.System(cli))
		if err != nil {
			t.Fatalf("no audit entry of the change: %v", err)
		}
		if a.Actor != "system" || !strings.Contains(a.After, `"password_hash":"[redacted]"`) || strings.Contains(a.After, "argon2") {
			t.Fatalf("audit entry by %q: %s", a.Actor, a.After)
		}
		if rep, err := audit.Verify(cli, e.db.Client, u.TenantID); err != nil || !rep.OK {
			t.Fatalf("audit chain after the change: %+v %v", rep, err)
		}
		// The same username in another district is another person.
		if after := e.user("hexi/bureau.admin"); after.PasswordHash != hexi.PasswordHash || after.TokenVersion != hexi.TokenVersion {
			t.Fatal("hexi's bureau admin changed too")
		}
	})
	t.Run("ErrPasswordAsTheAPI", func(t *testing.T) {
		se := wantFields(t, must(set(cli, "nankai", "gas1.clerk", "short")), "password")
		if m := se.Fields[0].Message; m != "must be at least 10 characters and at most 128 bytes" {
			t.Fatalf("message %q", m)
		}
		wantFields(t, must(set(cli, "", "", "")), "tenant", "username", "password")
	})
	t.Run("ErrUnknownDistrict", func(t *testing.T) {
		err := must(set(cli, "heping", "bureau.admin", "fresh-password-1"))
		wantKind(t, err, services.KindNotFound)
		if !strings.Contains(err.Error(), `没有标识为 "heping" 的区`) || !strings.Contains(err.Error(), `no district has the slug "heping"`) {
			t.Fatalf("message %q", err)
		}
	})
	t.Run("ErrUnknownUser", func(t *testing.T) {
		err := must(set(cli, "hexi", "street.guangkai", "fresh-password-1"))
		wantKind(t, err, services.KindNotFound)
		if !strings.Contains(err.Error(), `没有用户名为 "street.guangkai" 的用户`) || !strings.Contains(err.Error(), `district hexi has no user "street.guangkai"`) {
			t.Fatalf("message %q", err)
		}
	})
	t.Run("ErrNotOperator", func(t *testing.T) {
		wantKind(t, must(set(e.as("nankai/bureau.admin"), "nankai", "gas1.clerk", "fresh-password-1")), services.KindForbidden)
	})
}

package accounts_test

import (
	"context"
	"errors"
	"testing"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/accounts"
)

func TestProvision(t *testing.T) {
	e := newEnv(t)
	ok := accounts.NewDistrict{Slug: "heping", Name: "和平区", AdminPassword: "heping-password-1"}

	t.Run("OK", func(t *testing.T) {
		ctx := context.Background() // the command line
		p, err := e.svc.Provision(ctx, ok)
		if err != nil {
			t.Fatal(err)
		}
		if p.Tenant.Timezone != "Asia/Shanghai" || p.Bureau.Name != "和平区城市管理委员会" || p.Bureau.Kind != enum.OrgBureau ||
			p.Admin.Username != accounts.DefaultAdminUsername || p.Admin.OrgID != p.Bureau.ID {
			t.Fatalf("provisioned %+v / %+v / %+v", p.Tenant, p.Bureau, p.Admin)
		}
		if roles := e.authz.Roles(p.Admin.ID, p.Tenant.ID); len(roles) != 1 || roles[0] != policy.RoleBureauAdmin {
			t.Fatalf("admin roles %v: the grant did not take effect", roles)
		}
		rep, err := audit.Verify(ctx, e.db.Client, p.Tenant.ID)
		if err != nil || !rep.OK || rep.Entries < 4 { // district, bureau, admin, roles
			t.Fatalf("audit %+v %v", rep, err)
		}
	})
	t.Run("OKByOperator", func(t *testing.T) {
		in := ok
		in.Slug, in.Name, in.Timezone, in.AdminUsername = "hebei", "河北区", "Asia/Urumqi", "first.admin"
		p, err := e.svc.Provision(e.operator(), in)
		if err != nil || p.Tenant.Timezone != "Asia/Urumqi" || p.Admin.Username != "first.admin" {
			t.Fatalf("%+v %v", p, err)
		}
	})
	t.Run("ErrBadSlugAndPassword", func(t *testing.T) {
		// What `hearth tenant create --slug 'Bad Slug!' --admin-password x` sends.
		_, err := e.svc.Provision(context.Background(), accounts.NewDistrict{Slug: "Bad Slug!", AdminPassword: "x"})
		se := wantFields(t, err, "slug", "name", "admin_password")
		for _, f := range se.Fields {
			if f.Field == "admin_password" && f.Message != "must be at least 10 characters and at most 128 bytes" {
				t.Errorf("admin_password: %q", f.Message)
			}
		}
	})
	t.Run("ErrShortPassword", func(t *testing.T) {
		in := ok
		in.Slug, in.AdminPassword = "hedong", "short-pw"
		wantFields(t, must(e.svc.Provision(context.Background(), in)), "admin_password")
	})
	t.Run("ErrBadTimezone", func(t *testing.T) {
		for _, tz := range []string{"Mars/Olympus", "Local", "local"} {
			in := ok
			in.Slug, in.Timezone = "hedong", tz
			wantFields(t, must(e.svc.Provision(context.Background(), in)), "timezone")
		}
	})
	t.Run("ErrSlugTaken", func(t *testing.T) {
		in := ok
		in.Slug = "nankai"
		if _, err := e.svc.Provision(context.Background(), in); !errors.Is(err, accounts.ErrSlugTaken) {
			t.Fatalf("err %v, want ErrSlugTaken", err)
		}
	})
	t.Run("ErrNotOperator", func(t *testing.T) {
		in := ok
		in.Slug = "hedong"
		wantKind(t, must(e.svc.Provision(e.as("nankai/bureau.admin"), in)), services.KindForbidden)
	})
}

func TestChangeSettings(t *testing.T) {
	e := newEnv(t)
	ctx := e.as("nankai/bureau.admin")
	cur := e.org("nankai", "南开区城市管理委员会").QueryTenant().OnlyX(policy.System(context.Background()))

	t.Run("OK", func(t *testing.T) {
		tn, err := e.svc.ChangeSettings(ctx, cur.Version, accounts.SettingsPatch{Name: ptr("南开"),
			Timezone: ptr("Asia/Urumqi"), ReminderDays: []int{7, 2}, ReminderHour: ptr(8)})
		if err != nil {
			t.Fatal(err)
		}
		if tn.Name != "南开" || tn.Timezone != "Asia/Urumqi" || tn.ReminderHour != 8 || len(tn.ReminderDays) != 2 ||
			tn.Version != cur.Version+1 {
			t.Fatalf("settings %+v", tn)
		}
		cur = tn
	})
	t.Run("ErrStale", func(t *testing.T) {
		if _, err := e.svc.ChangeSettings(ctx, cur.Version-1, accounts.SettingsPatch{Name: ptr("x")}); !errors.Is(err, services.ErrStale) {
			t.Fatalf("err %v, want ErrStale", err)
		}
	})
	t.Run("ErrTimezone", func(t *testing.T) {
		// An empty zone would load as UTC and be read as Asia/Shanghai.
		for _, tz := range []string{"", "Local", "Mars/Olympus"} {
			wantFields(t, must(e.svc.ChangeSettings(ctx, cur.Version, accounts.SettingsPatch{Timezone: ptr(tz)})), "timezone")
		}
	})
	t.Run("ErrLadder", func(t *testing.T) {
		for _, in := range []accounts.SettingsPatch{{ReminderDays: []int{0}}, {ReminderDays: []int{3, 3}},
			{ReminderDays: []int{1, 2, 3, 4, 5, 6}}, {ReminderHour: ptr(24)}} {
			wantKind(t, must(e.svc.ChangeSettings(ctx, cur.Version, in)), services.KindInvalid)
		}
	})
	t.Run("ErrNoViewer", func(t *testing.T) {
		wantKind(t, must(e.svc.ChangeSettings(context.Background(), cur.Version, accounts.SettingsPatch{})), services.KindNotFound)
	})
}

func TestChangeDistrict(t *testing.T) {
	e := newEnv(t)
	cur := e.org("hexi", "河西区城市管理委员会").QueryTenant().OnlyX(policy.System(context.Background()))

	t.Run("ErrNotOperator", func(t *testing.T) {
		// The bureau changes its settings, never whether its district is on.
		wantKind(t, must(e.svc.ChangeDistrict(e.as("hexi/bureau.admin"), cur.ID, cur.Version,
			accounts.DistrictPatch{Disabled: ptr(true)})), services.KindForbidden)
	})
	t.Run("OK", func(t *testing.T) {
		tn, err := e.svc.ChangeDistrict(e.operator(), cur.ID, cur.Version, accounts.DistrictPatch{Disabled: ptr(true)})
		if err != nil || !tn.Disabled {
			t.Fatalf("%+v %v", tn, err)
		}
		if tn, err = e.svc.ChangeDistrict(e.operator(), cur.ID, tn.Version, accounts.DistrictPatch{Disabled: ptr(false)}); err != nil || tn.Disabled {
			t.Fatalf("enabling: %+v %v", tn, err)
		}
	})
	t.Run("ErrStale", func(t *testing.T) {
		if _, err := e.svc.ChangeDistrict(e.operator(), cur.ID, cur.Version, accounts.DistrictPatch{Name: ptr("x")}); !errors.Is(err, services.ErrStale) {
			t.Fatalf("err %v, want ErrStale", err)
		}
	})
}

// must drops a result and keeps the error.
func must[T any](_ T, err error) error { return err }

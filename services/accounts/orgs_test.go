package accounts_test

import (
	"errors"
	"testing"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/accounts"
)

func TestCreateOrg(t *testing.T) {
	e := newEnv(t)
	bureau := e.as("nankai/bureau.admin")
	street := e.org("nankai", "学府街").ID

	t.Run("OK", func(t *testing.T) {
		o, err := e.svc.CreateOrg(bureau, accounts.NewOrg{Name: "新燃气公司", Kind: accounts.CreatableKind(enum.OrgGasCompany)})
		if err != nil || o.Kind != enum.OrgGasCompany || o.TenantID != e.org("nankai", "学府街").TenantID {
			t.Fatalf("%+v %v", o, err)
		}
		c, err := e.svc.CreateOrg(bureau, accounts.NewOrg{Name: "学府街新社区", Kind: accounts.CreatableKind(enum.OrgCommunity), ParentID: &street})
		if err != nil || c.ParentID == nil || *c.ParentID != street {
			t.Fatalf("%+v %v", c, err)
		}
	})
	t.Run("OKSameNameElsewhere", func(t *testing.T) {
		// Names are unique within a district only.
		if _, err := e.svc.CreateOrg(e.as("hexi/bureau.admin"), accounts.NewOrg{Name: "学府街", Kind: accounts.CreatableKind(enum.OrgStreet)}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrNameTaken", func(t *testing.T) {
		_, err := e.svc.CreateOrg(bureau, accounts.NewOrg{Name: "学府街", Kind: accounts.CreatableKind(enum.OrgStreet)})
		if !errors.Is(err, accounts.ErrOrgNameTaken) {
			t.Fatalf("err %v, want ErrOrgNameTaken", err)
		}
	})
	t.Run("ErrBureauKind", func(t *testing.T) {
		se := wantFields(t, must(e.svc.CreateOrg(bureau, accounts.NewOrg{Name: "第二委员会", Kind: accounts.CreatableKind(enum.OrgBureau)})), "kind")
		if m := se.Fields[0].Message; m != "must be one of: gas_company heating_company street community" {
			t.Fatalf("message %q", m)
		}
	})
	t.Run("ErrParent", func(t *testing.T) {
		company := e.org("nankai", "津燃华润燃气有限公司").ID
		hexiStreet := e.org("hexi", "友谊路街").ID
		for name, in := range map[string]accounts.NewOrg{
			"community without street": {Name: "无街社区", Kind: accounts.CreatableKind(enum.OrgCommunity)},
			"community under company":  {Name: "公司社区", Kind: accounts.CreatableKind(enum.OrgCommunity), ParentID: &company},
			"community under hexi":     {Name: "河西社区", Kind: accounts.CreatableKind(enum.OrgCommunity), ParentID: &hexiStreet},
			"street with parent":       {Name: "子街", Kind: accounts.CreatableKind(enum.OrgStreet), ParentID: &street},
		} {
			if err := must(e.svc.CreateOrg(bureau, in)); err == nil {
				t.Errorf("%s: accepted", name)
			} else {
				wantFields(t, err, "parent_id")
			}
		}
	})
	t.Run("ErrNotBureau", func(t *testing.T) {
		wantKind(t, must(e.svc.CreateOrg(e.as("nankai/gas1.admin"), accounts.NewOrg{Name: "某公司", Kind: accounts.CreatableKind(enum.OrgGasCompany)})),
			services.KindNotFound)
	})
}

func TestChangeOrg(t *testing.T) {
	e := newEnv(t)
	bureau := e.as("nankai/bureau.admin")
	o := e.org("nankai", "学府街")

	t.Run("ErrNameTaken", func(t *testing.T) {
		if _, err := e.svc.ChangeOrg(bureau, o.ID, o.Version, accounts.OrgPatch{Name: ptr("鼓楼街")}); !errors.Is(err, accounts.ErrOrgNameTaken) {
			t.Fatalf("err %v, want ErrOrgNameTaken", err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		got, err := e.svc.ChangeOrg(bureau, o.ID, o.Version, accounts.OrgPatch{Name: ptr("学府街道")})
		if err != nil || got.Name != "学府街道" || got.Version != o.Version+1 {
			t.Fatalf("%+v %v", got, err)
		}
	})
	t.Run("ErrStale", func(t *testing.T) {
		if _, err := e.svc.ChangeOrg(bureau, o.ID, o.Version, accounts.OrgPatch{Name: ptr("x")}); !errors.Is(err, services.ErrStale) {
			t.Fatalf("err %v, want ErrStale", err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		wantKind(t, must(e.svc.ChangeOrg(bureau, uuid.New(), 1, accounts.OrgPatch{})), services.KindNotFound)
		hexi := e.org("hexi", "友谊路街")
		wantKind(t, must(e.svc.ChangeOrg(bureau, hexi.ID, hexi.Version, accounts.OrgPatch{Name: ptr("x")})), services.KindNotFound)
	})
}

func TestSetOrgDisabled(t *testing.T) {
	e := newEnv(t)
	bureau := e.as("nankai/bureau.admin")

	t.Run("ErrBureau", func(t *testing.T) {
		_, err := e.svc.SetOrgDisabled(bureau, e.org("nankai", "南开区城市管理委员会").ID, true)
		if !errors.Is(err, accounts.ErrBureauDisabled) {
			t.Fatalf("err %v, want ErrBureauDisabled", err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		id := e.org("nankai", "天津市南开燃气服务有限公司").ID
		o, err := e.svc.SetOrgDisabled(bureau, id, true)
		if err != nil || !o.Disabled {
			t.Fatalf("%+v %v", o, err)
		}
		again, err := e.svc.SetOrgDisabled(bureau, id, true) // no change, no new version
		if err != nil || again.Version != o.Version {
			t.Fatalf("twice: %+v %v", again, err)
		}
		if o, err = e.svc.SetOrgDisabled(bureau, id, false); err != nil || o.Disabled {
			t.Fatalf("enabling: %+v %v", o, err)
		}
	})
}

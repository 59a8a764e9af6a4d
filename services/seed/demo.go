package seed

import (
	"context"
	"errors"
	"fmt"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/operator"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/accounts"
)

// ErrSeeded is returned when the demo districts exist already.
var ErrSeeded = errors.New("demo districts exist already")

// demoOrg is an organisation of a demo district with its communities and
// the users it starts with.
type demoOrg struct {
	name        string
	kind        enum.OrgKind
	communities []string
	users       []demoUser
}

// demoUser is a demo login: its username, role, and the person's name, as
// it shows wherever people are named (验收人 in the ledger, inboxes).
type demoUser struct{ username, role, name string }

type demoDistrict struct {
	slug, name string
	orgs       []demoOrg // the bureau first
}

// The demo districts of the foundation issue: 南开区 with the plan's five
// streets, and 河西区 to try isolation against.
var demo = []demoDistrict{
	{slug: "nankai", name: "南开区", orgs: []demoOrg{
		{name: "南开区城市管理委员会", kind: enum.OrgBureau, users: []demoUser{
			{"bureau.admin", policy.RoleBureauAdmin, "张伟"}, {"bureau.inspector", policy.RoleBureauInspector, "李娜"}}},
		{name: "津燃华润燃气有限公司", kind: enum.OrgGasCompany, users: []demoUser{
			{"gas1.admin", policy.RoleCompanyAdmin, "王强"}, {"gas1.clerk", policy.RoleCompanyStaff, "刘洋"}}},
		{name: "天津市南开燃气服务有限公司", kind: enum.OrgGasCompany, users: []demoUser{
			{"gas2.clerk", policy.RoleCompanyStaff, "陈静"}}},
		{name: "南开区供热服务中心", kind: enum.OrgHeatingCompany, users: []demoUser{
			{"heat1.admin", policy.RoleCompanyAdmin, "周涛"}, {"heat1.engineer", policy.RoleCompanyStaff, "杨磊"}}},
		{name: "体育中心街", kind: enum.OrgStreet, communities: []string{"体育中心街凌宾路社区", "体育中心街时代奥城社区"}},
		{name: "学府街", kind: enum.OrgStreet, communities: []string{"学府街南开大学社区", "学府街天大社区"}},
		{name: "鼓楼街", kind: enum.OrgStreet, communities: []string{"鼓楼街鼓楼东社区", "鼓楼街仓廒社区"}},
		{name: "广开街", kind: enum.OrgStreet, communities: []string{"广开街万德庄社区", "广开街南门外社区"},
			users: []demoUser{{"street.guangkai", policy.RoleStreetOfficer, "赵敏"}}},
		{name: "兴南街", kind: enum.OrgStreet, communities: []string{"兴南街广开四马路社区", "兴南街兴南社区"},
			users: []demoUser{{"street.xingnan", policy.RoleStreetOfficer, "黄勇"}}},
	}},
	{slug: "hexi", name: "河西区", orgs: []demoOrg{
		{name: "河西区城市管理委员会", kind: enum.OrgBureau, users: []demoUser{{"bureau.admin", policy.RoleBureauAdmin, "吴婷"}}},
		{name: "河西燃气有限公司", kind: enum.OrgGasCompany, users: []demoUser{{"gas1.clerk", policy.RoleCompanyStaff, "孙浩"}}},
		{name: "友谊路街", kind: enum.OrgStreet, communities: []string{"友谊路街平山道社区"}},
	}},
}

// DemoOperator is the platform operator the demo seed creates.
const DemoOperator = "platform.admin"

// Demo creates the demo districts, their organisations and logins, all with
// password, plus the demo platform operator, in one transaction. It runs
// under System (there is no viewer yet); the caller reloads Authz. It
// refuses (ErrSeeded) when a demo district exists already.
func Demo(ctx context.Context, client *ent.Client, pp accounts.PasswordParams, password string) ([]Login, error) {
	sys := policy.System(ctx)
	if n, err := client.Tenant.Query().Where(tenant.SlugIn("nankai", "hexi")).Count(sys); err != nil {
		return nil, err
	} else if n > 0 {
		return nil, ErrSeeded
	}
	var logins []Login
	err := services.InTx(sys, client, func(tx *ent.Tx) error {
		for _, d := range demo {
			t, err := tx.Tenant.Create().SetSlug(d.slug).SetName(d.name).Save(sys)
			if err != nil {
				return err
			}
			for _, o := range d.orgs {
				row, err := tx.Org.Create().SetTenantID(t.ID).SetName(o.name).SetKind(o.kind).Save(sys)
				if err != nil {
					return err
				}
				for _, cname := range o.communities {
					if err := tx.Org.Create().SetTenantID(t.ID).SetName(cname).SetKind(enum.OrgCommunity).
						SetParentID(row.ID).Exec(sys); err != nil {
						return err
					}
				}
				for _, u := range o.users {
					hash, err := accounts.HashPassword(password, pp) // a salt of its own for every account
					if err != nil {
						return err
					}
					if _, err := accounts.AddUser(sys, tx, accounts.UserRow{TenantID: t.ID, OrgID: row.ID,
						Username: u.username, PasswordHash: hash, DisplayName: u.name, Roles: []string{u.role}}); err != nil {
						return fmt.Errorf("seeding %s/%s: %w", d.slug, u.username, err)
					}
					logins = append(logins, Login{Tenant: d.slug, Username: u.username, Role: u.role, Org: o.name})
				}
			}
		}
		if exists, err := tx.Operator.Query().Where(operator.Username(DemoOperator)).Exist(sys); err != nil || exists {
			return err
		}
		hash, err := accounts.HashPassword(password, pp)
		if err != nil {
			return err
		}
		logins = append(logins, Login{Username: DemoOperator, Role: policy.RolePlatformAdmin})
		return tx.Operator.Create().SetUsername(DemoOperator).SetPasswordHash(hash).Exec(sys)
	})
	return logins, err
}

package accounts_test

import (
	"testing"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/accounts"
)

func TestPlaces(t *testing.T) {
	e := newEnv(t)
	gas1, gas2 := e.org("nankai", "津燃华润燃气有限公司").ID, e.org("nankai", "天津市南开燃气服务有限公司").ID
	heat := e.org("nankai", "南开区供热服务中心").ID
	guangkai, xingnan := e.org("nankai", "广开街").ID, e.org("nankai", "兴南街").ID
	guangkaiCommunity, xingnanCommunity := e.org("nankai", "广开街万德庄社区").ID, e.org("nankai", "兴南街兴南社区").ID
	hexiStreet := e.org("hexi", "友谊路街").ID
	// gas2 is disabled for the whole test.
	if _, err := e.svc.SetOrgDisabled(e.as("nankai/bureau.admin"), gas2, true); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		name  string
		login string
		in    accounts.PlaceInput
		want  []string // fields at fault
		co    uuid.UUID
	}{
		{name: "OKBureau", login: "nankai/bureau.admin", in: accounts.PlaceInput{CompanyID: &heat, StreetID: guangkai, CommunityID: &guangkaiCommunity}, co: heat},
		{name: "OKCompanyOwn", login: "nankai/gas1.clerk", in: accounts.PlaceInput{StreetID: xingnan}, co: gas1},
		{name: "OKCompanyNamesItself", login: "nankai/gas1.clerk", in: accounts.PlaceInput{CompanyID: &gas1, StreetID: xingnan}, co: gas1},
		{name: "OKStreetOwn", login: "nankai/street.guangkai", in: accounts.PlaceInput{CompanyID: &gas1, StreetID: guangkai, CommunityID: &guangkaiCommunity}, co: gas1},
		{name: "ErrCompanyNamesAnother", login: "nankai/gas1.clerk", in: accounts.PlaceInput{CompanyID: &heat, StreetID: xingnan}, want: []string{"company_id"}},
		{name: "ErrCompanyRequired", login: "nankai/bureau.admin", in: accounts.PlaceInput{StreetID: xingnan}, want: []string{"company_id"}},
		{name: "ErrDisabledCompany", login: "nankai/bureau.admin", in: accounts.PlaceInput{CompanyID: &gas2, StreetID: xingnan}, want: []string{"company_id"}},
		{name: "ErrStreetAsCompany", login: "nankai/bureau.admin", in: accounts.PlaceInput{CompanyID: &xingnan, StreetID: xingnan}, want: []string{"company_id"}},
		{name: "ErrCommunityOfAnotherStreet", login: "nankai/bureau.admin", in: accounts.PlaceInput{CompanyID: &gas1, StreetID: guangkai, CommunityID: &xingnanCommunity}, want: []string{"community_id"}},
		{name: "ErrStreetOfficerOtherStreet", login: "nankai/street.guangkai", in: accounts.PlaceInput{CompanyID: &gas1, StreetID: xingnan}, want: []string{"street_id"}},
		{name: "ErrStreetOfAnotherDistrict", login: "nankai/bureau.admin", in: accounts.PlaceInput{CompanyID: &gas1, StreetID: hexiStreet}, want: []string{"street_id"}},
		{name: "ErrAllAtOnce", login: "nankai/gas1.clerk", in: accounts.PlaceInput{CompanyID: &heat, StreetID: hexiStreet}, want: []string{"company_id", "street_id"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := e.as(c.login)
			p, bad, err := accounts.NewPlaces(e.db.Client).Check(ctx, c.in)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range bad {
				got = append(got, f.Field)
			}
			if len(c.want) > 0 {
				wantFields(t, services.Invalid(bad...), c.want...)
				return
			}
			if len(bad) > 0 || p.Company != c.co || p.Street != c.in.StreetID {
				t.Fatalf("place %+v, at fault %v", p, got)
			}
		})
	}

	t.Run("StreetOfficerMessage", func(t *testing.T) {
		_, bad, _ := accounts.NewPlaces(e.db.Client).Check(e.as("nankai/street.guangkai"), accounts.PlaceInput{CompanyID: &gas1, StreetID: xingnan})
		if len(bad) != 1 || bad[0].Message != "must be your street" {
			t.Fatalf("%v", bad)
		}
	})
	t.Run("Preload", func(t *testing.T) {
		p := accounts.NewPlaces(e.db.Client)
		ctx := e.as("nankai/bureau.admin")
		if err := p.Preload(ctx); err != nil {
			t.Fatal(err)
		}
		if n := len(p.Known()); n != 3+5+10 { // companies, streets, communities; not the bureau
			t.Fatalf("%d organisations preloaded", n)
		}
		if _, bad, err := p.Check(ctx, accounts.PlaceInput{CompanyID: &gas1, StreetID: guangkai}); err != nil || len(bad) > 0 {
			t.Fatalf("%v %v", bad, err)
		}
	})

}

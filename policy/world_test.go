package policy_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/privacy"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/migrations"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
)

// world is two districts written under policy.System, and a viewer of each
// scope. Every record has an alias; a test names what a viewer must see by
// alias.
//
//	district A: bureau; companies gas1 (gas) and heat1 (heating); streets
//	            street1 (community comm1) and street2 (community comm2);
//	            a user in each of bureau, gas1, heat1, street1, street2;
//	            hazards gas1@street1, gas1@street2, heat1@street1, heat1@street2;
//	            a webhook of bureau, gas1, heat1 and street1;
//	            an inbox day of the bureau, gas1 and street1 users.
//	district B: bureau, gas1, street1, a user in each; hazard gas1@street1;
//	            a webhook of gas1; an inbox day of its gas1 user.
//	platform:   one operator, "op".
type world struct {
	db    *migrations.DB
	ids   map[string]uuid.UUID // alias → id
	alias map[uuid.UUID]string // id → alias
	// viewers by scope: "A.bureau", "A.gas1", "A.heat1", "A.street1",
	// "A.street2", "B.bureau", "B.gas1", "B.street1" (the user of that org),
	// "operator", and "A.comm1" (a login of a community, which has no scope).
	viewers map[string]*policy.Viewer
}

var (
	worldOrgs = []struct {
		alias, parent string
		kind          enum.OrgKind
	}{
		{"A.bureau", "", enum.OrgBureau},
		{"A.gas1", "", enum.OrgGasCompany},
		{"A.heat1", "", enum.OrgHeatingCompany},
		{"A.street1", "", enum.OrgStreet},
		{"A.comm1", "A.street1", enum.OrgCommunity},
		{"A.street2", "", enum.OrgStreet},
		{"A.comm2", "A.street2", enum.OrgCommunity},
		{"B.bureau", "", enum.OrgBureau},
		{"B.gas1", "", enum.OrgGasCompany},
		{"B.street1", "", enum.OrgStreet},
	}
	worldUsers    = []string{"A.bureau", "A.gas1", "A.heat1", "A.street1", "A.street2", "B.bureau", "B.gas1", "B.street1"}
	worldHazards  = [][2]string{{"A.gas1", "A.street1"}, {"A.gas1", "A.street2"}, {"A.heat1", "A.street1"}, {"A.heat1", "A.street2"}, {"B.gas1", "B.street1"}}
	worldWebhooks = []string{"A.bureau", "A.gas1", "A.heat1", "A.street1", "B.gas1"}
	worldInboxes  = []string{"A.bureau", "A.gas1", "A.street1", "B.gas1"}
	worldRoles    = map[enum.OrgKind]string{
		enum.OrgBureau: policy.RoleBureauAdmin, enum.OrgGasCompany: policy.RoleCompanyAdmin,
		enum.OrgHeatingCompany: policy.RoleCompanyStaff, enum.OrgStreet: policy.RoleStreetOfficer,
	}
)

// Aliases of the records of each kind: hazard "h:A.gas1@A.street1", webhook
// "wh:A.gas1", user "u:A.gas1", inbox "n:A.gas1", district "A".
func hazardAlias(company, street string) string { return "h:" + company + "@" + street }

// newWorld opens a migrated database (SQLite, or PostgreSQL when
// HEARTH_TEST_DATABASE_URL is set) and writes the world in one transaction
// under policy.System: audited records must change inside one.
func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{db: migrationstest.Open(t), ids: map[string]uuid.UUID{}, alias: map[uuid.UUID]string{},
		viewers: map[string]*policy.Viewer{}}
	ctx := policy.System(context.Background())
	tx, err := w.db.Client.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := tx.Client()
	must := func(err error) {
		t.Helper()
		if err != nil {
			tx.Rollback()
			t.Fatal(err)
		}
	}
	for _, d := range []string{"A", "B"} {
		tn, err := c.Tenant.Create().SetSlug("district-" + d).SetName("District " + d).Save(ctx)
		must(err)
		w.add(d, tn.ID)
	}
	kinds := map[string]enum.OrgKind{}
	for _, o := range worldOrgs {
		cr := c.Org.Create().SetTenantID(w.ids[o.alias[:1]]).SetName(o.alias).SetKind(o.kind)
		if o.parent != "" {
			cr.SetParentID(w.ids[o.parent])
		}
		org, err := cr.Save(ctx)
		must(err)
		w.add(o.alias, org.ID)
		kinds[o.alias] = o.kind
	}
	for _, o := range worldUsers {
		u, err := c.User.Create().SetTenantID(w.ids[o[:1]]).SetUsername(o).SetPasswordHash("x").
			SetDisplayName("user of " + o).SetOrgID(w.ids[o]).Save(ctx)
		must(err)
		w.add("u:"+o, u.ID)
		v := &policy.Viewer{UserID: u.ID, Username: o, TenantID: w.ids[o[:1]], OrgID: w.ids[o],
			OrgName: o, OrgKind: kinds[o], Roles: []string{worldRoles[kinds[o]]}}
		if kinds[o] == enum.OrgStreet {
			v.Streets = []uuid.UUID{w.ids[o]}
			for _, c := range worldOrgs {
				if c.parent == o {
					v.Streets = append(v.Streets, w.ids[c.alias])
				}
			}
		}
		w.viewers[o] = v
	}
	for _, h := range worldHazards {
		hz, err := newHazard(c, w.ids[h[0]], w.ids[h[1]], hazardAlias(h[0], h[1])).
			SetTenantID(w.ids[h[0][:1]]).Save(ctx)
		must(err)
		w.add(hazardAlias(h[0], h[1]), hz.ID)
	}
	for _, o := range worldWebhooks {
		wh, err := c.Webhook.Create().SetTenantID(w.ids[o[:1]]).SetOrgID(w.ids[o]).SetName("wh:" + o).
			SetKind("generic").SetURL("https://example.com/" + o).SetSecret("s3cret").Save(ctx)
		must(err)
		w.add("wh:"+o, wh.ID)
	}
	for _, o := range worldInboxes {
		n, err := c.Notification.Create().SetTenantID(w.ids[o[:1]]).SetUserID(w.ids["u:"+o]).
			SetDay("2026-03-02").Save(ctx)
		must(err)
		w.add("n:"+o, n.ID)
	}
	op, err := c.Operator.Create().SetUsername("op").SetPasswordHash("x").Save(ctx)
	must(err)
	w.add("op", op.ID)
	must(tx.Commit())
	w.viewers["operator"] = &policy.Viewer{UserID: op.ID, Username: "op", Operator: true,
		Roles: []string{policy.RolePlatformAdmin}}
	// A login of a community: inside district A, but no scope there.
	w.viewers["A.comm1"] = &policy.Viewer{UserID: uuid.New(), Username: "A.comm1", TenantID: w.ids["A"],
		OrgID: w.ids["A.comm1"], OrgName: "A.comm1", OrgKind: enum.OrgCommunity}
	return w
}

func (w *world) add(alias string, id uuid.UUID) { w.ids[alias], w.alias[id] = id, alias }

// hazardNumbers numbers the test hazards (unique across districts too).
var hazardNumbers atomic.Int64

// newHazard is a hazard with every required field but its district.
func newHazard(c *ent.Client, company, street uuid.UUID, address string) *ent.HazardCreate {
	return c.Hazard.Create().SetCode(fmt.Sprintf("YH-2026-%06d", hazardNumbers.Add(1))).SetCompanyID(company).SetStreetID(street).SetAddress(address).
		SetCategory(enum.CategoryLeak).SetLevel(enum.LevelGeneral).SetSource(enum.SourceSelfInspection).
		SetFoundOn("2026-03-01").SetDescription("a test hazard").SetDeadline("2026-03-31").
		SetOriginalDeadline("2026-03-31")
}

// as returns a context carrying the named viewer; "" is no viewer at all.
func (w *world) as(name string) context.Context {
	if name == "" {
		return context.Background()
	}
	v, ok := w.viewers[name]
	if !ok {
		panic("no viewer " + name)
	}
	return policy.NewContext(context.Background(), v)
}

// names turns ids into sorted aliases.
func (w *world) names(ids []uuid.UUID) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if a, ok := w.alias[id]; ok {
			out = append(out, a)
		} else {
			out = append(out, id.String())
		}
	}
	slices.Sort(out)
	return out
}

// try runs f as the named viewer inside a transaction that it then rolls
// back, so every test starts from the same world. f's error is returned.
func (w *world) try(t *testing.T, viewer string, f func(ctx context.Context, c *ent.Client) error) error {
	t.Helper()
	ctx := w.as(viewer)
	tx, err := w.db.Client.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	return f(ctx, tx.Client())
}

// sees is what a query answered: the aliases, or the denial.
type sees struct {
	names  []string
	denied bool
}

// look runs list as the named viewer. A privacy denial is "denied"; any
// other error fails the test.
func (w *world) look(t *testing.T, viewer string, list func(ctx context.Context, c *ent.Client) ([]uuid.UUID, error)) sees {
	t.Helper()
	ids, err := list(w.as(viewer), w.db.Client)
	switch {
	case errors.Is(err, privacy.Deny):
		return sees{denied: true}
	case err != nil:
		t.Fatalf("%s: %v", viewer, err)
	}
	return sees{names: w.names(ids)}
}

// expectSees checks, for each viewer, the aliases a list answers (nil: the
// query is denied).
func (w *world) expectSees(t *testing.T, list func(ctx context.Context, c *ent.Client) ([]uuid.UUID, error),
	want map[string][]string) {
	t.Helper()
	for _, viewer := range slices.Sorted(maps.Keys(want)) {
		got := w.look(t, viewer, list)
		exp := slices.Sorted(slices.Values(want[viewer]))
		switch {
		case want[viewer] == nil && !got.denied:
			t.Errorf("%s sees %v, want a denial", label(viewer), got.names)
		case want[viewer] != nil && got.denied:
			t.Errorf("%s is denied, want %v", label(viewer), exp)
		case want[viewer] != nil && !slices.Equal(got.names, exp):
			t.Errorf("%s sees %v, want %v", label(viewer), got.names, exp)
		}
	}
}

func label(viewer string) string {
	if viewer == "" {
		return "no viewer"
	}
	return viewer
}

// isDenied reports whether err is a privacy denial.
func isDenied(err error) bool { return errors.Is(err, privacy.Deny) }

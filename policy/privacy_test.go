package policy_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/notification"
	"github.com/hearthsafety/hearth/ent/privacy"
	"github.com/hearthsafety/hearth/policy"
)

// Each privacy rule of privacy.go and located.go, with a viewer of every
// scope: the bureau (district), a gas and a heating company, a street office,
// a community login (no scope), the platform operator, no viewer at all, and
// another district's people. One world serves every rule; a test that
// changes something does it in a transaction it rolls back.
//
// In the want maps, a nil list is a denial (the query fails closed) and an
// empty list is an answer with nothing in it.
func TestScopeRules(t *testing.T) {
	w := newWorld(t)
	A, B := w.ids["A"], w.ids["B"]

	hazards := func(ctx context.Context, c *ent.Client) ([]uuid.UUID, error) { return c.Hazard.Query().IDs(ctx) }
	orgs := func(ctx context.Context, c *ent.Client) ([]uuid.UUID, error) { return c.Org.Query().IDs(ctx) }
	users := func(ctx context.Context, c *ent.Client) ([]uuid.UUID, error) { return c.User.Query().IDs(ctx) }
	webhooks := func(ctx context.Context, c *ent.Client) ([]uuid.UUID, error) { return c.Webhook.Query().IDs(ctx) }
	inboxes := func(ctx context.Context, c *ent.Client) ([]uuid.UUID, error) { return c.Notification.Query().IDs(ctx) }
	tenants := func(ctx context.Context, c *ent.Client) ([]uuid.UUID, error) { return c.Tenant.Query().IDs(ctx) }
	operators := func(ctx context.Context, c *ent.Client) ([]uuid.UUID, error) { return c.Operator.Query().IDs(ctx) }
	// auditTrails answers the districts whose audit entries the viewer reads.
	auditTrails := func(ctx context.Context, c *ent.Client) ([]uuid.UUID, error) {
		es, err := c.AuditEntry.Query().All(ctx)
		var ds []uuid.UUID
		for _, e := range es {
			if !slices.Contains(ds, e.TenantID) {
				ds = append(ds, e.TenantID)
			}
		}
		return ds, err
	}

	aOrgs := []string{"A.bureau", "A.gas1", "A.heat1", "A.street1", "A.comm1", "A.street2", "A.comm2"}
	aStreets := []string{"A.street1", "A.comm1", "A.street2", "A.comm2"}
	aHazards := []string{hazardAlias("A.gas1", "A.street1"), hazardAlias("A.gas1", "A.street2"),
		hazardAlias("A.heat1", "A.street1"), hazardAlias("A.heat1", "A.street2")}

	// FilterTenant holds every query of a district's records to the
	// viewer's district; the operator and no viewer are denied outright.
	t.Run("FilterTenant", func(t *testing.T) {
		for _, list := range []func(context.Context, *ent.Client) ([]uuid.UUID, error){hazards, orgs, users, webhooks} {
			for viewer, district := range map[string]string{"A.bureau": "A", "B.bureau": "B"} {
				got := w.look(t, viewer, list)
				for _, name := range got.names {
					if !containsDistrict(name, district) {
						t.Errorf("%s sees %s, outside its district", viewer, name)
					}
				}
				if got.denied || len(got.names) == 0 {
					t.Errorf("%s sees nothing of its own district", viewer)
				}
			}
			w.expectSees(t, list, map[string][]string{"operator": nil, "": nil})
		}

		// Changes too: another district's record is not found, as if it did
		// not exist; the operator and no viewer change nothing.
		other := w.ids[hazardAlias("B.gas1", "B.street1")]
		own := w.ids[hazardAlias("A.gas1", "A.street1")]
		if err := w.try(t, "A.bureau", func(ctx context.Context, c *ent.Client) error {
			return c.Hazard.UpdateOneID(other).SetAddress("moved").Exec(ctx)
		}); !ent.IsNotFound(err) {
			t.Errorf("A.bureau updating B's hazard: %v, want not found", err)
		}
		if err := w.try(t, "A.bureau", func(ctx context.Context, c *ent.Client) error {
			return c.Hazard.DeleteOneID(other).Exec(ctx)
		}); !ent.IsNotFound(err) {
			t.Errorf("A.bureau deleting B's hazard: %v, want not found", err)
		}
		if err := w.try(t, "A.bureau", func(ctx context.Context, c *ent.Client) error {
			return c.Hazard.UpdateOneID(own).SetAddress("moved").Exec(ctx)
		}); err != nil {
			t.Errorf("A.bureau updating its own district's hazard: %v", err)
		}
		for _, viewer := range []string{"operator", ""} {
			if err := w.try(t, viewer, func(ctx context.Context, c *ent.Client) error {
				return c.Hazard.UpdateOneID(own).SetAddress("moved").Exec(ctx)
			}); !isDenied(err) {
				t.Errorf("%s updating a hazard: %v, want a denial", label(viewer), err)
			}
			if err := w.try(t, viewer, func(ctx context.Context, c *ent.Client) error {
				return newHazard(c, w.ids["A.gas1"], w.ids["A.street1"], "new").SetTenantID(A).Exec(ctx)
			}); !isDenied(err) {
				t.Errorf("%s creating a hazard: %v, want a denial", label(viewer), err)
			}
		}
	})

	// StampTenant: a create takes the viewer's district; naming another is
	// refused; a System create must name its district itself.
	t.Run("StampTenant", func(t *testing.T) {
		if err := w.try(t, "A.gas1", func(ctx context.Context, c *ent.Client) error {
			h, err := newHazard(c, w.ids["A.gas1"], w.ids["A.street1"], "stamped").Save(ctx)
			if err == nil && h.TenantID != A {
				t.Errorf("created in district %v, want A", h.TenantID)
			}
			return err
		}); err != nil {
			t.Errorf("A.gas1 creating without a district: %v", err)
		}
		if err := w.try(t, "A.gas1", func(ctx context.Context, c *ent.Client) error {
			return newHazard(c, w.ids["A.gas1"], w.ids["A.street1"], "elsewhere").SetTenantID(B).Exec(ctx)
		}); !isDenied(err) {
			t.Errorf("A.gas1 creating in district B: %v, want a denial", err)
		}
		if err := w.try(t, "A.gas1", func(ctx context.Context, c *ent.Client) error {
			return newHazard(c, w.ids["A.gas1"], w.ids["A.street1"], "named").SetTenantID(A).Exec(ctx)
		}); err != nil {
			t.Errorf("A.gas1 creating in its own district, named: %v", err)
		}
		if err := w.try(t, "", func(ctx context.Context, c *ent.Client) error {
			return newHazard(c, w.ids["A.gas1"], w.ids["A.street1"], "system").Exec(policy.System(ctx))
		}); err == nil {
			t.Error("a System create without tenant_id succeeded")
		}
		if err := w.try(t, "", func(ctx context.Context, c *ent.Client) error {
			return newHazard(c, w.ids["B.gas1"], w.ids["B.street1"], "system").SetTenantID(B).Exec(policy.System(ctx))
		}); err != nil {
			t.Errorf("a System create naming its district: %v", err)
		}
	})

	// FilterOrgs: the bureau sees its district's organisations; a company
	// its own and the streets with their communities; a street its own
	// jurisdiction and the companies.
	t.Run("FilterOrgs", func(t *testing.T) {
		w.expectSees(t, orgs, map[string][]string{
			"A.bureau":  aOrgs,
			"A.gas1":    append([]string{"A.gas1"}, aStreets...),
			"A.heat1":   append([]string{"A.heat1"}, aStreets...),
			"A.street1": {"A.street1", "A.comm1", "A.gas1", "A.heat1"},
			"A.street2": {"A.street2", "A.comm2", "A.gas1", "A.heat1"},
			"A.comm1":   nil,
			"B.bureau":  {"B.bureau", "B.gas1", "B.street1"},
			"B.street1": {"B.street1", "B.gas1"},
			"operator":  nil,
			"":          nil,
		})
	})

	// OnlyDistrictMutates: only the bureau creates or changes organisations.
	t.Run("OnlyDistrictMutates", func(t *testing.T) {
		create := func(ctx context.Context, c *ent.Client) error {
			return c.Org.Create().SetName("new street").SetKind("street").Exec(ctx)
		}
		rename := func(alias string) func(ctx context.Context, c *ent.Client) error {
			return func(ctx context.Context, c *ent.Client) error {
				return c.Org.UpdateOneID(w.ids[alias]).SetName(alias + " renamed").Exec(ctx)
			}
		}
		for viewer, want := range map[string]bool{"A.bureau": true, "A.gas1": false, "A.heat1": false,
			"A.street1": false, "A.comm1": false, "operator": false, "": false} {
			err := w.try(t, viewer, create)
			if want && err != nil || !want && !isDenied(err) {
				t.Errorf("%s creating an organisation: %v, allowed: %v", label(viewer), err, want)
			}
			own := "A.gas1"
			if v := w.viewers[viewer]; v != nil && v.OrgID != uuid.Nil {
				own = w.alias[v.OrgID]
			}
			err = w.try(t, viewer, rename(own))
			if want && err != nil || !want && !isDenied(err) {
				t.Errorf("%s renaming %s: %v, allowed: %v", label(viewer), own, err, want)
			}
		}
		if err := w.try(t, "A.bureau", rename("B.gas1")); !ent.IsNotFound(err) {
			t.Errorf("A.bureau renaming B's company: %v, want not found", err)
		}
	})

	// FilterUsers: the bureau sees its district's users; a company or a
	// street office only its own organisation's.
	t.Run("FilterUsers", func(t *testing.T) {
		w.expectSees(t, users, map[string][]string{
			"A.bureau":  {"u:A.bureau", "u:A.gas1", "u:A.heat1", "u:A.street1", "u:A.street2"},
			"A.gas1":    {"u:A.gas1"},
			"A.heat1":   {"u:A.heat1"},
			"A.street1": {"u:A.street1"},
			"A.comm1":   nil,
			"B.bureau":  {"u:B.bureau", "u:B.gas1", "u:B.street1"},
			"operator":  nil,
			"":          nil,
		})
		relabel := func(alias string) func(ctx context.Context, c *ent.Client) error {
			return func(ctx context.Context, c *ent.Client) error {
				return c.User.UpdateOneID(w.ids[alias]).SetDisplayName("relabelled").Exec(ctx)
			}
		}
		for _, tc := range []struct {
			viewer, user string
			ok           bool
		}{
			{"A.bureau", "u:A.gas1", true}, {"A.gas1", "u:A.gas1", true}, {"A.street1", "u:A.street1", true},
			{"A.gas1", "u:A.heat1", false}, {"A.street1", "u:A.street2", false}, {"A.bureau", "u:B.gas1", false},
		} {
			err := w.try(t, tc.viewer, relabel(tc.user))
			if tc.ok && err != nil || !tc.ok && !ent.IsNotFound(err) {
				t.Errorf("%s changing %s: %v, allowed: %v (else not found)", tc.viewer, tc.user, err, tc.ok)
			}
		}
	})

	// UserCreateInScope: the bureau creates users in any organisation of
	// its district, a company admin in its own company only, nobody else.
	t.Run("UserCreateInScope", func(t *testing.T) {
		for _, tc := range []struct {
			viewer, org string
			ok          bool
		}{
			{"A.bureau", "A.gas1", true}, {"A.bureau", "A.street2", true},
			{"A.gas1", "A.gas1", true}, {"A.heat1", "A.heat1", true},
			{"A.gas1", "A.heat1", false}, {"A.gas1", "A.street1", false},
			{"A.street1", "A.street1", false}, {"A.street1", "A.comm1", false},
			{"A.comm1", "A.comm1", false}, {"operator", "A.gas1", false}, {"", "A.gas1", false},
		} {
			err := w.try(t, tc.viewer, func(ctx context.Context, c *ent.Client) error {
				return c.User.Create().SetUsername("newcomer").SetPasswordHash("x").SetOrgID(w.ids[tc.org]).Exec(ctx)
			})
			if tc.ok && err != nil || !tc.ok && !isDenied(err) {
				t.Errorf("%s creating a user in %s: %v, allowed: %v", label(tc.viewer), tc.org, err, tc.ok)
			}
		}
	})

	// FilterTenants and TenantMutations: a district's people see their own
	// district; operators see and provision all of them; the bureau changes
	// its own district's settings and creates none.
	t.Run("FilterTenants", func(t *testing.T) {
		w.expectSees(t, tenants, map[string][]string{
			"A.bureau": {"A"}, "A.gas1": {"A"}, "A.street1": {"A"}, "A.comm1": {"A"}, "B.gas1": {"B"},
			"operator": {"A", "B"}, "": nil,
		})
	})
	t.Run("TenantMutations", func(t *testing.T) {
		create := func(ctx context.Context, c *ent.Client) error {
			return c.Tenant.Create().SetSlug("district-c").SetName("District C").Exec(ctx)
		}
		settings := func(id uuid.UUID) func(ctx context.Context, c *ent.Client) error {
			return func(ctx context.Context, c *ent.Client) error {
				return c.Tenant.UpdateOneID(id).SetReminderHour(8).Exec(ctx)
			}
		}
		for _, tc := range []struct {
			viewer, what string
			f            func(ctx context.Context, c *ent.Client) error
			want         string // "ok", "denied", "not found"
		}{
			{"operator", "create", create, "ok"},
			{"operator", "change B", settings(B), "ok"},
			{"A.bureau", "change A", settings(A), "ok"},
			{"A.bureau", "change B", settings(B), "not found"},
			{"A.bureau", "create", create, "denied"},
			{"A.gas1", "change A", settings(A), "denied"},
			{"A.street1", "change A", settings(A), "denied"},
			{"A.comm1", "change A", settings(A), "denied"},
			{"", "change A", settings(A), "denied"},
			{"", "create", create, "denied"},
		} {
			if got := outcome(w.try(t, tc.viewer, tc.f)); got != tc.want {
				t.Errorf("%s: %s: %s, want %s", label(tc.viewer), tc.what, got, tc.want)
			}
		}
	})

	// OnlyOperators: operator accounts are the operators' alone.
	t.Run("OnlyOperators", func(t *testing.T) {
		w.expectSees(t, operators, map[string][]string{
			"operator": {"op"}, "A.bureau": nil, "A.gas1": nil, "": nil,
		})
		for viewer, want := range map[string]string{"operator": "ok", "A.bureau": "denied", "": "denied"} {
			got := outcome(w.try(t, viewer, func(ctx context.Context, c *ent.Client) error {
				return c.Operator.UpdateOneID(w.ids["op"]).SetDisabled(true).Exec(ctx)
			}))
			if got != want {
				t.Errorf("%s disabling an operator: %s, want %s", label(viewer), got, want)
			}
		}
	})

	// OnlyDistrictReads: the audit trail is the bureau's, of its district.
	t.Run("OnlyDistrictReads", func(t *testing.T) {
		w.expectSees(t, auditTrails, map[string][]string{
			"A.bureau": {"A"}, "B.bureau": {"B"},
			"A.gas1": nil, "A.heat1": nil, "A.street1": nil, "A.comm1": nil, "operator": nil, "": nil,
		})
	})

	// FilterOwnUser: an inbox is its owner's, whatever the role: the bureau
	// reads no one else's.
	t.Run("FilterOwnUser", func(t *testing.T) {
		w.expectSees(t, inboxes, map[string][]string{
			"A.bureau": {"n:A.bureau"}, "A.gas1": {"n:A.gas1"}, "A.street1": {"n:A.street1"},
			"A.heat1": {}, "A.comm1": {}, "B.bureau": {}, "B.gas1": {"n:B.gas1"},
			"operator": nil, "": nil,
		})
		read := func(alias string) func(ctx context.Context, c *ent.Client) error {
			return func(ctx context.Context, c *ent.Client) error {
				return c.Notification.UpdateOneID(w.ids[alias]).SetReadAt(time.Now()).Exec(ctx)
			}
		}
		for _, tc := range []struct{ viewer, inbox, want string }{
			{"A.gas1", "n:A.gas1", "ok"}, {"A.bureau", "n:A.gas1", "not found"},
			{"A.gas1", "n:A.bureau", "not found"}, {"B.gas1", "n:A.gas1", "not found"},
			{"operator", "n:A.gas1", "denied"}, {"", "n:A.gas1", "denied"},
		} {
			if got := outcome(w.try(t, tc.viewer, read(tc.inbox))); got != tc.want {
				t.Errorf("%s reading %s: %s, want %s", label(tc.viewer), tc.inbox, got, tc.want)
			}
		}
		// A bulk "read all" reaches the viewer's own inbox only.
		if err := w.try(t, "A.bureau", func(ctx context.Context, c *ent.Client) error {
			n, err := c.Notification.Update().Where(notification.ReadAtIsNil()).SetReadAt(time.Now()).Save(ctx)
			if err == nil && n != 1 {
				t.Errorf("A.bureau's read-all marked %d inboxes, want its own 1", n)
			}
			return err
		}); err != nil {
			t.Error(err)
		}
	})

	// FilterOwnOrg: an organisation's webhooks are the bureau's to reach in
	// every organisation of its district, and anyone else's in its own.
	t.Run("FilterOwnOrg", func(t *testing.T) {
		w.expectSees(t, webhooks, map[string][]string{
			"A.bureau":  {"wh:A.bureau", "wh:A.gas1", "wh:A.heat1", "wh:A.street1"},
			"A.gas1":    {"wh:A.gas1"},
			"A.heat1":   {"wh:A.heat1"},
			"A.street1": {"wh:A.street1"},
			"A.street2": {},
			"A.comm1":   nil,
			"B.bureau":  {"wh:B.gas1"},
			"operator":  nil,
			"":          nil,
		})
		rename := func(alias string) func(ctx context.Context, c *ent.Client) error {
			return func(ctx context.Context, c *ent.Client) error {
				return c.Webhook.UpdateOneID(w.ids[alias]).SetName("renamed").Exec(ctx)
			}
		}
		remove := func(alias string) func(ctx context.Context, c *ent.Client) error {
			return func(ctx context.Context, c *ent.Client) error {
				return c.Webhook.DeleteOneID(w.ids[alias]).Exec(ctx)
			}
		}
		for _, tc := range []struct {
			viewer, what string
			f            func(ctx context.Context, c *ent.Client) error
			want         string
		}{
			{"A.bureau", "rename wh:A.gas1", rename("wh:A.gas1"), "ok"},
			{"A.gas1", "rename wh:A.gas1", rename("wh:A.gas1"), "ok"},
			{"A.gas1", "rename wh:A.heat1", rename("wh:A.heat1"), "not found"},
			{"A.heat1", "rename wh:A.gas1", rename("wh:A.gas1"), "not found"},
			{"A.street1", "rename wh:A.bureau", rename("wh:A.bureau"), "not found"},
			{"A.bureau", "rename wh:B.gas1", rename("wh:B.gas1"), "not found"},
			{"A.comm1", "rename wh:A.gas1", rename("wh:A.gas1"), "denied"},
			{"A.gas1", "delete wh:A.gas1", remove("wh:A.gas1"), "ok"},
			{"A.gas1", "delete wh:A.heat1", remove("wh:A.heat1"), "not found"},
			{"A.bureau", "delete wh:A.heat1", remove("wh:A.heat1"), "ok"},
		} {
			if got := outcome(w.try(t, tc.viewer, tc.f)); got != tc.want {
				t.Errorf("%s: %s: %s, want %s", label(tc.viewer), tc.what, got, tc.want)
			}
		}
	})

	// OrgCreateInScope: a new organisation record is the viewer's own
	// organisation's, except for the bureau.
	t.Run("OrgCreateInScope", func(t *testing.T) {
		for _, tc := range []struct {
			viewer, org string
			ok          bool
		}{
			{"A.bureau", "A.gas1", true}, {"A.bureau", "A.street1", true},
			{"A.gas1", "A.gas1", true}, {"A.heat1", "A.heat1", true}, {"A.street1", "A.street1", true},
			{"A.gas1", "A.heat1", false}, {"A.heat1", "A.bureau", false}, {"A.street1", "A.comm1", false},
			{"A.comm1", "A.comm1", false}, {"operator", "A.gas1", false}, {"", "A.gas1", false},
		} {
			err := w.try(t, tc.viewer, func(ctx context.Context, c *ent.Client) error {
				return c.Webhook.Create().SetOrgID(w.ids[tc.org]).SetName("new").SetKind("generic").
					SetURL("https://example.com/new").Exec(ctx)
			})
			if tc.ok && err != nil || !tc.ok && !isDenied(err) {
				t.Errorf("%s adding a webhook of %s: %v, allowed: %v", label(tc.viewer), tc.org, err, tc.ok)
			}
		}
	})

	// FilterLocated: ledger records are the bureau's in its whole district,
	// a company's when they are its own, a street office's when they lie in
	// its street.
	t.Run("FilterLocated", func(t *testing.T) {
		w.expectSees(t, hazards, map[string][]string{
			"A.bureau":  aHazards,
			"A.gas1":    {hazardAlias("A.gas1", "A.street1"), hazardAlias("A.gas1", "A.street2")},
			"A.heat1":   {hazardAlias("A.heat1", "A.street1"), hazardAlias("A.heat1", "A.street2")},
			"A.street1": {hazardAlias("A.gas1", "A.street1"), hazardAlias("A.heat1", "A.street1")},
			"A.street2": {hazardAlias("A.gas1", "A.street2"), hazardAlias("A.heat1", "A.street2")},
			"A.comm1":   nil,
			"B.bureau":  {hazardAlias("B.gas1", "B.street1")},
			"B.gas1":    {hazardAlias("B.gas1", "B.street1")},
			"B.street1": {hazardAlias("B.gas1", "B.street1")},
			"operator":  nil,
			"":          nil,
		})
		// A filter narrows, never widens: a company asking for another's
		// hazards by id gets nothing.
		if got := w.look(t, "A.gas1", func(ctx context.Context, c *ent.Client) ([]uuid.UUID, error) {
			return c.Hazard.Query().Where(hazard.CompanyID(w.ids["A.heat1"])).IDs(ctx)
		}); got.denied || len(got.names) != 0 {
			t.Errorf("A.gas1 asking for A.heat1's hazards sees %v (denied: %v), want nothing", got.names, got.denied)
		}
		edit := func(company, street string) func(ctx context.Context, c *ent.Client) error {
			return func(ctx context.Context, c *ent.Client) error {
				return c.Hazard.UpdateOneID(w.ids[hazardAlias(company, street)]).SetAddress("edited").Exec(ctx)
			}
		}
		for _, tc := range []struct {
			viewer, company, street, want string
		}{
			{"A.bureau", "A.heat1", "A.street2", "ok"},
			{"A.gas1", "A.gas1", "A.street2", "ok"},
			{"A.gas1", "A.heat1", "A.street1", "not found"},
			{"A.heat1", "A.gas1", "A.street1", "not found"},
			{"A.street1", "A.heat1", "A.street1", "ok"},
			{"A.street1", "A.gas1", "A.street2", "not found"},
			{"B.bureau", "A.gas1", "A.street1", "not found"},
			{"A.comm1", "A.gas1", "A.street1", "denied"},
		} {
			if got := outcome(w.try(t, tc.viewer, edit(tc.company, tc.street))); got != tc.want {
				t.Errorf("%s editing %s: %s, want %s", tc.viewer, hazardAlias(tc.company, tc.street), got, tc.want)
			}
		}
	})

	// LocatedCreateInScope: the bureau records a hazard anywhere in its
	// district, a company its own, a street office one in its street (of
	// any company); a street office cannot move one out of its street.
	t.Run("LocatedCreateInScope", func(t *testing.T) {
		for _, tc := range []struct {
			viewer, company, street string
			ok                      bool
		}{
			{"A.bureau", "A.gas1", "A.street1", true}, {"A.bureau", "A.heat1", "A.street2", true},
			{"A.gas1", "A.gas1", "A.street1", true}, {"A.gas1", "A.gas1", "A.street2", true},
			{"A.heat1", "A.heat1", "A.street2", true},
			{"A.gas1", "A.heat1", "A.street1", false}, {"A.heat1", "A.gas1", "A.street1", false},
			{"A.street1", "A.gas1", "A.street1", true}, {"A.street1", "A.heat1", "A.street1", true},
			{"A.street1", "A.gas1", "A.street2", false}, {"A.street2", "A.gas1", "A.street1", false},
			// street_id names a street: a community of the office is not
			// one (its list would never show the record).
			{"A.street1", "A.gas1", "A.comm1", false},
			{"A.comm1", "A.gas1", "A.street1", false}, {"operator", "A.gas1", "A.street1", false},
			{"", "A.gas1", "A.street1", false},
		} {
			err := w.try(t, tc.viewer, func(ctx context.Context, c *ent.Client) error {
				return newHazard(c, w.ids[tc.company], w.ids[tc.street], "new").Exec(ctx)
			})
			if tc.ok && err != nil || !tc.ok && !isDenied(err) {
				t.Errorf("%s recording a hazard of %s in %s: %v, allowed: %v",
					label(tc.viewer), tc.company, tc.street, err, tc.ok)
			}
		}
		move := func(company, from, to string) func(ctx context.Context, c *ent.Client) error {
			return func(ctx context.Context, c *ent.Client) error {
				return c.Hazard.UpdateOneID(w.ids[hazardAlias(company, from)]).SetStreetID(w.ids[to]).Exec(ctx)
			}
		}
		for _, tc := range []struct {
			viewer, company, from, to, want string
		}{
			{"A.street1", "A.gas1", "A.street1", "A.street2", "denied"},
			{"A.bureau", "A.gas1", "A.street1", "A.street2", "ok"},
			{"A.gas1", "A.gas1", "A.street1", "A.street2", "ok"}, // which places are valid is the ledger's check
		} {
			if got := outcome(w.try(t, tc.viewer, move(tc.company, tc.from, tc.to))); got != tc.want {
				t.Errorf("%s moving %s to %s: %s, want %s",
					tc.viewer, hazardAlias(tc.company, tc.from), tc.to, got, tc.want)
			}
		}
	})

	// DenyIfNoViewer fails closed without a viewer and lets any viewer on.
	t.Run("DenyIfNoViewer", func(t *testing.T) {
		rule := policy.DenyIfNoViewer()
		if err := rule.EvalQuery(context.Background(), nil); !isDenied(err) || !errors.Is(err, policy.ErrNoViewer) {
			t.Errorf("no viewer: %v, want a denial for ErrNoViewer", err)
		}
		for _, viewer := range []string{"A.bureau", "A.comm1", "operator"} {
			if err := rule.EvalQuery(w.as(viewer), nil); err != privacy.Skip {
				t.Errorf("%s: %v, want skip", viewer, err)
			}
		}
	})

	// System is the one bypass: every district's records, with or without a
	// viewer underneath; and nothing else is System.
	t.Run("System", func(t *testing.T) {
		sys := func(list func(context.Context, *ent.Client) ([]uuid.UUID, error)) func(context.Context, *ent.Client) ([]uuid.UUID, error) {
			return func(ctx context.Context, c *ent.Client) ([]uuid.UUID, error) { return list(policy.System(ctx), c) }
		}
		all := append(slices.Clone(aHazards), hazardAlias("B.gas1", "B.street1"))
		w.expectSees(t, sys(hazards), map[string][]string{"": all, "A.gas1": all, "operator": all})
		w.expectSees(t, sys(tenants), map[string][]string{"": {"A", "B"}, "A.street1": {"A", "B"}})
		w.expectSees(t, sys(auditTrails), map[string][]string{"": {"A", "B"}, "A.gas1": {"A", "B"}})
		w.expectSees(t, sys(inboxes), map[string][]string{"A.gas1": {"n:A.bureau", "n:A.gas1", "n:A.street1", "n:B.gas1"}})
		if !policy.IsSystem(policy.System(context.Background())) {
			t.Error("IsSystem(System(ctx)) is false")
		}
		for _, viewer := range []string{"", "A.bureau", "operator"} {
			if policy.IsSystem(w.as(viewer)) {
				t.Errorf("%s's context is System", label(viewer))
			}
		}
	})
}

// outcome names what a change came to: "ok", "denied", "not found", or the
// error.
func outcome(err error) string {
	switch {
	case err == nil:
		return "ok"
	case isDenied(err):
		return "denied"
	case ent.IsNotFound(err):
		return "not found"
	}
	return err.Error()
}

// containsDistrict reports whether an alias names a record of district d.
func containsDistrict(alias, d string) bool {
	for _, p := range []string{"", "h:", "u:", "wh:", "n:"} {
		if len(alias) > len(p) && alias[:len(p)] == p && alias[len(p):len(p)+1] == d {
			return true
		}
	}
	return false
}

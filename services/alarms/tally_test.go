package alarms_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/premise"
	"github.com/hearthsafety/hearth/ent/premisetally"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services/alarms"
)

// testTallies: the rate table read from the premises' tallies (and, for
// the two months around its day, from the premises themselves) equals the
// rate table counted from every premise, for every grouping and viewer, on
// days either side of the devices' replacement dates, after premises are
// created, equipped, re-equipped, visited, moved to another street, made
// vacant and edited; and the tallies count every premise once.
func testTallies(t *testing.T, d *district) {
	c := d.campaign(t)
	d.Clock.on("2026-03-10")
	// Residential devices last 5 years, commercial 3: replacement dates
	// on both sides of 2026-03-10 (the day) and of 2026-06-08 (90 days on).
	installs := []string{"2021-02-15", "2021-03-05", "2021-03-10", "2021-03-20", "2021-06-01", "2021-06-08",
		"2021-06-20", "2022-01-01", "2023-03-09", "2023-03-11", "2023-06-08", "2026-03-01"}
	comms := []uuid.UUID{d.Comm1, d.Comm2, d.Comm3}
	type placed struct {
		p   *ent.Premise
		ctx context.Context
	}
	var ps []placed
	n := 0
	for i, on := range installs {
		for k, ctx := range []context.Context{d.AsGas, d.AsGas2} {
			n++
			p := d.premise(t, ctx, comms[(i+k)%3], fmt.Sprintf("T%d", n), func(in *alarms.PremiseInput) {
				if n%3 == 0 {
					in.UserType, in.ShopName, in.Tags = enum.UserCommercial, fmt.Sprintf("面馆%d", n), []enum.PremiseTag{enum.TagRestaurant}
				} else if n%4 == 0 {
					in.Tags = []enum.PremiseTag{enum.TagLowIncome}
				}
			})
			ps = append(ps, placed{p, ctx})
			st := []enum.DeviceStatus{enum.DeviceOnline, enum.DeviceInstalled, enum.DeviceOffline}[n%3]
			if _, err := d.Svc.AddDevice(ctx, p.ID, alarms.DeviceInput{SerialNo: fmt.Sprintf("TS-%d", n), InstalledOn: on,
				Status: &st, Networked: st != enum.DeviceInstalled, ShutoffLinked: n%2 == 0}); err != nil {
				t.Fatalf("device %d: %v", n, err)
			}
		}
	}
	// Premises without a device: refused, nobody home, and one not visited.
	for i, o := range []enum.VisitOutcome{enum.VisitRefused, enum.VisitNotHome, enum.VisitRefused, ""} {
		p := d.premise(t, d.AsGas, comms[i%3], fmt.Sprintf("V%d", i))
		if o != "" {
			if _, err := d.Svc.AddVisit(d.AsGas, p.ID, alarms.VisitInput{VisitedOn: "2026-03-10", Outcome: o}); err != nil {
				t.Fatal(err)
			}
		}
		ps = append(ps, placed{p, d.AsGas})
	}
	days := []string{"2026-03-10", "2026-03-31", "2026-04-01", "2026-06-08", "2026-06-09", "2026-12-31", "2027-03-10"}
	agree(t, d, c.ID, days)

	// Changes: a device faulty, a premise re-equipped, one refused after
	// its device was removed, one moved to the other street, one vacant.
	d.Clock.on("2026-03-10")
	edit := func(i int, f func(p *ent.Premise, ctx context.Context) error) {
		t.Helper()
		p, err := d.Svc.GetPremise(ps[i].ctx, ps[i].p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := f(p, ps[i].ctx); err != nil {
			t.Fatalf("change %d: %v", i, err)
		}
	}
	edit(0, func(p *ent.Premise, ctx context.Context) error {
		dv, err := d.Svc.GetDevice(ctx, *p.DeviceID)
		if err != nil {
			return err
		}
		_, err = d.Svc.EditDevice(ctx, dv.ID, dv.Version, alarms.DevicePatch{Status: ptr(enum.DeviceFaulty)})
		return err
	})
	edit(1, func(p *ent.Premise, ctx context.Context) error {
		_, err := d.Svc.AddDevice(ctx, p.ID, alarms.DeviceInput{SerialNo: "TS-new", InstalledOn: "2026-03-10", Networked: true,
			Status: ptr(enum.DeviceOnline)})
		return err
	})
	edit(2, func(p *ent.Premise, ctx context.Context) error {
		_, err := d.Svc.AddVisit(ctx, p.ID, alarms.VisitInput{VisitedOn: "2026-03-10", Outcome: enum.VisitNotHome})
		return err
	})
	edit(3, func(p *ent.Premise, ctx context.Context) error {
		_, err := d.Svc.EditPremise(ctx, p.ID, p.Version, alarms.PremisePatch{StreetID: &d.Street2, CommunityID: &d.Comm3})
		return err
	})
	edit(4, func(p *ent.Premise, ctx context.Context) error {
		_, err := d.Svc.EditPremise(ctx, p.ID, p.Version, alarms.PremisePatch{Status: ptr(enum.PremiseVacant)})
		return err
	})
	edit(5, func(p *ent.Premise, ctx context.Context) error {
		_, err := d.Svc.EditPremise(ctx, p.ID, p.Version, alarms.PremisePatch{Tags: []enum.PremiseTag{enum.TagElderlyAlone}})
		return err
	})
	agree(t, d, c.ID, days)

	// Every premise counted once.
	sys := policy.System(context.Background())
	premises, err := d.Client.Premise.Query().Where(premise.TenantID(d.Tenant)).Count(sys)
	if err != nil {
		t.Fatal(err)
	}
	var sum []struct {
		N int `json:"n"`
	}
	if err := d.Client.PremiseTally.Query().Where(premisetally.TenantID(d.Tenant)).
		Aggregate(ent.As(ent.Sum(premisetally.FieldN), "n")).Scan(sys, &sum); err != nil {
		t.Fatal(err)
	}
	if len(sum) != 1 || sum[0].N != premises {
		t.Fatalf("tallies count %v premises; there are %d", sum, premises)
	}
}

// agree checks the rate tables of the campaign id, from the tallies and
// from every premise, on each day, for each grouping and viewer.
func agree(t *testing.T, d *district, id uuid.UUID, days []string) {
	t.Helper()
	for _, day := range days {
		d.Clock.on(day)
		for _, g := range alarms.GroupBys {
			for name, ctx := range map[string]context.Context{"bureau": d.AsBureau, "gas": d.AsGas, "gas2": d.AsGas2,
				"street1": d.AsStreet1, "street2": d.AsS2} {
				got, err := d.Svc.Rates(ctx, id, g)
				if err != nil {
					t.Fatalf("%s %s %s: %v", day, g, name, err)
				}
				want, err := d.Svc.RatesByScan(ctx, id, g)
				if err != nil {
					t.Fatal(err)
				}
				if len(got.Rows) != len(want.Rows) {
					t.Fatalf("%s by %s as %s: %d rows from the tallies, %d counted", day, g, name, len(got.Rows), len(want.Rows))
				}
				for i := range got.Rows {
					if got.Rows[i].Key != want.Rows[i].Key || got.Rows[i].Counts != want.Rows[i].Counts {
						t.Fatalf("%s by %s as %s, row %s: tallies %+v, counted %+v", day, g, name, want.Rows[i].Key,
							got.Rows[i].Counts, want.Rows[i].Counts)
					}
				}
				if got.Total.Counts != want.Total.Counts {
					t.Fatalf("%s by %s as %s: total %+v, counted %+v", day, g, name, got.Total.Counts, want.Total.Counts)
				}
			}
		}
	}
}

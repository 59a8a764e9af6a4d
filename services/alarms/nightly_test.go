package alarms_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/hazardevent"
	"github.com/hearthsafety/hearth/ent/reminder"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/alarms"
)

func TestFirstWorkday(t *testing.T) {
	for _, c := range []struct{ today, first, next string }{
		{"2026-03-10", "2026-03-02", "2026-04-01"}, // 03-01 is a Sunday
		{"2026-03-02", "2026-03-02", "2026-03-02"},
		{"2026-04-20", "2026-04-01", "2026-05-06"}, // 05-01..05-05 Labour Day
	} {
		if got := alarms.FirstWorkday(c.today); got != c.first {
			t.Errorf("FirstWorkday(%s) = %s, want %s", c.today, got, c.first)
		}
		if got := alarms.NextPaceDay(c.today); got != c.next {
			t.Errorf("NextPaceDay(%s) = %s, want %s", c.today, got, c.next)
		}
	}
}

// TestAlarmsNightly walks the nightly pass with a movable clock: the
// month's pace records and the combined replacement records planned once,
// read back and worded; a restaurant whose alarm expired gets its hazard
// from the system viewer.
func TestAlarmsNightly(t *testing.T) {
	db := migrationstest.Open(t)
	d := newDistrict(t, db, "al-nightly")
	sys := policy.System(context.Background())
	c := d.campaign(t)
	if _, err := d.Svc.SetTargets(d.AsBureau, c.ID, []alarms.TargetInput{
		{CommunityID: d.Comm1, CompanyID: d.Gas, UserType: enum.UserResident, TargetCount: 5},
		{CommunityID: d.Comm3, CompanyID: d.Gas2, UserType: enum.UserResident, TargetCount: 2},
	}); err != nil {
		t.Fatal(err)
	}
	// Three households of the first company and one of the second with
	// alarms installed 2021-06-01 (replace by 2026-06-01); a restaurant
	// whose alarm, installed 2023-03-20, is to be replaced by 2026-03-20.
	for _, room := range []string{"301", "302", "303"} {
		d.device(t, d.premise(t, d.AsGas, d.Comm1, room), "SN-"+room, "2021-06-01")
	}
	p2 := d.premise(t, d.AsGas2, d.Comm3, "101")
	if _, err := d.Svc.AddDevice(d.AsGas2, p2.ID, alarms.DeviceInput{SerialNo: "SN-G2", Model: "JT-BZ-6800",
		InstalledOn: "2021-06-01"}); err != nil {
		t.Fatal(err)
	}
	rest := d.premise(t, d.AsGas, d.Comm1, "", func(in *alarms.PremiseInput) {
		in.UserType, in.Tags, in.ShopName, in.Building, in.Unit = enum.UserCommercial, []enum.PremiseTag{enum.TagRestaurant}, "老王面馆", "", ""
		in.Estate = "宾水西道12号"
	})
	d.device(t, rest, "SN-R", "2023-03-20", func(in *alarms.DeviceInput) {
		in.Networked, in.ShutoffLinked, in.Status = true, true, ptr(enum.DeviceOnline)
	})
	if rest, _ = d.Client.Premise.Get(sys, rest.ID); rest.HazardID != nil {
		t.Fatal("a restaurant with a valid alarm has a hazard")
	}

	// 2026-03-10: one pace record per company and street the targets name
	// (4), due 04-01 (the first working day of April); one replacement
	// record per company and date between 30 and 120 days ahead (Gas 06-01,
	// Gas2 06-01; the restaurant's 03-20 has no rung left).
	res, err := d.Svc.Nightly(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Pace != 4 || res.Replace != 2 || res.Opened != 0 || res.Expired != 0 {
		t.Fatalf("first pass on 03-10: %+v", res)
	}
	rs, err := d.Client.Reminder.Query().Where(reminder.TenantID(d.Tenant), reminder.Subject(alarms.ReplaceSubject),
		reminder.Deadline("2026-06-01")).All(sys)
	if err != nil {
		t.Fatal(err)
	}
	// Combined: the first company's three devices due 06-01 are one
	// reminder (rung 30 days before; the 90 was past on 03-10), the second
	// company's one another.
	byCompany := map[uuid.UUID][]string{}
	for _, r := range rs {
		byCompany[r.CompanyID] = append(byCompany[r.CompanyID], r.Rung)
	}
	if len(rs) != 2 || strings.Join(byCompany[d.Gas], ",") != "d30" || strings.Join(byCompany[d.Gas2], ",") != "d30" {
		t.Fatalf("replacement reminders for 06-01: %v", byCompany)
	}
	src, _ := reminders.Lookup(alarms.ReplaceSubject)
	id := alarms.ReplaceID(d.Gas, "2026-06-01")
	ss, err := src.Load(sys, d.Client, []uuid.UUID{id})
	if err != nil || len(ss) != 1 || ss[0].Closed {
		t.Fatalf("load replacement: %+v, %v", ss, err)
	}
	n := src.Say(ss[0], reminders.Occasion{Kind: enum.ReminderDueSoon, DaysLeft: 30,
		OrgName: func(uuid.UUID) string { return "津燃华润燃气有限公司" }})
	if !strings.Contains(n.Text, "津燃华润燃气有限公司 有 3 台燃气报警器将于 2026-06-01") ||
		!strings.Contains(n.Text, "还有 30 天") || strings.Count(n.Text, "时代奥城") != 3 {
		t.Fatalf("replacement text: %s", n.Text)
	}
	// A second pass adds nothing.
	before, _ := d.Client.Reminder.Query().Where(reminder.TenantID(d.Tenant)).Count(sys)
	if res, err = d.Svc.Nightly(context.Background()); err != nil || res.Replace != 0 || res.Pace != 4 {
		t.Fatalf("second pass: %+v, %v", res, err)
	}
	if after, _ := d.Client.Reminder.Query().Where(reminder.TenantID(d.Tenant)).Count(sys); after != before {
		t.Fatalf("second pass laid %d reminders more", after-before)
	}

	// Pace on 04-01 (expected 90 of 180 days × 50 % = 25 %): the first
	// street has 3 of 5 (on track: its rung is cancelled, not sent); the
	// second street's one device removed, it has 0 of 2 (at risk: told).
	pace, _ := reminders.Lookup(alarms.PaceSubject)
	prs, err := d.Client.Reminder.Query().Where(reminder.TenantID(d.Tenant), reminder.Subject(alarms.PaceSubject)).All(sys)
	if err != nil || len(prs) != 4 {
		t.Fatalf("pace reminders: %d, %v", len(prs), err)
	}
	for _, r := range prs {
		if r.Deadline != "2026-04-02" || r.Rung != "d1" || r.DueAt.Format(time.RFC3339) != "2026-04-01T01:00:00Z" || r.CompanyID != r.StreetID {
			t.Fatalf("pace reminder: %+v", r)
		}
	}
	dv, err := d.Client.AlarmDevice.Query().Where().All(sys)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range dv {
		if x.SerialNo == "SN-G2" {
			if _, err := d.Svc.EditDevice(d.AsGas2, x.ID, x.Version, alarms.DevicePatch{Status: ptr(enum.DeviceRemoved)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	ss, err = pace.Load(sys, d.Client, []uuid.UUID{alarms.PaceID(c.ID, d.Street1), alarms.PaceID(c.ID, d.Street2)})
	if err != nil || len(ss) != 2 {
		t.Fatalf("load pace: %+v, %v", ss, err)
	}
	if !ss[0].Closed || ss[0].Note != alarms.NoteOnTrack {
		t.Fatalf("street 1 on track is told: %+v", ss[0])
	}
	if ss[1].Closed {
		t.Fatalf("street 2 at risk is not told: %+v", ss[1])
	}
	n = pace.Say(ss[1], reminders.Occasion{Kind: enum.ReminderDueSoon, OrgName: func(uuid.UUID) string { return "" }})
	if !strings.Contains(n.Text, "学府街 安装率 0.0%（已装 0 / 应装 2）") || !strings.Contains(n.Text, "严重滞后") ||
		!strings.Contains(n.Text, "截至 2026-04-01") {
		t.Fatalf("pace text: %s", n.Text)
	}

	// 2026-03-21: the restaurant's alarm is past its date; the pass opens
	// its hazard as the system (no user), once.
	d.Clock.on("2026-03-21")
	if res, err = d.Svc.Nightly(context.Background()); err != nil || res.Opened != 1 || res.Expired != 1 {
		t.Fatalf("pass on 03-21: %+v, %v", res, err)
	}
	rest, _ = d.Client.Premise.Get(sys, rest.ID)
	if rest.HazardID == nil {
		t.Fatal("expired restaurant has no hazard")
	}
	h, err := d.Client.Hazard.Get(sys, *rest.HazardID)
	if err != nil {
		t.Fatal(err)
	}
	if h.Category != enum.CategoryAlarmMissing || h.CreatedBy != nil || h.FoundOn != "2026-03-21" ||
		!strings.Contains(h.Description, "已超过使用年限（应于 2026-03-20 前更换）") || h.CompanyID != d.Gas {
		t.Fatalf("hazard: %+v", h)
	}
	ev, err := d.Client.HazardEvent.Query().Where(hazardevent.HazardID(h.ID), hazardevent.Action("create")).Only(sys)
	if err != nil || ev.Actor != "系统" || ev.ActorID != nil {
		t.Fatalf("hazard's create event: %+v, %v", ev, err)
	}
	if res, err = d.Svc.Nightly(context.Background()); err != nil || res.Opened != 0 {
		t.Fatalf("pass again on 03-21: %+v, %v", res, err)
	}
	if n, _ := d.Client.Hazard.Query().Where(hazard.TenantID(d.Tenant), hazard.CategoryEQ(enum.CategoryAlarmMissing),
		hazard.StatusNEQ(enum.StatusVerified)).Count(sys); n != 1 {
		t.Fatalf("%d alarm_missing hazards open", n)
	}
	// A hazard out of line (its premise valid again, written around the
	// service) is closed by the pass.
	around(t, d, func(tx *ent.Tx) error {
		return tx.Premise.UpdateOneID(rest.ID).SetDeviceReplaceOn("2029-03-21").Exec(sys)
	})
	if res, err = d.Svc.Nightly(context.Background()); err != nil || res.Closed != 1 {
		t.Fatalf("pass closing: %+v, %v", res, err)
	}
	if h, _ = d.Client.Hazard.Get(sys, h.ID); h.Status != enum.StatusVerified || h.VerifiedByName != "系统" {
		t.Fatalf("hazard after the pass: %s %s", h.Status, h.VerifiedByName)
	}

	// The campaign closed: its pace reminders still scheduled are cancelled.
	d.Clock.on("2026-03-25")
	around(t, d, func(tx *ent.Tx) error {
		return tx.AlarmCampaign.UpdateOneID(c.ID).SetStatus(enum.CampaignClosed).Exec(sys)
	})
	if res, err = d.Svc.Nightly(context.Background()); err != nil || res.Pace != 0 {
		t.Fatalf("pass after closing: %+v, %v", res, err)
	}
	left, err := d.Client.Reminder.Query().Where(reminder.Subject(alarms.PaceSubject), reminder.TenantID(d.Tenant),
		reminder.StateEQ(reminder.StateScheduled)).Count(sys)
	if err != nil || left != 0 {
		t.Fatalf("%d pace reminders still scheduled, %v", left, err)
	}
}

// around writes fn in a transaction of its own, as the system (a change
// written around the service).
func around(t *testing.T, d *district, fn func(tx *ent.Tx) error) {
	t.Helper()
	if err := services.InTx(policy.System(context.Background()), d.Client, fn); err != nil {
		t.Fatal(err)
	}
}

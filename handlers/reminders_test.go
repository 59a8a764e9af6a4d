package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/notificationitem"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/reminder"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/handlers/handlerstest"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
)

// Reminders through the API with a movable clock: the ladder of one hazard
// from "3 days before" to "overdue", the digest, escalation, and what a
// deadline extension and a verification do to what is pending.

// shanghai is the demo districts' zone.
var shanghai = must(time.LoadLocation("Asia/Shanghai"))

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// local is a time in the demo districts' zone.
func local(y int, m time.Month, d, h, min, s int) time.Time {
	return time.Date(y, m, d, h, min, s, 0, shanghai)
}

// rungs lists a hazard's reminders as the bureau's queue view shows them:
// "kind/days_left deadline due_at(local) queue".
func (l *ledger) rungs(hazardID string) []string {
	l.t.Helper()
	var out []string
	for _, it := range asList(l.read(bureauAdmin, "/api/v1/reminders?hazard_id="+hazardID)["items"]) {
		due := must(time.Parse(time.RFC3339, it["due_at"].(string))).In(shanghai)
		out = append(out, fmt.Sprintf("%s/%v %s %s %s", it["kind"], it["days_left"], it["deadline"],
			due.Format("01-02T15:04"), it["queue"]))
	}
	slices.Sort(out)
	return out
}

// settle runs the relay until no reminder of the district is scheduled and
// due by the API's clock, and at least one more reminder is settled than
// before, or fails the test after a while.
func (l *ledger) settle(wantSettled int) {
	l.t.Helper()
	ctx := policy.System(context.Background())
	deadline := time.Now().Add(15 * time.Second)
	for {
		l.Queue.Kick()
		due, err := l.DB.Client.Reminder.Query().Where(reminder.StateEQ(reminder.StateScheduled),
			reminder.DueAtLTE(l.Clock().UTC())).Count(ctx)
		if err != nil {
			l.t.Fatal(err)
		}
		settled, err := l.DB.Client.Reminder.Query().Where(reminder.StateNEQ(reminder.StateScheduled)).Count(ctx)
		if err != nil {
			l.t.Fatal(err)
		}
		if due == 0 && settled >= wantSettled {
			return
		}
		if time.Now().After(deadline) {
			l.t.Fatalf("after 15 s, %d reminders are still due and %d settled (want %d)", due, settled, wantSettled)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// inbox is a login's digests: "day: text | text" per digest, newest first,
// and its unread count.
func (l *ledger) inbox(login string) ([]string, int) {
	l.t.Helper()
	var out []string
	for _, n := range asList(l.read(login, "/api/v1/notifications")["items"]) {
		var texts []string
		for _, it := range n["items"].([]any) {
			texts = append(texts, it.(map[string]any)["text"].(string))
		}
		if int(n["item_count"].(float64)) != len(texts) {
			l.t.Fatalf("%s: digest %s counts %v items and shows %d", login, n["day"], n["item_count"], len(texts))
		}
		out = append(out, n["day"].(string)+": "+strings.Join(texts, " | "))
	}
	unread := l.read(login, "/api/v1/notifications/unread_count")["unread"].(float64)
	return out, int(unread)
}

func TestReminderLadderEndToEnd(t *testing.T) {
	l := newLedger(t)
	l.StartWorker()
	l.at(local(2026, 12, 1, 10, 0, 0))
	h := l.report(gas1Clerk, "广开街", obj{"found_on": "2026-12-01", "deadline": "2026-12-10", "address": "广开四马路12号"})
	id := h["id"].(string)

	// The default ladder: 3 days and 1 day before at 09:00, overdue at the
	// first instant after the deadline day, all in the district's zone.
	want := []string{
		"due_soon/1 2026-12-10 12-09T09:00 scheduled",
		"due_soon/3 2026-12-10 12-07T09:00 scheduled",
		"overdue/0 2026-12-10 12-11T00:00 scheduled",
	}
	if got := l.rungs(id); !slices.Equal(got, want) {
		t.Fatalf("planned\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// A second before the first rung nothing goes out.
	l.at(local(2026, 12, 7, 8, 59, 59))
	l.settle(0)
	if box, n := l.inbox(gas1Clerk); len(box) != 0 || n != 0 {
		t.Fatalf("before 3 days ahead the clerk has %v (%d unread)", box, n)
	}

	// 3 days before: the company's users are reminded, no one else.
	l.at(local(2026, 12, 7, 9, 0, 1))
	l.settle(1)
	for _, login := range []string{gas1Clerk, gas1Admin} {
		box, n := l.inbox(login)
		if want := []string{"2026-12-07: 津燃华润燃气有限公司「广开四马路12号」距整改期限 2026-12-10 还有 3 天"}; !slices.Equal(box, want) || n != 1 {
			t.Fatalf("%s's inbox is %q (%d unread), want %q", login, box, n, want)
		}
	}
	for _, login := range []string{bureauAdmin, guangkaiOfficer, gas2Clerk, hexiClerk} {
		if box, _ := l.inbox(login); len(box) != 0 {
			t.Fatalf("%s was told of another company's hazard before its deadline: %v", login, box)
		}
	}

	// The clerk reads it; the extension moves the deadline to 12-20: what
	// was pending for 12-10 is cancelled, the new ladder is laid (its
	// 1-day rung falls on Saturday 12-19: it moves to Friday).
	wantStatus(t, l.As(gas1Clerk, http.MethodPost, "/api/v1/notifications/read_all", nil), http.StatusOK)
	l.at(local(2026, 12, 8, 15, 0, 0))
	ext := l.As(gas1Clerk, http.MethodPost, hazardURL(id, "extensions"), obj{"deadline": "2026-12-20", "note": "需停气施工"})
	wantStatus(t, ext, http.StatusCreated)
	wantStatus(t, l.As(bureauAdmin, http.MethodPost, hazardURL(id, "extensions", ext.JSON()["id"].(string), "approve"), nil), http.StatusOK)
	want = []string{
		"due_soon/1 2026-12-10 12-09T09:00 cancelled",
		"due_soon/1 2026-12-20 12-18T09:00 scheduled",
		"due_soon/3 2026-12-10 12-07T09:00 sent",
		"due_soon/3 2026-12-20 12-17T09:00 scheduled",
		"overdue/0 2026-12-10 12-11T00:00 cancelled",
		"overdue/0 2026-12-20 12-21T00:00 scheduled",
	}
	if got := l.rungs(id); !slices.Equal(got, want) {
		t.Fatalf("after the extension\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// The old deadline passes: nothing is sent for it.
	l.at(local(2026, 12, 11, 0, 0, 1))
	l.settle(3)
	if _, n := l.inbox(gas1Clerk); n != 0 {
		t.Fatalf("a cancelled reminder reached the clerk (%d unread)", n)
	}

	// Both rungs of the new deadline fall due at once (the clock jumped
	// past 12-17 and 12-18): the nearer one is sent, counting days from today, and
	// the other is dropped as said by it.
	l.at(local(2026, 12, 19, 9, 0, 1))
	l.settle(5)
	box, n := l.inbox(gas1Clerk)
	if n != 1 || len(box) != 2 || box[0] != "2026-12-19: 津燃华润燃气有限公司「广开四马路12号」距整改期限 2026-12-20 还有 1 天" {
		t.Fatalf("on 12-19 the clerk's inbox is %q (%d unread)", box, n)
	}
	if got := l.rungs(id); !slices.Contains(got, "due_soon/3 2026-12-20 12-17T09:00 cancelled") {
		t.Fatalf("the superseded rung is not cancelled: %v", got)
	}

	// A second hazard, whose first rung falls on the day the first one
	// escalates.
	l.report(gas1Clerk, "广开街", obj{"found_on": "2026-12-19", "deadline": "2026-12-24", "address": "广开四马路14号"})

	// Overdue: the company, the hazard's street and the bureau are told;
	// another company, street or district is not.
	l.at(local(2026, 12, 21, 0, 0, 1))
	l.settle(6)
	overdue := "2026-12-21: 津燃华润燃气有限公司「广开四马路12号」整改期限 2026-12-20 已过，尚未验收，已逾期"
	for _, login := range []string{gas1Clerk, gas1Admin, guangkaiOfficer, bureauAdmin, bureauInspector} {
		if box, _ := l.inbox(login); len(box) == 0 || box[0] != overdue {
			t.Fatalf("%s was not told of the overdue hazard: %q", login, box)
		}
	}
	for _, login := range []string{gas2Clerk, xingnanOfficer, hexiAdmin, hexiClerk} {
		if box, _ := l.inbox(login); len(box) != 0 {
			t.Fatalf("%s was told of a hazard not theirs: %v", login, box)
		}
	}
	// Later that day the second hazard's rung joins the clerk's digest of
	// the day: one notification, unread, most urgent first.
	l.at(local(2026, 12, 21, 9, 0, 1))
	l.settle(7)
	box, n = l.inbox(gas1Clerk)
	if want := overdue + " | 津燃华润燃气有限公司「广开四马路14号」距整改期限 2026-12-24 还有 3 天"; box[0] != want || n != 2 {
		t.Fatalf("on 12-21 the clerk's inbox is %q (%d unread), want first %q", box, n, want)
	}
	// Each reminder reached each recipient once.
	ctx := policy.System(context.Background())
	items, err := l.DB.Client.NotificationItem.Query().Where(notificationitem.SubjectID(uuid.MustParse(id))).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, it := range items {
		k := it.ReminderID.String() + it.UserID.String()
		if seen[k] {
			t.Fatalf("reminder %s reached user %s twice", it.ReminderID, it.UserID)
		}
		seen[k] = true
	}
}

func TestVerificationCancelsPendingReminders(t *testing.T) {
	l := newLedger(t)
	l.StartWorker()
	l.at(local(2026, 12, 1, 10, 0, 0))
	id := l.report(gas1Clerk, "广开街", obj{"found_on": "2026-12-01", "deadline": "2026-12-10"})["id"].(string)
	l.drive(gas1Clerk, id, "verified")
	want := []string{
		"due_soon/1 2026-12-10 12-09T09:00 cancelled",
		"due_soon/3 2026-12-10 12-07T09:00 cancelled",
		"overdue/0 2026-12-10 12-11T00:00 cancelled",
	}
	if got := l.rungs(id); !slices.Equal(got, want) {
		t.Fatalf("after verification\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	l.at(local(2026, 12, 11, 0, 0, 1))
	l.settle(3)
	for _, login := range []string{gas1Clerk, bureauAdmin, guangkaiOfficer} {
		if box, _ := l.inbox(login); len(box) != 0 {
			t.Fatalf("%s was reminded of a verified hazard: %v", login, box)
		}
	}
}

func TestSubmittedHazardGetsNoDueSoonButStillEscalates(t *testing.T) {
	l := newLedger(t)
	l.StartWorker()
	l.at(local(2026, 12, 1, 10, 0, 0))
	id := l.report(gas1Clerk, "广开街", obj{"found_on": "2026-12-01", "deadline": "2026-12-10"})["id"].(string)
	l.drive(gas1Clerk, id, "rectified") // awaiting the bureau's verification
	l.at(local(2026, 12, 9, 9, 0, 1))
	l.settle(2)
	if box, _ := l.inbox(gas1Clerk); len(box) != 0 {
		t.Fatalf("the clerk was reminded of work it has submitted: %v", box)
	}
	l.at(local(2026, 12, 11, 0, 0, 1))
	l.settle(3)
	if box, _ := l.inbox(bureauAdmin); len(box) != 1 {
		t.Fatalf("an unverified hazard past its deadline did not escalate to the bureau: %v", box)
	}
}

func TestHazardRecordedPastItsDeadlineEscalatesAtOnce(t *testing.T) {
	l := newLedger(t)
	l.StartWorker()
	l.at(local(2026, 12, 15, 10, 0, 0))
	id := l.report(gas1Clerk, "广开街", obj{"found_on": "2026-12-01", "deadline": "2026-12-10"})["id"].(string)
	if got := l.rungs(id); len(got) != 1 || !strings.HasPrefix(got[0], "overdue/0") {
		t.Fatalf("a hazard already overdue has rungs %v, want the escalation alone", got)
	}
	l.settle(1)
	if box, _ := l.inbox(bureauAdmin); len(box) != 1 {
		t.Fatalf("the bureau was not told: %v", box)
	}
}

func TestLadderSettingReplansOpenHazards(t *testing.T) {
	l := newLedger(t)
	l.at(local(2026, 12, 1, 10, 0, 0))
	id := l.report(gas1Clerk, "广开街", obj{"found_on": "2026-12-01", "deadline": "2026-12-20"})["id"].(string)
	tag := l.etag(bureauAdmin, "/api/v1/settings")
	res := l.As(bureauAdmin, http.MethodPatch, "/api/v1/settings", obj{"reminder_days": []int{7, 2}, "reminder_hour": 8}, "If-Match", tag)
	wantStatus(t, res, http.StatusOK)
	if got := res.JSON()["reminder_days"]; fmt.Sprint(got) != "[7 2]" {
		t.Fatalf("settings answer reminder_days %v", got)
	}
	want := []string{
		"due_soon/2 2026-12-20 12-18T08:00 scheduled",
		"due_soon/7 2026-12-20 12-11T08:00 scheduled", // 12-13 is a Sunday
		"overdue/0 2026-12-20 12-21T00:00 scheduled",
	}
	if got := l.rungs(id); !slices.Equal(got, want) {
		t.Fatalf("after the ladder change\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, bad := range []obj{{"reminder_days": []int{0}}, {"reminder_days": []int{3, 3}}, {"reminder_hour": 24},
		{"reminder_days": []int{1, 2, 3, 4, 5, 6}}} {
		res := l.As(bureauAdmin, http.MethodPatch, "/api/v1/settings", bad, "If-Match", l.etag(bureauAdmin, "/api/v1/settings"))
		wantStatus(t, res, http.StatusUnprocessableEntity)
	}
}

func TestFailedReminderIsRetriedByTheBureau(t *testing.T) {
	l := newLedger(t)
	l.at(local(2026, 12, 1, 10, 0, 0))
	id := l.report(gas1Clerk, "广开街", obj{"found_on": "2026-12-01", "deadline": "2026-12-10"})["id"].(string)
	ctx := policy.System(context.Background())
	r, err := l.DB.Client.Reminder.Query().Where(reminder.SubjectID(uuid.MustParse(id)), reminder.DaysBefore(3)).Only(ctx)
	if err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/reminders/" + r.ID.String() + "/retry"
	wantStatus(t, l.As(bureauAdmin, http.MethodPost, path, nil), http.StatusConflict) // not failed
	if err := l.DB.Client.Reminder.UpdateOne(r).SetState(reminder.StateFailed).SetAttempts(11).
		SetLastError("database unavailable").Exec(ctx); err != nil {
		t.Fatal(err)
	}
	failed := asList(l.read(bureauAdmin, "/api/v1/reminders?queue=failed")["items"])
	if len(failed) != 1 || failed[0]["last_error"] != "database unavailable" {
		t.Fatalf("the failed list is %v", failed)
	}
	sum := l.read(bureauInspector, "/api/v1/reminders/summary")["reminders"].(map[string]any)
	if sum["failed"] != 1.0 || sum["scheduled"] != 2.0 {
		t.Fatalf("summary %v", sum)
	}
	l.StartWorker()
	l.at(local(2026, 12, 7, 9, 0, 1))
	wantStatus(t, l.As(bureauAdmin, http.MethodPost, path, nil), http.StatusOK)
	trail := asList(l.read(bureauAdmin, "/api/v1/audit?record_type=reminder")["items"])
	if len(trail) != 1 || trail[0]["action"] != "reminder.retry" || trail[0]["record_id"] != r.ID.String() {
		t.Fatalf("the retry's audit trail is %v", trail)
	}
	l.settle(1)
	if got, err := l.DB.Client.Reminder.Get(ctx, r.ID); err != nil || got.State != reminder.StateSent {
		t.Fatalf("the retried reminder is %v (%v)", got, err)
	}
	if box, _ := l.inbox(gas1Clerk); len(box) != 1 {
		t.Fatalf("the retried reminder did not arrive: %v", box)
	}
}

// TestHazardsWithoutRemindersAreBackfilled: open hazards recorded before
// reminders existed get their ladder when a relay starts; verified ones and
// those planned already are left alone.
func TestHazardsWithoutRemindersAreBackfilled(t *testing.T) {
	l := newLedger(t)
	l.at(local(2026, 12, 1, 10, 0, 0))
	planned := l.report(gas1Clerk, "广开街", obj{"found_on": "2026-12-01", "deadline": "2026-12-10"})["id"].(string)
	old := l.report(gas1Clerk, "广开街", obj{"found_on": "2026-11-01", "deadline": "2026-11-20", "address": "旧账1号"})["id"].(string)
	open := l.report(gas1Clerk, "广开街", obj{"found_on": "2026-11-01", "deadline": "2026-12-20", "address": "旧账2号"})["id"].(string)
	done := l.report(gas1Clerk, "广开街", obj{"found_on": "2026-11-01", "deadline": "2026-12-20", "address": "旧账3号"})["id"].(string)
	l.drive(gas1Clerk, done, "verified")
	ctx := policy.System(context.Background())
	// As before the upgrade: no reminders for the three old hazards.
	for _, id := range []string{old, open, done} {
		if _, err := l.DB.Client.Reminder.Delete().Where(reminder.SubjectID(uuid.MustParse(id))).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	before := l.rungs(planned)
	// Exactly the two open hazards without reminders are planned, once.
	for i, want := range []int{2, 0} {
		if n, err := reminders.NewEngine(l.DB.Client, nil, nil, l.Clock).Backfill(context.Background()); err != nil || n != want {
			t.Fatalf("backfill %d planned %d hazards (%v), want %d", i+1, n, err, want)
		}
	}
	l.StartWorker() // whose relay backfills again, finding nothing
	l.settle(1)
	if got := l.rungs(planned); !slices.Equal(got, before) {
		t.Fatalf("a planned hazard's reminders changed: %v, was %v", got, before)
	}
	if got := l.rungs(old); len(got) != 1 || got[0] != "overdue/0 2026-11-20 11-21T00:00 sent" {
		t.Fatalf("the old overdue hazard has %v, want its escalation sent", got)
	}
	if got := l.rungs(open); len(got) != 3 {
		t.Fatalf("the old open hazard has %v, want its ladder", got)
	}
	if got := l.rungs(done); len(got) != 0 {
		t.Fatalf("a verified hazard was planned: %v", got)
	}
}

// TestLadderChangeKeepsDueReminders: a rung already due but not yet
// delivered (no worker ran) survives a change of the ladder.
func TestLadderChangeKeepsDueReminders(t *testing.T) {
	l := newLedger(t)
	l.at(local(2026, 12, 1, 10, 0, 0))
	l.report(gas1Clerk, "广开街", obj{"found_on": "2026-12-01", "deadline": "2026-12-10"})
	l.at(local(2026, 12, 7, 9, 0, 30))
	res := l.As(bureauAdmin, http.MethodPatch, "/api/v1/settings", obj{"reminder_days": []int{7, 3, 1}, "reminder_hour": 7},
		"If-Match", l.etag(bureauAdmin, "/api/v1/settings"))
	wantStatus(t, res, http.StatusOK)
	l.StartWorker()
	l.settle(1)
	if box, _ := l.inbox(gas1Clerk); len(box) != 1 || !strings.Contains(box[0], "还有 3 天") {
		t.Fatalf("the rung due before the change was lost: %v", box)
	}
}

// TestLongChineseTextIsStoredAndDelivered: lengths are counted in
// characters, as the API's checks count them, not in bytes.
func TestLongChineseTextIsStoredAndDelivered(t *testing.T) {
	l := newLedger(t)
	l.StartWorker()
	l.at(local(2026, 12, 15, 10, 0, 0))
	address := strings.Repeat("南开区广开四马路", 25) // 200 characters, 600 bytes
	l.report(gas1Clerk, "广开街", obj{"found_on": "2026-12-01", "deadline": "2026-12-10", "address": address,
		"description": strings.Repeat("阀门井漏气", 400)})
	l.settle(1)
	if box, _ := l.inbox(gas1Clerk); len(box) != 1 || !strings.Contains(box[0], address) {
		t.Fatalf("the escalation of a long address did not arrive: %.80q", box)
	}
	res := l.As(gas1Admin, http.MethodPost, "/api/v1/webhooks", obj{"name": strings.Repeat("值班群", 33), "kind": "generic",
		"url": "https://203.0.113.10/hook"})
	wantStatus(t, res, http.StatusCreated)
}

// TestReenabledDistrictEscalatesWhatItMissed: reminders that fell due while
// a district was disabled are dropped; enabling it lays its ladders again,
// and an escalation whose time passed meanwhile goes out at once.
func TestReenabledDistrictEscalatesWhatItMissed(t *testing.T) {
	l := newLedger(t)
	l.StartWorker()
	l.at(local(2026, 12, 1, 10, 0, 0))
	id := l.report(gas1Clerk, "广开街", obj{"found_on": "2026-12-01", "deadline": "2026-12-10"})["id"].(string)
	tenantPath := "/api/v1/tenants/" + l.read(bureauAdmin, "/api/v1/settings")["id"].(string)
	disable := func(v bool) {
		res := l.As("/platform.admin", http.MethodPatch, tenantPath, obj{"disabled": v},
			"If-Match", l.etag("/platform.admin", tenantPath))
		wantStatus(t, res, http.StatusOK)
	}
	disable(true)
	l.at(local(2026, 12, 11, 0, 0, 1))
	l.settle(3)
	ctx := policy.System(context.Background())
	dropped, err := l.DB.Client.Reminder.Query().Where(reminder.SubjectID(uuid.MustParse(id)),
		reminder.Note("district disabled")).Count(ctx)
	if err != nil || dropped != 3 {
		t.Fatalf("%d reminders dropped while the district was disabled (%v), want 3", dropped, err)
	}
	l.at(local(2026, 12, 12, 9, 0, 0))
	disable(false)
	// Tokens held before the disable stay dead: the bureau signs in again.
	l.Access[bureauAdmin] = l.Login("nankai", "bureau.admin", handlerstest.Password)
	l.settle(1)
	if box, _ := l.inbox(bureauAdmin); len(box) != 1 || !strings.Contains(box[0], "已逾期") {
		t.Fatalf("the missed escalation did not go out after the district came back: %v", box)
	}
}

// TestInboxListShowsLargeDigestsInPart: a digest of more items than a list
// shows says so and shows the most urgent; small ones show whole.
func TestInboxListShowsLargeDigestsInPart(t *testing.T) {
	l := newLedger(t)
	l.StartWorker()
	l.at(local(2026, 12, 14, 10, 0, 0))
	l.report(gas1Clerk, "广开街", obj{"found_on": "2026-12-01", "deadline": "2026-12-10", "address": "昨日1号"})
	l.settle(1)
	l.at(local(2026, 12, 15, 10, 0, 0))
	for i := range 25 {
		l.report(gas1Clerk, "广开街", obj{"found_on": "2026-12-01", "deadline": "2026-12-10", "address": fmt.Sprintf("今日%d号", i)})
	}
	l.settle(26)
	digests := asList(l.read(gas1Clerk, "/api/v1/notifications")["items"])
	if len(digests) != 2 {
		t.Fatalf("%d digests, want 2", len(digests))
	}
	big, small := digests[0], digests[1]
	if big["item_count"] != 25.0 || len(big["items"].([]any)) != 20 || big["truncated"] != true {
		t.Fatalf("the large digest: count %v, %d items shown, truncated %v", big["item_count"], len(big["items"].([]any)), big["truncated"])
	}
	if small["item_count"] != 1.0 || len(small["items"].([]any)) != 1 || small["truncated"] != nil {
		t.Fatalf("the small digest: %v", small)
	}
	whole := l.read(gas1Clerk, "/api/v1/notifications/"+big["id"].(string))
	if len(whole["items"].([]any)) != 25 {
		t.Fatalf("the digest itself shows %d items", len(whole["items"].([]any)))
	}
}

// TestFarDeadlineHurtsNoOtherDistrict: hazards whose deadline is
// 9999-12-31, already in the database (entered before the API checked
// dates), in a district that keeps its deadlines in UTC: one unplanned, one
// with the rungs the planner used to lay for it (its escalation at
// 10000-01-01). On main the relay's scan failed on SQLite (year 10000 sorts
// as text before now and does not scan back), so 南开's escalation never
// went out, and 河西's queue view answered 500 on PostgreSQL (no JSON for
// year 10000). Now each is recorded once in its district's queue, cancelled
// with a note, and everything else goes on.
func TestFarDeadlineHurtsNoOtherDistrict(t *testing.T) {
	l := newLedger(t)
	l.at(local(2026, 12, 1, 10, 0, 0))
	ctx := policy.System(context.Background())
	company := must(l.DB.Client.Org.Query().Where(org.Name("河西燃气有限公司")).Only(ctx))
	street := must(l.DB.Client.Org.Query().Where(org.TenantID(company.TenantID), org.KindEQ(enum.OrgStreet)).First(ctx))
	var far []uuid.UUID
	if err := services.InTx(ctx, l.DB.Client, func(tx *ent.Tx) error {
		if err := tx.Tenant.UpdateOneID(company.TenantID).SetTimezone("UTC").Exec(ctx); err != nil {
			return err
		}
		for i, laid := range []bool{false, true} {
			h, err := tx.Hazard.Create().SetTenantID(company.TenantID).SetCompanyID(company.ID).
				SetStreetID(street.ID).SetCode(fmt.Sprintf("HX-FAR-%d", i)).SetAddress("河西区某路1号").
				SetCategory(enum.HazardCategory("leak")).SetLevel(enum.HazardLevel("general")).
				SetSource(enum.HazardSource("self_inspection")).SetFoundOn("2026-11-01").
				SetDescription("期限误填为9999年").SetDeadline("9999-12-31").SetOriginalDeadline("9999-12-31").Save(ctx)
			if err != nil {
				return err
			}
			far = append(far, h.ID)
			if !laid {
				continue
			}
			steps, err := reminders.DefaultLadder.Steps("9999-12-31", time.UTC)
			if err != nil {
				return err
			}
			for _, st := range steps {
				if err := tx.Reminder.Create().SetTenantID(h.TenantID).SetSubject("hazard").SetSubjectID(h.ID).
					SetCompanyID(h.CompanyID).SetStreetID(h.StreetID).SetKind(st.Kind).SetRung(st.Rung).
					SetDaysBefore(st.DaysLeft).SetDeadline(h.Deadline).SetAudience(st.Audience).SetDueAt(st.At).
					Exec(ctx); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// Another district's hazard, planned as usual, falls overdue.
	id := l.report(gas1Clerk, "广开街", obj{"found_on": "2026-12-01", "deadline": "2026-12-10"})["id"].(string)
	// Before any relay has run, the far rungs are still as laid (past year
	// 9999): on PostgreSQL the queue view answers all the same. (SQLite's
	// driver cannot read such a time back at all; there the view answers
	// once the relay has recorded them, below.)
	if l.DB.Dialect == dialect.Postgres {
		if res := l.As(hexiAdmin, http.MethodGet, "/api/v1/reminders?limit=200", nil); res.Status != http.StatusOK {
			t.Fatalf("河西's queue view before its relay ran: %d %s", res.Status, res.Body)
		}
	}
	l.StartWorker() // its relay backfills
	l.at(local(2026, 12, 11, 0, 0, 1))
	l.settle(1)
	if box, _ := l.inbox(bureauAdmin); len(box) != 1 || !strings.Contains(box[0], "已逾期") {
		t.Fatalf("南开's escalation did not arrive beside 河西's far deadlines: %v", box)
	}
	if got := l.rungs(id); !slices.Contains(got, "overdue/0 2026-12-10 12-11T00:00 sent") {
		t.Fatalf("南开's hazard has rungs %v", got)
	}
	// The queue views answer whether or not 河西's relay has recorded the
	// far rungs yet (on a loaded machine it may not have).
	for _, login := range []string{hexiAdmin, bureauAdmin} {
		for _, p := range []string{"/api/v1/reminders", "/api/v1/reminders/summary"} {
			if res := l.As(login, http.MethodGet, p, nil); res.Status != http.StatusOK {
				t.Errorf("%s GET %s: %d %s", login, p, res.Status, res.Body)
			}
		}
	}
	// Then each far hazard is recorded once its district's relay has run.
	sys := policy.System(context.Background())
	for wait := time.Now().Add(30 * time.Second); ; {
		n, err := l.DB.Client.Reminder.Query().Where(reminder.SubjectIDIn(far...), reminder.StateEQ(reminder.StateCancelled),
			reminder.Note(reminders.NoteDeadlineOutOfRange)).Count(sys)
		if err != nil {
			t.Fatal(err)
		}
		if n >= len(far) || time.Now().After(wait) {
			break
		}
		l.Queue.Kick()
		time.Sleep(100 * time.Millisecond)
	}
	for _, h := range far {
		res := l.As(hexiAdmin, http.MethodGet, "/api/v1/reminders?hazard_id="+h.String(), nil)
		wantStatus(t, res, http.StatusOK)
		items := asList(res.JSON()["items"])
		if len(items) != 1 || items[0]["state"] != "cancelled" || items[0]["note"] != reminders.NoteDeadlineOutOfRange {
			t.Errorf("the far hazard %s is recorded as %v, want one cancelled reminder with the note", h, items)
		}
	}
}

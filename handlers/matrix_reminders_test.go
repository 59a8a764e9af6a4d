package handlers_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/notification"
	"github.com/hearthsafety/hearth/ent/reminder"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/webhook"
	"github.com/hearthsafety/hearth/ent/webhookdelivery"
	"github.com/hearthsafety/hearth/policy"
)

// ---------------------------------------------------------------- inboxes, the reminder queue and webhooks
//
// PERMISSIONS.md: "notifications · own inbox" (every district login, its
// own digests only: even the bureau reads no one else's), "reminder queue ·
// view, retry" (the bureau; the admin alone retries) and "webhooks of an
// organisation · manage" (the bureau admin any organisation's of its
// district, a company admin its own company's).
//
// Their records are made in every demo under System (reminderFixtures), so
// each cell that must change one has its own, in the demo of its own.

// The reminder rows' fixtures, by alias. A name starting "hexi" is of 河西区
// (districtOfTarget); every other of 南开区.
var (
	// digestProbes are the digests: nankai/gas1.clerk's of two days (one
	// read), nankai/bureau.admin's and hexi/gas1.clerk's.
	digestProbes = []string{"nt.gas1.clerk", "nt.gas1.clerk.read", "nt.bureau.admin", "hexi.nt"}
	// reminderProbes are the reminders: a failed and a sent one of 南开, a
	// failed one of 河西.
	reminderProbes = []string{"rm.nankai.failed", "rm.nankai.sent", "hexi.rm.failed"}
	// webhookProbes are the webhooks: 津燃华润's generic one and DingTalk
	// robot, the other company's, the bureau's WeCom robot, 河西燃气's.
	webhookProbes = []string{"wh.gas1", "wh.gas1.dingtalk", "wh.gas2", "wh.bureau", "hexi.wh"}
	// deliveryProbes are deliveries: failed and succeeded of wh.gas1, failed
	// of wh.gas2 and of hexi.wh.
	deliveryProbes = []string{"wd.gas1.failed", "wd.gas1.sent", "wd.gas2.failed", "hexi.wd.failed"}
)

// unreadDigests is how many unread digests of its own each login starts
// with; the fixtures hold these and no other unread ones.
var unreadDigests = map[int]int{BA: 1, CS: 1, HK: 1}

// fixtureSecret is the signing secret of the fixtures' generic webhooks.
const fixtureSecret = "whsec_matrix"

// The fixtures' reminders are about a deadline long past, due long ago.
const reminderDeadline = "2026-03-01"

// Statuses by who may do it.
var (
	inboxCells   = cells{200, 200, 200, 200, 200, 403, 200, 200, 200, 200} // any district login, its own inbox
	queueCells   = cells{200, 200, 403, 403, 403, 403, 200, 403, 403, 403} // the bureau views the queue
	webhookCells = cells{200, 403, 200, 403, 403, 403, 200, 403, 200, 403} // the bureau admin and a company admin
)

// newWebhook is the body that adds a webhook of kind for the organisation
// orgAlias (none: the caller's own).
func newWebhook(orgAlias, kind string) obj {
	b := obj{"name": "矩阵webhook", "kind": kind, "url": "https://203.0.113.10"}
	if orgAlias != "" {
		b["org_id"] = "@" + orgAlias
	}
	if kind == "dingtalk" {
		b["secret"] = "SECmatrix-new"
	}
	return b
}

// reminderRows are the matrix's rows for inboxes, the reminder queue and
// webhooks.
//
//	columns: BA bureau_admin, BI bureau_inspector, CA company_admin, CS company_staff,
//	         SO street_officer, OP platform operator, HA hexi bureau_admin, HK hexi company_staff,
//	         RA company_admin, RS company_staff (heating, 南开区供热服务中心)
var reminderRows = []row{
	// Inboxes: each login its own digests, whatever its role; the operator
	// has none.
	{route: "GET /api/v1/notifications", want: inboxCells,
		check: lists(digestProbes, map[int]seen{
			BA: {1, "nt.bureau.admin"},
			BI: {0, ""},
			CA: {0, ""},
			CS: {2, "nt.gas1.clerk nt.gas1.clerk.read"},
			SO: {0, ""},
			HA: {0, ""}, // nothing of 南开's bureau
			HK: {1, "hexi.nt"},
			RA: {0, ""},
			RS: {0, ""},
		})},
	{route: "GET /api/v1/notifications", query: "unread=true", want: inboxCells,
		check: lists(digestProbes, map[int]seen{
			BA: {1, "nt.bureau.admin"}, BI: {0, ""}, CA: {0, ""}, CS: {1, "nt.gas1.clerk"}, SO: {0, ""},
			HA: {0, ""}, HK: {1, "hexi.nt"}, RA: {0, ""}, RS: {0, ""},
		})},
	{route: "GET /api/v1/notifications/unread_count", want: inboxCells, check: ownUnread},
	{route: "GET /api/v1/notifications/:id", on: "nt.gas1.clerk", want: cells{404, 404, 404, 200, 404, 403, 404, 404, 404, 404}, check: digest},
	{route: "GET /api/v1/notifications/:id", on: "nt.bureau.admin", want: cells{200, 404, 404, 404, 404, 403, 404, 404, 404, 404}, check: digest},
	{route: "GET /api/v1/notifications/:id", on: "hexi.nt", want: cells{404, 404, 404, 404, 404, 403, 404, 200, 404, 404}, check: digest},
	{route: "POST /api/v1/notifications/:id/read", on: "nt.gas1.clerk", want: cells{404, 404, 404, 200, 404, 403, 404, 404, 404, 404}, check: readNow},
	{route: "POST /api/v1/notifications/:id/read", on: "nt.bureau.admin", want: cells{200, 404, 404, 404, 404, 403, 404, 404, 404, 404}, check: readNow},
	{route: "POST /api/v1/notifications/:id/read", on: "hexi.nt", want: cells{404, 404, 404, 404, 404, 403, 404, 200, 404, 404}, check: readNow},
	{route: "POST /api/v1/notifications/read_all", want: inboxCells, check: readOwn},

	// The reminder queue: the bureau's, of its own district.
	{route: "GET /api/v1/reminders", query: "limit=200", want: queueCells, check: districtQueue},
	{route: "GET /api/v1/reminders", query: "queue=failed", want: queueCells,
		check: lists(reminderProbes, map[int]seen{
			BA: {1, "rm.nankai.failed"}, BI: {1, "rm.nankai.failed"}, HA: {1, "hexi.rm.failed"},
		})},
	{route: "GET /api/v1/reminders/summary", want: queueCells, check: queueCounts},
	{route: "GET /api/v1/reminders/:id", on: "rm.nankai.failed", want: cells{200, 200, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "GET /api/v1/reminders/:id", on: "rm.nankai.sent", want: cells{200, 200, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "GET /api/v1/reminders/:id", on: "hexi.rm.failed", want: cells{404, 404, 403, 403, 403, 403, 200, 403, 403, 403}},
	{route: "POST /api/v1/reminders/:id/retry", on: "rm.nankai.failed", want: cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}, check: rescheduled},
	{route: "POST /api/v1/reminders/:id/retry", on: "rm.nankai.sent", want: cells{409, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "POST /api/v1/reminders/:id/retry", on: "hexi.rm.failed", want: cells{404, 403, 403, 403, 403, 403, 200, 403, 403, 403}, check: rescheduled},

	// Webhooks: the bureau admin any organisation's of its district, a
	// company admin its own company's.
	{route: "GET /api/v1/webhooks", want: webhookCells,
		check: lists(webhookProbes, map[int]seen{
			BA: {4, "wh.gas1 wh.gas1.dingtalk wh.gas2 wh.bureau"},
			CA: {2, "wh.gas1 wh.gas1.dingtalk"}, // its own company's only
			HA: {1, "hexi.wh"},                  // nothing of 南开
			RA: {0, ""},
		})},
	{route: "GET /api/v1/webhooks", query: "org_id=@gas2", want: webhookCells,
		check: lists(webhookProbes, map[int]seen{BA: {1, "wh.gas2"}, CA: {0, ""}, HA: {0, ""}, RA: {0, ""}})},

	{route: "POST /api/v1/webhooks", what: "generic of 津燃华润", body: newWebhook("gas1", "generic"),
		want: cells{201, 403, 201, 403, 403, 403, 422, 403, 422, 403}, field: map[int]string{HA: "org_id", RA: "org_id"}, check: webhookMade},
	{route: "POST /api/v1/webhooks", what: "generic of its own organisation", body: newWebhook("", "generic"),
		want: cells{201, 403, 201, 403, 403, 403, 201, 403, 201, 403}, check: webhookMade},
	{route: "POST /api/v1/webhooks", what: "DingTalk robot of 津燃华润", body: newWebhook("gas1", "dingtalk"),
		want: cells{201, 403, 201, 403, 403, 403, 422, 403, 422, 403}, field: map[int]string{HA: "org_id", RA: "org_id"}, check: webhookMade},
	{route: "POST /api/v1/webhooks", what: "generic of another company", body: newWebhook("gas2", "generic"),
		want: cells{201, 403, 422, 403, 403, 403, 422, 403, 422, 403}, field: map[int]string{CA: "org_id", HA: "org_id", RA: "org_id"}, check: webhookMade},
	{route: "POST /api/v1/webhooks", what: "WeCom robot of the bureau", body: newWebhook("bureau", "wecom"),
		want: cells{201, 403, 422, 403, 403, 403, 422, 403, 422, 403}, field: map[int]string{CA: "org_id", HA: "org_id", RA: "org_id"}, check: webhookMade},
	{route: "POST /api/v1/webhooks", what: "generic of 河西燃气", body: newWebhook("hexi.gas", "generic"),
		want: cells{422, 403, 422, 403, 403, 403, 201, 403, 422, 403}, field: map[int]string{BA: "org_id", CA: "org_id", RA: "org_id"}, check: webhookMade},
	{route: "POST /api/v1/webhooks", what: "to a loopback address",
		body: obj{"name": "矩阵webhook", "kind": "generic", "url": "https://127.0.0.1/hook"},
		want: cells{422, 403, 422, 403, 403, 403, 422, 403, 422, 403}, field: map[int]string{BA: "url", CA: "url", HA: "url", RA: "url"}},

	{route: "GET /api/v1/webhooks/:id", on: "wh.gas1", want: cells{200, 403, 200, 403, 403, 403, 404, 403, 404, 403}, check: webhookShown},
	{route: "GET /api/v1/webhooks/:id", on: "wh.gas1.dingtalk", want: cells{200, 403, 200, 403, 403, 403, 404, 403, 404, 403}, check: webhookShown},
	{route: "GET /api/v1/webhooks/:id", on: "wh.gas2", want: cells{200, 403, 404, 403, 403, 403, 404, 403, 404, 403}, check: webhookShown},
	{route: "GET /api/v1/webhooks/:id", on: "wh.bureau", want: cells{200, 403, 404, 403, 403, 403, 404, 403, 404, 403}, check: webhookShown},
	{route: "GET /api/v1/webhooks/:id", on: "hexi.wh", want: cells{404, 403, 404, 403, 403, 403, 200, 403, 404, 403}, check: webhookShown},

	{route: "PATCH /api/v1/webhooks/:id", on: "wh.gas1", body: renameIt, want: cells{200, 403, 200, 403, 403, 403, 404, 403, 404, 403}, check: webhookChanged},
	{route: "PATCH /api/v1/webhooks/:id", on: "wh.gas2", body: renameIt, want: cells{200, 403, 404, 403, 403, 403, 404, 403, 404, 403}, check: webhookChanged},
	{route: "PATCH /api/v1/webhooks/:id", on: "wh.bureau", body: renameIt, want: cells{200, 403, 404, 403, 403, 403, 404, 403, 404, 403}, check: webhookChanged},
	{route: "PATCH /api/v1/webhooks/:id", on: "hexi.wh", body: renameIt, want: cells{404, 403, 404, 403, 403, 403, 200, 403, 404, 403}, check: webhookChanged},
	{route: "PATCH /api/v1/webhooks/:id", on: "wh.gas1", what: "to a loopback address", body: obj{"url": "https://127.0.0.1/hook"},
		want: cells{422, 403, 422, 403, 403, 403, 404, 403, 404, 403}, field: map[int]string{BA: "url", CA: "url"}},

	{route: "DELETE /api/v1/webhooks/:id", on: "wh.gas1", want: cells{204, 403, 204, 403, 403, 403, 404, 403, 404, 403}, check: webhookGone},
	{route: "DELETE /api/v1/webhooks/:id", on: "wh.gas2", want: cells{204, 403, 404, 403, 403, 403, 404, 403, 404, 403}, check: webhookGone},
	{route: "DELETE /api/v1/webhooks/:id", on: "hexi.wh", want: cells{404, 403, 404, 403, 403, 403, 204, 403, 404, 403}, check: webhookGone},

	{route: "POST /api/v1/webhooks/:id/rotate_secret", on: "wh.gas1", want: cells{200, 403, 200, 403, 403, 403, 404, 403, 404, 403}, check: rotated},
	{route: "POST /api/v1/webhooks/:id/rotate_secret", on: "wh.gas1.dingtalk", want: cells{409, 403, 409, 403, 403, 403, 404, 403, 404, 403}},
	{route: "POST /api/v1/webhooks/:id/rotate_secret", on: "wh.gas2", want: cells{200, 403, 404, 403, 403, 403, 404, 403, 404, 403}, check: rotated},
	{route: "POST /api/v1/webhooks/:id/rotate_secret", on: "hexi.wh", want: cells{404, 403, 404, 403, 403, 403, 200, 403, 404, 403}, check: rotated},

	{route: "POST /api/v1/webhooks/:id/test", on: "wh.gas1", want: cells{202, 403, 202, 403, 403, 403, 404, 403, 404, 403}, check: pinged},
	{route: "POST /api/v1/webhooks/:id/test", on: "wh.gas2", want: cells{202, 403, 404, 403, 403, 403, 404, 403, 404, 403}, check: pinged},
	{route: "POST /api/v1/webhooks/:id/test", on: "hexi.wh", want: cells{404, 403, 404, 403, 403, 403, 202, 403, 404, 403}, check: pinged},

	{route: "GET /api/v1/webhooks/:id/deliveries", on: "wh.gas1", want: cells{200, 403, 200, 403, 403, 403, 404, 403, 404, 403},
		check: lists(deliveryProbes, map[int]seen{BA: {2, "wd.gas1.failed wd.gas1.sent"}, CA: {2, "wd.gas1.failed wd.gas1.sent"}})},
	{route: "GET /api/v1/webhooks/:id/deliveries", on: "wh.gas2", want: cells{200, 403, 404, 403, 403, 403, 404, 403, 404, 403},
		check: lists(deliveryProbes, map[int]seen{BA: {1, "wd.gas2.failed"}})},
	{route: "GET /api/v1/webhooks/:id/deliveries", on: "hexi.wh", want: cells{404, 403, 404, 403, 403, 403, 200, 403, 404, 403},
		check: lists(deliveryProbes, map[int]seen{HA: {1, "hexi.wd.failed"}})},

	{route: "POST /api/v1/webhooks/:id/deliveries/:did/retry", on: "wh.gas1", sub: "wd.gas1.failed",
		want: cells{200, 403, 200, 403, 403, 403, 404, 403, 404, 403}, check: redelivered},
	{route: "POST /api/v1/webhooks/:id/deliveries/:did/retry", on: "wh.gas1", sub: "wd.gas1.sent",
		want: cells{409, 403, 409, 403, 403, 403, 404, 403, 404, 403}},
	{route: "POST /api/v1/webhooks/:id/deliveries/:did/retry", on: "wh.gas1", sub: "wd.gas2.failed", what: "another webhook's delivery",
		want: cells{404, 403, 404, 403, 403, 403, 404, 403, 404, 403}},
	{route: "POST /api/v1/webhooks/:id/deliveries/:did/retry", on: "wh.gas2", sub: "wd.gas2.failed",
		want: cells{200, 403, 404, 403, 403, 403, 404, 403, 404, 403}, check: redelivered},
	{route: "POST /api/v1/webhooks/:id/deliveries/:did/retry", on: "hexi.wh", sub: "hexi.wd.failed",
		want: cells{404, 403, 404, 403, 403, 403, 200, 403, 404, 403}, check: redelivered},
}

// reminderFixtures makes the reminder rows' records in the seeded districts,
// under System, and names them in d.id and d.district: a hazard of each
// district with reminders (failed, sent), digests of three logins with an
// item each, webhooks of four organisations and deliveries of three.
func (d *demo) reminderFixtures(t *testing.T) {
	t.Helper()
	ctx := policy.System(context.Background())
	tx, err := d.DB.Client.Tx(ctx) // hazards and webhooks are audited: in a transaction
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			tx.Rollback()
			t.Fatal(err)
		}
	}
	id := func(alias string) uuid.UUID { return uuid.MustParse(d.id[alias]) }
	keep := func(alias, district string, v uuid.UUID) {
		d.id[alias], d.district[v.String()] = v.String(), district
	}

	hazards := map[string]*ent.Hazard{}
	for _, h := range []struct{ alias, district, company, street string }{
		{"rm.hazard", "nankai", "gas1", "guangkai"},
		{"hexi.rm.hazard", "hexi", "hexi.gas", "hexi.street"},
	} {
		hz, err := tx.Hazard.Create().SetTenantID(id(h.district)).SetCode("YH-2026-900001").SetCompanyID(id(h.company)).SetStreetID(id(h.street)).
			SetAddress("矩阵路3号").SetCategory(enum.CategoryLeak).SetLevel(enum.LevelGeneral).
			SetSource(enum.SourceStreetInspection).SetFoundOn("2026-02-01").SetDescription("矩阵提醒隐患 " + h.alias).
			SetDeadline(reminderDeadline).SetOriginalDeadline(reminderDeadline).Save(ctx)
		must(err)
		hazards[h.alias] = hz
		keep(h.alias, h.district, hz.ID)
	}

	due := time.Now().UTC().Add(-48 * time.Hour).Truncate(time.Second)
	reminders := map[string]*ent.Reminder{}
	for _, r := range []struct {
		alias, district, hazard string
		kind                    enum.ReminderKind
		days                    int
		state                   reminder.State
	}{
		{"rm.nankai.failed", "nankai", "rm.hazard", enum.ReminderOverdue, 0, reminder.StateFailed},
		{"rm.nankai.sent", "nankai", "rm.hazard", enum.ReminderDueSoon, 3, reminder.StateSent},
		{"hexi.rm.failed", "hexi", "hexi.rm.hazard", enum.ReminderOverdue, 0, reminder.StateFailed},
	} {
		hz := hazards[r.hazard]
		cr := tx.Reminder.Create().SetTenantID(hz.TenantID).SetCompanyID(hz.CompanyID).SetStreetID(hz.StreetID).
			SetSubject("hazard").SetSubjectID(hz.ID).SetKind(r.kind).SetRung(rung(r.kind, r.days)).
			SetDaysBefore(r.days).SetDeadline(reminderDeadline).SetDueAt(due).
			SetState(r.state).SetDoneAt(due.Add(time.Hour))
		if r.state == reminder.StateFailed {
			cr.SetAttempts(5).SetLastError("矩阵: 发送失败")
		} else {
			cr.SetAttempts(1).SetRecipients(2)
		}
		rm, err := cr.Save(ctx)
		must(err)
		reminders[r.alias] = rm
		keep(r.alias, r.district, rm.ID)
	}

	readAt := due.Add(2 * time.Hour)
	for _, n := range []struct {
		alias, login, day, reminder string
		read                        bool
	}{
		{"nt.gas1.clerk", "nankai/gas1.clerk", "2026-03-02", "rm.nankai.failed", false},
		{"nt.gas1.clerk.read", "nankai/gas1.clerk", "2026-03-01", "rm.nankai.sent", true},
		{"nt.bureau.admin", "nankai/bureau.admin", "2026-03-02", "rm.nankai.failed", false},
		{"hexi.nt", "hexi/gas1.clerk", "2026-03-02", "hexi.rm.failed", false},
	} {
		rm := reminders[n.reminder]
		cr := tx.Notification.Create().SetTenantID(rm.TenantID).SetUserID(id(n.login)).SetDay(n.day)
		if n.read {
			cr.SetReadAt(readAt)
		}
		nt, err := cr.Save(ctx)
		must(err)
		must(tx.NotificationItem.Create().SetTenantID(rm.TenantID).SetNotificationID(nt.ID).SetUserID(nt.UserID).
			SetReminderID(rm.ID).SetSubject(rm.Subject).SetSubjectID(rm.SubjectID).SetKind(string(rm.Kind)).SetDaysBefore(rm.DaysBefore).
			SetDeadline(rm.Deadline).SetText("矩阵提醒 " + n.alias).Exec(ctx))
		keep(n.alias, d.district[id(n.login).String()], nt.ID)
	}

	webhooks := map[string]*ent.Webhook{}
	for _, w := range []struct {
		alias, district, org string
		kind                 webhook.Kind
		url, secret          string
	}{
		{"wh.gas1", "nankai", "gas1", webhook.KindGeneric, "https://203.0.113.10/gas1", fixtureSecret},
		{"wh.gas1.dingtalk", "nankai", "gas1", webhook.KindDingtalk,
			"https://203.0.113.10/robot/send?access_token=matrix-token", "SECmatrix"},
		{"wh.gas2", "nankai", "gas2", webhook.KindGeneric, "https://203.0.113.11/gas2", fixtureSecret},
		{"wh.bureau", "nankai", "bureau", webhook.KindWecom,
			"https://203.0.113.12/cgi-bin/webhook/send?key=matrix-token", ""},
		{"hexi.wh", "hexi", "hexi.gas", webhook.KindGeneric, "https://203.0.113.13/hexi", fixtureSecret},
	} {
		wh, err := tx.Webhook.Create().SetTenantID(id(w.district)).SetOrgID(id(w.org)).SetName("矩阵 " + w.alias).
			SetKind(w.kind).SetURL(w.url).SetSecret(w.secret).Save(ctx)
		must(err)
		webhooks[w.alias] = wh
		keep(w.alias, w.district, wh.ID)
	}
	for _, dl := range []struct {
		alias, webhook string
		state          webhookdelivery.State
	}{
		{"wd.gas1.failed", "wh.gas1", webhookdelivery.StateFailed},
		{"wd.gas1.sent", "wh.gas1", webhookdelivery.StateSucceeded},
		{"wd.gas2.failed", "wh.gas2", webhookdelivery.StateFailed},
		{"hexi.wd.failed", "hexi.wh", webhookdelivery.StateFailed},
	} {
		wh := webhooks[dl.webhook]
		cr := tx.WebhookDelivery.Create().SetTenantID(wh.TenantID).SetWebhookID(wh.ID).SetOrgID(wh.OrgID).
			SetEvent("ping").SetPayload(`{"event":"ping"}`).SetState(dl.state).SetLastAttemptAt(due)
		if dl.state == webhookdelivery.StateFailed {
			cr.SetAttempts(8).SetLastStatus(500).SetLastError("矩阵: 500")
		} else {
			cr.SetAttempts(1).SetLastStatus(200).SetDeliveredAt(due)
		}
		wd, err := cr.Save(ctx)
		must(err)
		keep(dl.alias, d.district[wh.ID.String()], wd.ID)
	}
	must(tx.Commit())
}

// stateOf is, for a record that has no ETag (a reminder, a digest), what a
// change to it would alter, read under System; ok is false for others.
func (c *cell) stateOf() (state string, ok bool) {
	p := c.r.pattern()
	ctx, client := policy.System(context.Background()), c.d.DB.Client
	at := func(t *time.Time) string {
		if t == nil {
			return "never"
		}
		return t.UTC().Format(time.RFC3339Nano)
	}
	switch {
	case strings.HasPrefix(p, "/api/v1/reminders/:id"):
		r, err := client.Reminder.Get(ctx, uuid.MustParse(c.target()))
		if err != nil {
			c.t.Fatal(err)
		}
		return fmt.Sprintf("%s after %d attempts (note %q, queued %s, done %s, updated %s)",
			r.State, r.Attempts, r.Note, at(r.QueuedAt), at(r.DoneAt), at(&r.UpdatedAt)), true
	case strings.HasPrefix(p, "/api/v1/notifications/:id"):
		n, err := client.Notification.Get(ctx, uuid.MustParse(c.target()))
		if err != nil {
			c.t.Fatal(err)
		}
		return fmt.Sprintf("read %s (updated %s)", at(n.ReadAt), at(&n.UpdatedAt)), true
	}
	return "", false
}

// deliveries sums up a webhook as stored (its secret by digest) and its
// delivery log, for children.
func (c *cell) deliveries() string {
	ctx, client := policy.System(context.Background()), c.d.DB.Client
	id := uuid.MustParse(c.target())
	w, err := client.Webhook.Get(ctx, id)
	if ent.IsNotFound(err) {
		return ", deleted"
	} else if err != nil {
		c.t.Fatal(err)
	}
	ds, err := client.WebhookDelivery.Query().Where(webhookdelivery.WebhookID(id)).
		Order(ent.Asc(webhookdelivery.FieldID)).All(ctx)
	if err != nil {
		c.t.Fatal(err)
	}
	log := make([]string, len(ds))
	for i, d := range ds {
		log[i] = fmt.Sprintf("%s %s after %d", d.ID, d.State, d.Attempts)
	}
	return fmt.Sprintf(", secret %x, %d deliveries [%s]", sha256.Sum256([]byte(w.Secret)), len(ds), strings.Join(log, "; "))
}

// newlyRead counts the digests marked read since the fixtures were made.
func (c *cell) newlyRead() int {
	n, err := c.d.DB.Client.Notification.Query().
		Where(notification.ReadAtNotNil(), notification.IDNEQ(uuid.MustParse(c.d.id["nt.gas1.clerk.read"]))).
		Count(policy.System(context.Background()))
	if err != nil {
		c.t.Fatal(err)
	}
	return n
}

// ownUnread checks an unread count: the login's own unread digests, no one
// else's.
func ownUnread(c *cell, answer obj) string {
	n, err := c.d.DB.Client.Notification.Query().
		Where(notification.UserID(uuid.MustParse(c.d.id[c.actor()])), notification.ReadAtIsNil()).
		Count(policy.System(context.Background()))
	if err != nil {
		c.t.Fatal(err)
	}
	if n != unreadDigests[c.col] {
		c.t.Fatalf("the fixtures give %s %d unread digests, not %d", c.actor(), n, unreadDigests[c.col])
	}
	if answer["unread"] != float64(n) {
		return fmt.Sprintf("it counts %v unread, want %d", answer["unread"], n)
	}
	return ""
}

// digest checks a digest: the target, with its one item, about a reminder
// of the same district.
func digest(c *cell, answer obj) string {
	items := asList(answer["items"])
	if answer["id"] != c.target() || answer["item_count"] != 1.0 || len(items) != 1 {
		return "it is not the target with its one item"
	}
	if r, _ := items[0]["reminder_id"].(string); c.d.district[r] != c.d.district[c.target()] {
		return "its item is about a reminder of another district"
	}
	return ""
}

// readNow checks a digest marked read: the target, read, and so stored.
func readNow(c *cell, answer obj) string {
	if wrong := digest(c, answer); wrong != "" {
		return wrong
	}
	n, err := c.d.DB.Client.Notification.Get(policy.System(context.Background()), uuid.MustParse(c.target()))
	if err != nil {
		c.t.Fatal(err)
	}
	if answer["read"] != true || answer["read_at"] == nil || n.ReadAt == nil {
		return "the digest is not read"
	}
	return ""
}

// readOwn checks read_all: the login's own unread digests marked, and only
// those.
func readOwn(c *cell, answer obj) string {
	if answer["marked"] != float64(unreadDigests[c.col]) {
		return fmt.Sprintf("it marked %v digests, want %d", answer["marked"], unreadDigests[c.col])
	}
	if n := c.newlyRead(); n != unreadDigests[c.col] {
		return fmt.Sprintf("%d digests are read now, want the login's own %d", n, unreadDigests[c.col])
	}
	return ""
}

// districtQueue checks the reminder queue: exactly the reminders of the
// login's district (read under System), the fixture's failed one among them,
// over as many pages as it takes.
func districtQueue(c *cell, answer obj) string {
	got := itemIDs(answer)
	for cur, _ := answer["next_cursor"].(string); cur != ""; {
		res := c.d.As(c.actor(), http.MethodGet, "/api/v1/reminders?limit=200&cursor="+url.QueryEscape(cur), nil)
		if res.Status != http.StatusOK {
			return fmt.Sprintf("its next page answered %d", res.Status)
		}
		page := obj(res.JSON())
		got = append(got, itemIDs(page)...)
		cur, _ = page["next_cursor"].(string)
	}
	rs, err := c.d.DB.Client.Reminder.Query().Where(reminder.TenantID(uuid.MustParse(c.d.id[c.home()]))).
		All(policy.System(context.Background()))
	if err != nil {
		c.t.Fatal(err)
	}
	var want []string
	for _, r := range rs {
		want = append(want, r.ID.String())
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		return fmt.Sprintf("it holds %d reminders, not the %d of the district", len(got), len(want))
	}
	failed := map[string]string{"nankai": "rm.nankai.failed", "hexi": "hexi.rm.failed"}[c.home()]
	if !slices.Contains(got, c.d.id[failed]) {
		return "it lacks " + failed
	}
	return ""
}

// queueCounts checks the queue summary against the login's district's
// reminders and webhook deliveries, read under System. Scheduled reminders
// not yet tried are due or not by the clock: their sum is checked.
func queueCounts(c *cell, answer obj) string {
	ctx, client := policy.System(context.Background()), c.d.DB.Client
	tenant := uuid.MustParse(c.d.id[c.home()])
	rs, err := client.Reminder.Query().Where(reminder.TenantID(tenant)).All(ctx)
	if err != nil {
		c.t.Fatal(err)
	}
	want := map[string]int{"retrying": 0, "sent": 0, "cancelled": 0, "failed": 0}
	untried := 0
	for _, r := range rs {
		switch {
		case r.State == reminder.StateScheduled && r.Attempts > 0:
			want["retrying"]++
		case r.State == reminder.StateScheduled:
			untried++
		default:
			want[string(r.State)]++
		}
	}
	got := counts(answer["reminders"])
	for k, n := range want {
		if got[k] != n {
			return fmt.Sprintf("it counts %d reminders %s, want %d", got[k], k, n)
		}
	}
	if got["scheduled"]+got["due"] != untried {
		return fmt.Sprintf("it counts %d scheduled and %d due, want %d in all", got["scheduled"], got["due"], untried)
	}
	ds, err := client.WebhookDelivery.Query().Where(webhookdelivery.TenantID(tenant)).All(ctx)
	if err != nil {
		c.t.Fatal(err)
	}
	want = map[string]int{"pending": 0, "retrying": 0, "succeeded": 0, "failed": 0}
	for _, d := range ds {
		switch {
		case d.State == webhookdelivery.StatePending && d.Attempts > 0:
			want["retrying"]++
		default:
			want[string(d.State)]++
		}
	}
	got = counts(answer["webhook_deliveries"])
	for k, n := range want {
		if got[k] != n {
			return fmt.Sprintf("it counts %d deliveries %s, want %d", got[k], k, n)
		}
	}
	return ""
}

// counts reads a JSON object of counts.
func counts(v any) map[string]int {
	out := map[string]int{}
	m, _ := v.(map[string]any)
	for k, n := range m {
		f, _ := n.(float64)
		out[k] = int(f)
	}
	return out
}

// rescheduled checks a retried reminder: the target, scheduled again and
// due at once, its attempts reset.
func rescheduled(c *cell, answer obj) string {
	if answer["id"] != c.target() || answer["state"] != "scheduled" || answer["queue"] != "due" || answer["attempts"] != 0.0 {
		return "it is not the target, scheduled again and due"
	}
	r, err := c.d.DB.Client.Reminder.Get(policy.System(context.Background()), uuid.MustParse(c.target()))
	if err != nil {
		c.t.Fatal(err)
	}
	if r.State != reminder.StateScheduled {
		return "the reminder is " + string(r.State) + " still"
	}
	return ""
}

// orgOf is the organisation of the cell's login, read under System.
func (c *cell) orgOf() string {
	u, err := c.d.DB.Client.User.Get(policy.System(context.Background()), uuid.MustParse(c.d.id[c.actor()]))
	if err != nil {
		c.t.Fatal(err)
	}
	return u.OrgID.String()
}

// webhookMade checks a new webhook: as sent, of the organisation named (or
// the login's own), signed; a generic one's generated secret shown once,
// a robot's secret never.
func webhookMade(c *cell, answer obj) string {
	if wrong := c.asAsked(answer, c.res.Header.Get("Location")); wrong != "" {
		return wrong
	}
	sent := c.body().(obj)
	org, _ := sent["org_id"].(string)
	if org == "" {
		org = c.orgOf()
	}
	if answer["org_id"] != org {
		return fmt.Sprintf("it is of org %v, want %s", answer["org_id"], org)
	}
	secret, _ := answer["secret"].(string)
	switch {
	case sent["kind"] == "generic" && (!strings.HasPrefix(secret, "whsec_") || answer["signed"] != true):
		return "a generic webhook is not answered with its new secret"
	case sent["kind"] != "generic" && secret != "":
		return "a robot's secret is shown"
	case sent["kind"] == "dingtalk" && answer["signed"] != true:
		return "the DingTalk robot is not signed"
	}
	return ""
}

// webhookShown checks a webhook read: the target, its secret kept back and
// its URL's key masked.
func webhookShown(c *cell, answer obj) string {
	if answer["id"] != c.target() {
		return "it answered another record"
	}
	if _, ok := answer["secret"]; ok {
		return "it shows the secret"
	}
	if u, _ := answer["url"].(string); u == "" || strings.Contains(u, "matrix-token") {
		return "it shows the URL's key: " + u
	}
	return ""
}

// webhookChanged checks a changed webhook: as asked, its secret kept back.
func webhookChanged(c *cell, answer obj) string {
	if wrong := c.asAsked(answer, ""); wrong != "" {
		return wrong
	}
	return webhookShown(c, answer)
}

// webhookGone checks a deleted webhook: gone, with its delivery log.
func webhookGone(c *cell, _ obj) string {
	ctx, client := policy.System(context.Background()), c.d.DB.Client
	id := uuid.MustParse(c.target())
	w, err1 := client.Webhook.Query().Where(webhook.ID(id)).Count(ctx)
	d, err2 := client.WebhookDelivery.Query().Where(webhookdelivery.WebhookID(id)).Count(ctx)
	if err1 != nil || err2 != nil {
		c.t.Fatal(err1, err2)
	}
	if w != 0 || d != 0 {
		return fmt.Sprintf("%d webhooks and %d deliveries are left", w, d)
	}
	return ""
}

// rotated checks a rotated secret: the target's, new, shown and stored.
func rotated(c *cell, answer obj) string {
	secret, _ := answer["secret"].(string)
	if answer["id"] != c.target() || !strings.HasPrefix(secret, "whsec_") || secret == fixtureSecret {
		return "it is not the target with a new secret"
	}
	w, err := c.d.DB.Client.Webhook.Get(policy.System(context.Background()), uuid.MustParse(c.target()))
	if err != nil {
		c.t.Fatal(err)
	}
	if w.Secret != secret {
		return "the secret shown is not the one stored"
	}
	return ""
}

// pinged checks a test message: a pending ping delivery of the target, stored.
func pinged(c *cell, answer obj) string {
	if answer["webhook_id"] != c.target() || answer["event"] != "ping" || answer["state"] != "pending" {
		return "it is not a pending ping of the target"
	}
	id, _ := answer["id"].(string)
	d, err := c.d.DB.Client.WebhookDelivery.Get(policy.System(context.Background()), uuid.MustParse(id))
	if err != nil || d.WebhookID.String() != c.target() {
		return fmt.Sprintf("the delivery is not stored for the target (%v)", err)
	}
	return ""
}

// redelivered checks a retried delivery: the one asked for, of the target,
// pending again with its attempts reset.
func redelivered(c *cell, answer obj) string {
	if answer["id"] != c.d.id[c.r.sub] || answer["webhook_id"] != c.target() || answer["state"] != "pending" || answer["attempts"] != 0.0 {
		return "it is not the delivery asked for, pending again"
	}
	return ""
}

// rung names a fixture reminder's rung as the planner would.
func rung(kind enum.ReminderKind, days int) string {
	if kind == enum.ReminderOverdue {
		return "e0"
	}
	return fmt.Sprintf("d%d", days)
}

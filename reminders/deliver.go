package reminders

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/notification"
	"github.com/hearthsafety/hearth/ent/notificationitem"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/reminder"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/ent/user"
	"github.com/hearthsafety/hearth/ent/webhook"
	"github.com/hearthsafety/hearth/policy"
)

// digestSpace derives a digest's id from its user and day, so that every
// worker delivering to that user that day meets on one row.
var digestSpace = uuid.MustParse("6b1c2f7e-5d0a-4c61-9a43-2f4e8b1d7c90")

// DigestID is the id of a user's digest of a day.
func DigestID(userID uuid.UUID, day string) uuid.UUID {
	return uuid.NewSHA1(digestSpace, []byte(userID.String()+"/"+day))
}

// Event is the generic webhook body, and what group-robot messages are
// written from.
type Event struct {
	ID        uuid.UUID `json:"id"` // the delivery id (X-Hearth-Delivery)
	Event     string    `json:"event"`
	District  string    `json:"district"`
	CreatedAt time.Time `json:"created_at"`
	DaysLeft  int       `json:"days_left"`
	Hazard    struct {
		ID       uuid.UUID `json:"id"`
		Address  string    `json:"address"`
		Company  string    `json:"company"`
		Street   string    `json:"street"`
		Category string    `json:"category"`
		Level    string    `json:"level"`
		Status   string    `json:"status"`
		Deadline string    `json:"deadline"`
	} `json:"hazard"`
}

// Text is the reminder in words, for inbox items and group robots.
func (e Event) Text() string {
	h := e.Hazard
	if e.Event == "hazard."+KindOverdue {
		return fmt.Sprintf("%s「%s」整改期限 %s 已过，尚未验收，已逾期", h.Company, h.Address, h.Deadline)
	}
	if e.DaysLeft == 0 {
		return fmt.Sprintf("%s「%s」今天（%s）到整改期限", h.Company, h.Address, h.Deadline)
	}
	return fmt.Sprintf("%s「%s」距整改期限 %s 还有 %d 天", h.Company, h.Address, h.Deadline, e.DaysLeft)
}

// plain keeps text a company typed from acting as markdown in a group
// robot's message (a link, a heading, a quote): its markup characters
// become their full-width forms, and line breaks spaces.
var plain = strings.NewReplacer("[", "［", "]", "］", "(", "（", ")", "）", "*", "＊", "_", "＿", "`", "｀",
	"#", "＃", ">", "＞", "<", "＜", "!", "！", "|", "｜", "~", "～", "\\", "＼", "\n", " ", "\r", " ")

// Message is the event as a group-robot message.
func (e Event) Message() Message {
	title := "隐患整改提醒"
	if e.Event == "hazard."+KindOverdue {
		title = "隐患逾期升级"
	}
	e.Hazard.Address, e.Hazard.Company = plain.Replace(e.Hazard.Address), plain.Replace(e.Hazard.Company)
	e.Hazard.Street = plain.Replace(e.Hazard.Street)
	h := e.Hazard
	return Message{Title: title, Lines: []string{e.Text(),
		fmt.Sprintf("街道：%s　类别：%s　等级：%s　状态：%s", h.Street, h.Category, h.Level, h.Status)}}
}

// delivered is what one batch settled.
type delivered struct {
	sent, cancelled int
	webhooks        []uuid.UUID // deliveries to hand Redis
}

// deliver settles a batch of reminders in one transaction: each still
// scheduled is either cancelled (its hazard was verified, its deadline
// moved, its rectification is awaiting verification) or sent: an item in the
// day's digest of every recipient, and a delivery to every enabled webhook of
// the recipients' organisations. A reminder no longer scheduled is skipped,
// so a batch run twice sends once.
func (w *Worker) deliver(ctx context.Context, ids []uuid.UUID) (delivered, error) {
	var out delivered
	ctx = policy.System(ctx)
	now := w.o.Now().UTC()
	err := withTx(ctx, w.o.Client, func(tx *ent.Tx) error {
		out = delivered{}
		q := tx.Reminder.Query().Where(reminder.IDIn(ids...), reminder.StateEQ(reminder.StateScheduled)).
			Order(ent.Asc(reminder.FieldID))
		if w.o.isPostgres() {
			q.ForUpdate() // a repeat of this batch waits, then finds them sent
		}
		rs, err := q.All(ctx)
		if err != nil || len(rs) == 0 {
			return err
		}
		b, err := loadBatch(ctx, tx, rs, now)
		if err != nil {
			return err
		}
		cancel := map[string][]uuid.UUID{}
		sent := map[int][]uuid.UUID{} // by number of recipients
		digests := map[uuid.UUID]*ent.NotificationCreate{}
		var items []*ent.NotificationItemCreate
		var hooks []*ent.WebhookDeliveryCreate
		var nobody []uuid.UUID
		for _, r := range rs {
			h, t := b.hazards[r.HazardID], b.tenants[r.TenantID]
			var day string
			if t != nil {
				day = now.In(Location(t)).Format(time.DateOnly)
			}
			why := cancelReason(r, h, t, day)
			if n, ok := b.nearest[rungOf(r)]; why == "" && ok && n < r.DaysBefore {
				why = "a nearer reminder is due" // sent late beside a nearer one: one says it
			}
			if why != "" {
				cancel[why] = append(cancel[why], r.ID)
				continue
			}
			ev := b.event(r, h, t, now, day)
			users, calls := 0, len(out.webhooks)
			for _, oid := range b.recipientOrgs(r, h) {
				for _, uid := range b.users[oid] {
					users++
					nid := DigestID(uid, day)
					if digests[nid] == nil {
						digests[nid] = tx.Notification.Create().SetID(nid).SetTenantID(r.TenantID).
							SetUserID(uid).SetDay(day).SetCreatedAt(now).SetUpdatedAt(now)
					}
					items = append(items, tx.NotificationItem.Create().SetTenantID(r.TenantID).
						SetNotificationID(nid).SetUserID(uid).SetReminderID(r.ID).SetHazardID(h.ID).
						SetKind(string(r.Kind)).SetDaysBefore(r.DaysBefore).SetDeadline(r.Deadline).
						SetText(truncate(ev.Text(), 500)).SetCreatedAt(now))
				}
				for _, hk := range b.webhooks[oid] {
					did := uuid.Must(uuid.NewV7())
					ev.ID = did
					payload, err := json.Marshal(ev)
					if err != nil {
						return err
					}
					hooks = append(hooks, tx.WebhookDelivery.Create().SetID(did).SetTenantID(r.TenantID).
						SetWebhookID(hk.ID).SetOrgID(oid).SetReminderID(r.ID).SetEvent(ev.Event).
						SetPayload(string(payload)).SetCreatedAt(now).SetUpdatedAt(now))
					out.webhooks = append(out.webhooks, did)
				}
			}
			if users == 0 && calls == len(out.webhooks) {
				nobody = append(nobody, r.ID) // every organisation to tell is disabled or empty
			}
			sent[users] = append(sent[users], r.ID)
			out.sent++
		}
		// Digests in id order, so that two batches lock shared rows alike.
		keys := make([]uuid.UUID, 0, len(digests))
		for id := range digests {
			keys = append(keys, id)
		}
		slices.SortFunc(keys, func(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) })
		for part := range slices.Chunk(keys, 500) {
			creates := make([]*ent.NotificationCreate, len(part))
			for i, id := range part {
				creates[i] = digests[id]
			}
			// A digest read earlier today is unread again: it has news.
			err := tx.Notification.CreateBulk(creates...).OnConflictColumns(notification.FieldID).
				Update(func(u *ent.NotificationUpsert) { u.ClearReadAt().SetUpdatedAt(now) }).Exec(ctx)
			if err != nil {
				return err
			}
		}
		for part := range slices.Chunk(items, 500) {
			err := tx.NotificationItem.CreateBulk(part...).
				OnConflictColumns(notificationitem.FieldNotificationID, notificationitem.FieldReminderID).
				DoNothing().Exec(ctx)
			if err != nil {
				return err
			}
		}
		for part := range slices.Chunk(hooks, 500) {
			if err := tx.WebhookDelivery.CreateBulk(part...).Exec(ctx); err != nil {
				return err
			}
		}
		for n, ids := range sent {
			for part := range slices.Chunk(ids, 1000) {
				err := tx.Reminder.Update().Where(reminder.IDIn(part...)).SetState(reminder.StateSent).
					SetRecipients(n).SetDoneAt(now).SetLastError("").Exec(ctx)
				if err != nil {
					return err
				}
			}
		}
		if len(nobody) > 0 {
			if err := tx.Reminder.Update().Where(reminder.IDIn(nobody...)).SetNote("no one to tell").Exec(ctx); err != nil {
				return err
			}
		}
		for why, ids := range cancel {
			out.cancelled += len(ids)
			for part := range slices.Chunk(ids, 1000) {
				err := tx.Reminder.Update().Where(reminder.IDIn(part...)).SetState(reminder.StateCancelled).
					SetNote(why).SetDoneAt(now).Exec(ctx)
				if err != nil {
					return err
				}
			}
		}
		return nil
	})
	return out, err
}

// NoteDistrictDisabled is why a reminder of a disabled district was not
// sent; enabling the district again lays it anew (Replan).
const NoteDistrictDisabled = "district disabled"

// cancelReason says why a reminder is no longer worth sending, or "". today
// is the district's date.
func cancelReason(r *ent.Reminder, h *ent.Hazard, t *ent.Tenant, today string) string {
	switch {
	case h == nil:
		return "hazard gone"
	case t == nil || t.Disabled:
		return NoteDistrictDisabled
	case h.Status == hazard.StatusVerified:
		return "hazard verified"
	case h.Deadline != r.Deadline:
		return "deadline moved"
	case r.Kind == reminder.KindDueSoon && h.Status == hazard.StatusRectified:
		return "rectification awaiting verification"
	case r.Kind == reminder.KindDueSoon && h.Deadline < today:
		return "deadline passed" // sent late (a backlog, a retry): the escalation says it now
	}
	return ""
}

func rungOf(r *ent.Reminder) string { return r.HazardID.String() + "/" + r.Deadline }

// batch is what a batch of reminders needs, read in a few queries.
type batch struct {
	nearest  map[string]int // hazard/deadline → the fewest days_before of its due-soon rungs now due
	hazards  map[uuid.UUID]*ent.Hazard
	tenants  map[uuid.UUID]*ent.Tenant
	orgs     map[uuid.UUID]*ent.Org       // enabled organisations involved
	bureaus  map[uuid.UUID][]uuid.UUID    // district → its enabled bureau orgs
	users    map[uuid.UUID][]uuid.UUID    // org → its enabled users
	webhooks map[uuid.UUID][]*ent.Webhook // org → its enabled webhooks
}

func loadBatch(ctx context.Context, tx *ent.Tx, rs []*ent.Reminder, now time.Time) (*batch, error) {
	b := &batch{nearest: map[string]int{}, hazards: map[uuid.UUID]*ent.Hazard{}, tenants: map[uuid.UUID]*ent.Tenant{},
		orgs: map[uuid.UUID]*ent.Org{}, bureaus: map[uuid.UUID][]uuid.UUID{},
		users: map[uuid.UUID][]uuid.UUID{}, webhooks: map[uuid.UUID][]*ent.Webhook{}}
	var hids, tids []uuid.UUID
	for _, r := range rs {
		hids = append(hids, r.HazardID)
		tids = append(tids, r.TenantID)
	}
	hids, tids = uniq(hids), uniq(tids)
	for part := range slices.Chunk(hids, 1000) {
		hs, err := tx.Hazard.Query().Where(hazard.IDIn(part...)).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, h := range hs {
			b.hazards[h.ID] = h
		}
		due, err := tx.Reminder.Query().Where(reminder.HazardIDIn(part...), reminder.KindEQ(reminder.KindDueSoon),
			reminder.DueAtLTE(now), reminder.StateIn(reminder.StateScheduled, reminder.StateSent)).
			Select(reminder.FieldHazardID, reminder.FieldDeadline, reminder.FieldDaysBefore).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, r := range due {
			if n, ok := b.nearest[rungOf(r)]; !ok || r.DaysBefore < n {
				b.nearest[rungOf(r)] = r.DaysBefore
			}
		}
	}
	ts, err := tx.Tenant.Query().Where(tenant.IDIn(tids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		b.tenants[t.ID] = t
	}
	var oids []uuid.UUID
	for _, h := range b.hazards {
		oids = append(oids, h.CompanyID, h.StreetID)
	}
	os, err := tx.Org.Query().Where(org.Disabled(false), org.Or(org.IDIn(uniq(oids)...),
		org.And(org.TenantIDIn(tids...), org.KindEQ(org.KindBureau)))).All(ctx)
	if err != nil {
		return nil, err
	}
	oids = oids[:0]
	for _, o := range os {
		b.orgs[o.ID] = o
		oids = append(oids, o.ID)
		if o.Kind == org.KindBureau {
			b.bureaus[o.TenantID] = append(b.bureaus[o.TenantID], o.ID)
		}
	}
	us, err := tx.User.Query().Where(user.OrgIDIn(oids...), user.Disabled(false)).
		Select(user.FieldID, user.FieldOrgID).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range us {
		b.users[u.OrgID] = append(b.users[u.OrgID], u.ID)
	}
	hs, err := tx.Webhook.Query().Where(webhook.OrgIDIn(oids...), webhook.Enabled(true)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, h := range hs {
		b.webhooks[h.OrgID] = append(b.webhooks[h.OrgID], h)
	}
	return b, nil
}

// recipientOrgs are who a reminder goes to: the company before the
// deadline; on escalation the company, the hazard's street and the bureau.
func (b *batch) recipientOrgs(r *ent.Reminder, h *ent.Hazard) []uuid.UUID {
	var out []uuid.UUID
	add := func(id uuid.UUID) {
		if b.orgs[id] != nil && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	add(h.CompanyID)
	if r.Kind == reminder.KindOverdue {
		add(h.StreetID)
		for _, id := range b.bureaus[r.TenantID] {
			add(id)
		}
	}
	return out
}

// event is what a reminder says, in words of the day it is sent: days left
// are counted from today, not from when the rung was planned.
func (b *batch) event(r *ent.Reminder, h *ent.Hazard, t *ent.Tenant, now time.Time, today string) Event {
	ev := Event{Event: "hazard." + string(r.Kind), District: t.Slug, CreatedAt: now}
	if r.Kind == reminder.KindDueSoon {
		d, err1 := time.Parse(time.DateOnly, h.Deadline)
		td, err2 := time.Parse(time.DateOnly, today)
		if err1 == nil && err2 == nil {
			ev.DaysLeft = int(d.Sub(td).Hours() / 24)
		}
	}
	ev.Hazard.ID, ev.Hazard.Address, ev.Hazard.Deadline = h.ID, h.Address, h.Deadline
	ev.Hazard.Category, ev.Hazard.Level, ev.Hazard.Status = string(h.Category), string(h.Level), string(h.Status)
	if o := b.orgs[h.CompanyID]; o != nil {
		ev.Hazard.Company = o.Name
	}
	if o := b.orgs[h.StreetID]; o != nil {
		ev.Hazard.Street = o.Name
	}
	return ev
}

func uniq(ids []uuid.UUID) []uuid.UUID {
	slices.SortFunc(ids, func(a, b uuid.UUID) int { return slices.Compare(a[:], b[:]) })
	return slices.Compact(ids)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// withTx runs fn in a transaction.
func withTx(ctx context.Context, c *ent.Client, fn func(tx *ent.Tx) error) error {
	tx, err := c.Tx(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

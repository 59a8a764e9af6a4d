package reminders

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/notification"
	"github.com/hearthsafety/hearth/ent/notificationitem"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/reminder"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/ent/user"
	"github.com/hearthsafety/hearth/ent/webhook"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/calendar"
)

// digestSpace derives a digest's id from its user and day, so that every
// worker delivering to that user that day meets on one row.
var digestSpace = uuid.MustParse("6b1c2f7e-5d0a-4c61-9a43-2f4e8b1d7c90")

// DigestID is the id of a user's digest of a day.
func DigestID(userID uuid.UUID, day string) uuid.UUID {
	return uuid.NewSHA1(digestSpace, []byte(userID.String()+"/"+day))
}

// delivered is what one batch settled.
type delivered struct {
	sent, cancelled int
	lags            []time.Duration // how late each sent reminder went out
	webhooks        []uuid.UUID     // deliveries to hand Redis
	// unknown are reminders of a subject this build has no source for
	// (an older binary beside a newer one): left scheduled, retried.
	unknown []uuid.UUID
}

// deliver settles a batch of reminders in one transaction: each still
// scheduled is either cancelled (its subject was closed, its deadline moved,
// its rungs before the deadline are paused, …) or sent: an item in the
// day's digest of every recipient, and a delivery to every enabled webhook of
// the recipients' organisations. A reminder no longer scheduled is skipped,
// so a batch run twice sends once.
func (w *Worker) deliver(ctx context.Context, ids []uuid.UUID) (delivered, error) {
	var out delivered
	ctx = policy.System(ctx)
	now := w.o.Now().UTC()
	err := services.InTx(ctx, w.o.Client, func(tx *ent.Tx) error {
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
			src, ok := Lookup(r.Subject)
			if !ok {
				out.unknown = append(out.unknown, r.ID)
				continue
			}
			s, t := b.subjects[subjectKey{r.Subject, r.SubjectID}], b.tenants[r.TenantID]
			var day string
			if t != nil {
				day = calendar.Today(calendar.Location(t.Timezone), now)
			}
			why := cancelReason(r, s, t, day, now)
			if why == "" && b.superseded(r) {
				why = "a nearer reminder is due" // sent late beside a nearer one: one says it
			}
			if why != "" {
				cancel[why] = append(cancel[why], r.ID)
				continue
			}
			o := b.occasion(r, s, t, day, now)
			n := src.Say(*s, o)
			record, err := json.Marshal(n.Record)
			if err != nil {
				return err
			}
			ev := Event{Event: n.Event, District: t.Slug, CreatedAt: now, DaysLeft: o.DaysLeft,
				Subject: r.Subject, Record: record}
			text := truncate(n.Text, 500)
			users, calls := 0, len(out.webhooks)
			for _, oid := range b.recipientOrgs(r, s) {
				for _, uid := range b.users[oid] {
					users++
					nid := DigestID(uid, day)
					if digests[nid] == nil {
						digests[nid] = tx.Notification.Create().SetID(nid).SetTenantID(r.TenantID).
							SetUserID(uid).SetDay(day).SetCreatedAt(now).SetUpdatedAt(now)
					}
					items = append(items, tx.NotificationItem.Create().SetTenantID(r.TenantID).
						SetNotificationID(nid).SetUserID(uid).SetReminderID(r.ID).SetSubject(r.Subject).
						SetSubjectID(r.SubjectID).SetKind(string(r.Kind)).SetDaysBefore(r.DaysBefore).
						SetDeadline(r.Deadline).SetText(text).SetCreatedAt(now))
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
			out.lags = append(out.lags, now.Sub(r.DueAt))
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
					SetNote(truncate(why, 200)).SetDoneAt(now).Exec(ctx)
				if err != nil {
					return err
				}
			}
		}
		return nil
	})
	return out, err
}

// cancelReason says why a reminder is no longer worth sending, or "". today
// is the district's date.
func cancelReason(r *ent.Reminder, s *Subject, t *ent.Tenant, today string, now time.Time) string {
	switch {
	case s == nil:
		return r.Subject + " gone"
	case t == nil || t.Disabled:
		return NoteDistrictDisabled
	case s.Closed:
		if s.Note != "" {
			return s.Note
		}
		return r.Subject + " closed"
	case s.Deadline != r.Deadline:
		return NoteDeadlineMoved
	case r.Kind == enum.ReminderDueSoon && s.Paused != "":
		return s.Paused
	case r.Kind == enum.ReminderDueSoon && passed(s.Deadline, today, now):
		return "deadline passed" // sent late (a backlog, a retry): the escalation says it now
	}
	return ""
}

// passed reports whether a deadline is behind: a date before today, an
// instant not after now.
func passed(deadline, today string, now time.Time) bool {
	if isDate(deadline) {
		return deadline < today
	}
	t, err := time.Parse(time.RFC3339, deadline)
	return err == nil && !now.Before(t)
}

type subjectKey struct {
	subject string
	id      uuid.UUID
}

type rungKey struct {
	id       uuid.UUID
	deadline string
}

// batch is what a batch of reminders needs, read in a few queries.
type batch struct {
	latest   map[rungKey]time.Time // subject/deadline → the latest due_at of its due-soon rungs now due
	subjects map[subjectKey]*Subject
	tenants  map[uuid.UUID]*ent.Tenant
	names    map[uuid.UUID]string         // organisations involved, by id
	orgs     map[uuid.UUID]*ent.Org       // the enabled ones
	bureaus  map[uuid.UUID][]uuid.UUID    // district → its enabled bureau orgs
	users    map[uuid.UUID][]uuid.UUID    // org → its enabled users
	webhooks map[uuid.UUID][]*ent.Webhook // org → its enabled webhooks
}

func loadBatch(ctx context.Context, tx *ent.Tx, rs []*ent.Reminder, now time.Time) (*batch, error) {
	b := &batch{latest: map[rungKey]time.Time{}, subjects: map[subjectKey]*Subject{},
		tenants: map[uuid.UUID]*ent.Tenant{}, names: map[uuid.UUID]string{}, orgs: map[uuid.UUID]*ent.Org{},
		bureaus: map[uuid.UUID][]uuid.UUID{}, users: map[uuid.UUID][]uuid.UUID{}, webhooks: map[uuid.UUID][]*ent.Webhook{}}
	bySubject := map[string][]uuid.UUID{}
	var tids []uuid.UUID
	for _, r := range rs {
		bySubject[r.Subject] = append(bySubject[r.Subject], r.SubjectID)
		tids = append(tids, r.TenantID)
	}
	tids = uniq(tids)
	for _, name := range slices.Sorted(maps.Keys(bySubject)) {
		src, ok := Lookup(name)
		if !ok {
			continue
		}
		for part := range slices.Chunk(uniq(bySubject[name]), 1000) {
			ss, err := src.Load(ctx, tx.Client(), part)
			if err != nil {
				return nil, err
			}
			for i := range ss {
				b.subjects[subjectKey{name, ss[i].ID}] = &ss[i]
			}
			due, err := tx.Reminder.Query().Where(reminder.SubjectIDIn(part...), reminder.KindEQ(enum.ReminderDueSoon),
				reminder.DueAtLTE(now), reminder.StateIn(reminder.StateScheduled, reminder.StateSent)).
				Select(reminder.FieldSubjectID, reminder.FieldDeadline, reminder.FieldDueAt).All(ctx)
			if err != nil {
				return nil, err
			}
			for _, r := range due {
				k := rungKey{r.SubjectID, r.Deadline}
				if r.DueAt.After(b.latest[k]) {
					b.latest[k] = r.DueAt
				}
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
	for _, s := range b.subjects {
		oids = append(oids, s.CompanyID, s.StreetID)
	}
	os, err := tx.Org.Query().Where(org.Or(org.IDIn(uniq(oids)...),
		org.And(org.TenantIDIn(tids...), org.KindEQ(enum.OrgBureau), org.Disabled(false)))).All(ctx)
	if err != nil {
		return nil, err
	}
	oids = oids[:0]
	for _, o := range os {
		b.names[o.ID] = o.Name
		if o.Disabled {
			continue
		}
		b.orgs[o.ID] = o
		oids = append(oids, o.ID)
		if o.Kind == enum.OrgBureau {
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

// superseded reports a rung before the deadline sent late beside a later
// one of the same deadline, also due: the later one speaks for both.
func (b *batch) superseded(r *ent.Reminder) bool {
	return r.Kind == enum.ReminderDueSoon && b.latest[rungKey{r.SubjectID, r.Deadline}].After(r.DueAt)
}

// recipientOrgs are who a reminder goes to, by its audience: the subject's
// company, the street office it lies in, the district's bureau. A reminder
// without an audience tells the company before the deadline and everyone
// after it.
func (b *batch) recipientOrgs(r *ent.Reminder, s *Subject) []uuid.UUID {
	audience := r.Audience
	if len(audience) == 0 {
		audience = []string{AudienceCompany}
		if r.Kind == enum.ReminderOverdue {
			audience = DefaultEscalation[0].Audience
		}
	}
	var out []uuid.UUID
	add := func(id uuid.UUID) {
		if b.orgs[id] != nil && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	for _, a := range audience {
		switch a {
		case AudienceCompany:
			add(s.CompanyID)
		case AudienceStreet:
			add(s.StreetID)
		case AudienceBureau:
			for _, id := range b.bureaus[r.TenantID] {
				add(id)
			}
		}
	}
	return out
}

// occasion is a rung going out, in words of the day it is sent: days left
// are counted from today, not from when the rung was planned.
func (b *batch) occasion(r *ent.Reminder, s *Subject, t *ent.Tenant, today string, now time.Time) Occasion {
	o := Occasion{Kind: r.Kind, Rung: r.Rung, Deadline: s.Deadline, Today: today, District: t.Slug,
		OrgName: func(id uuid.UUID) string { return b.names[id] }}
	if r.Kind != enum.ReminderDueSoon {
		return o
	}
	if isDate(s.Deadline) {
		d, err1 := time.Parse(time.DateOnly, s.Deadline)
		td, err2 := time.Parse(time.DateOnly, today)
		if err1 == nil && err2 == nil {
			o.DaysLeft = int(d.Sub(td).Hours() / 24)
		}
	} else if d, err := time.Parse(time.RFC3339, s.Deadline); err == nil {
		o.Left = d.Sub(now)
	}
	return o
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

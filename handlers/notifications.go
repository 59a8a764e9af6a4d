package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/notification"
	"github.com/hearthsafety/hearth/ent/notificationitem"
	"github.com/hearthsafety/hearth/services"
)

// notificationOut is one day's digest in a user's inbox.
type notificationOut struct {
	ID        uuid.UUID  `json:"id"`
	Day       string     `json:"day" format:"date"`
	Title     string     `json:"title"`
	ItemCount int        `json:"item_count"`
	Items     []itemOut  `json:"items"`
	Truncated bool       `json:"truncated,omitempty"` // more items than shown; GET the digest for all
	Read      bool       `json:"read"`
	ReadAt    *time.Time `json:"read_at"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

type itemOut struct {
	ReminderID uuid.UUID `json:"reminder_id"`
	// HazardID is the subject's id when the subject is a hazard, else null.
	HazardID  *uuid.UUID `json:"hazard_id"`
	Subject   string     `json:"subject"`
	SubjectID uuid.UUID  `json:"subject_id"`
	Kind      string     `json:"kind" enum:"ReminderKind"`
	DaysLeft  int        `json:"days_left"`
	Deadline  string     `json:"deadline" format:"date"`
	Text      string     `json:"text"`
	At        time.Time  `json:"at"`
}

type unreadOut struct {
	Unread int `json:"unread"`
}

type readAllOut struct {
	Marked int `json:"marked"`
}

// Items shown per digest in a list; a digest answers up to maxDigestItems.
const (
	listItems      = 20
	maxDigestItems = 1000
)

func toNotification(n *ent.Notification, items []*ent.NotificationItem, count, shown int) notificationOut {
	out := notificationOut{ID: n.ID, Day: n.Day, Title: n.Day + " 整改提醒", ItemCount: count,
		Items: make([]itemOut, 0, min(len(items), shown)), Read: n.ReadAt != nil, ReadAt: n.ReadAt,
		CreatedAt: n.CreatedAt, UpdatedAt: n.UpdatedAt}
	for i, it := range items {
		if i == shown {
			out.Truncated = true
			break
		}
		out.Items = append(out.Items, itemOut{ReminderID: it.ReminderID, HazardID: hazardOf(it.Subject, it.SubjectID),
			Subject: it.Subject, SubjectID: it.SubjectID, Kind: it.Kind, DaysLeft: it.DaysBefore, Deadline: it.Deadline,
			Text: it.Text, At: it.CreatedAt})
	}
	return out
}

// listNotifications handles GET /api/v1/notifications: the caller's own
// digests, newest day first; ?unread=true for the unread only.
func (a *api) listNotifications(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	q := a.Client.Notification.Query()
	switch c.Query("unread") {
	case "":
	case "true":
		q.Where(notification.ReadAtIsNil())
	case "false":
		q.Where(notification.ReadAtNotNil())
	default:
		return services.Invalid(services.FieldError{Field: "unread", Message: "must be true or false"})
	}
	if p.After != nil {
		cur, err := a.Client.Notification.Get(ctx, *p.After)
		if err != nil {
			return services.Invalid(services.FieldError{Field: "cursor", Message: "is not a cursor this API gave out"})
		}
		q.Where(notification.DayLT(cur.Day))
	}
	rows, err := q.Order(ent.Desc(notification.FieldDay)).Limit(p.Limit + 1).All(ctx)
	if err != nil {
		return err
	}
	ids := make([]uuid.UUID, len(rows))
	for i, n := range rows {
		ids[i] = n.ID
	}
	counts := map[uuid.UUID]int{}
	var grouped []struct {
		NotificationID uuid.UUID `json:"notification_id"`
		Count          int       `json:"count"`
	}
	err = a.Client.NotificationItem.Query().Where(notificationitem.NotificationIDIn(ids...)).
		GroupBy(notificationitem.FieldNotificationID).Aggregate(ent.Count()).Scan(ctx, &grouped)
	if err != nil {
		return err
	}
	for _, g := range grouped {
		counts[g.NotificationID] = g.Count
	}
	// The items of the page's small digests in one query; a digest too
	// large to show whole (a bureau's on a day of many escalations) its
	// first few by a query of its own.
	items := map[uuid.UUID][]*ent.NotificationItem{}
	var small []uuid.UUID
	for _, n := range rows {
		if counts[n.ID] <= listItems {
			small = append(small, n.ID)
			continue
		}
		its, err := digestItems(a.Client, n.ID).Limit(listItems + 1).All(ctx)
		if err != nil {
			return err
		}
		items[n.ID] = its
	}
	if len(small) > 0 {
		its, err := digestItems(a.Client, small...).All(ctx)
		if err != nil {
			return err
		}
		for _, it := range its {
			items[it.NotificationID] = append(items[it.NotificationID], it)
		}
	}
	return c.JSON(finish(rows, p, func(n *ent.Notification) uuid.UUID { return n.ID },
		func(n *ent.Notification) notificationOut {
			return toNotification(n, items[n.ID], counts[n.ID], listItems)
		}))
}

// getNotification handles GET /api/v1/notifications/{id}: one digest with
// its items.
func (a *api) getNotification(c *fiber.Ctx) error {
	n, err := a.notificationOf(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	count, err := a.Client.NotificationItem.Query().Where(notificationitem.NotificationID(n.ID)).Count(ctx)
	if err != nil {
		return err
	}
	its, err := digestItems(a.Client, n.ID).Limit(maxDigestItems + 1).All(ctx)
	if err != nil {
		return err
	}
	return c.JSON(toNotification(n, its, count, maxDigestItems))
}

// digestItems are a digest's items, most urgent first: escalations, then
// the nearest deadlines.
func digestItems(client *ent.Client, ids ...uuid.UUID) *ent.NotificationItemQuery {
	return client.NotificationItem.Query().Where(notificationitem.NotificationIDIn(ids...)).
		Order(ent.Desc(notificationitem.FieldKind), ent.Asc(notificationitem.FieldDaysBefore),
			ent.Asc(notificationitem.FieldDeadline), ent.Asc(notificationitem.FieldID))
}

func (a *api) notificationOf(c *fiber.Ctx) (*ent.Notification, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return nil, err
	}
	return a.Client.Notification.Get(c.UserContext(), id)
}

// unreadCount handles GET /api/v1/notifications/unread_count.
func (a *api) unreadCount(c *fiber.Ctx) error {
	n, err := a.Client.Notification.Query().Where(notification.ReadAtIsNil()).Count(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(unreadOut{Unread: n})
}

// readNotification handles POST /api/v1/notifications/{id}/read. Reading
// twice keeps the first time.
func (a *api) readNotification(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := a.notify.MarkRead(c.UserContext(), id); err != nil {
		return err
	}
	return a.getNotification(c)
}

// readAll handles POST /api/v1/notifications/read_all.
func (a *api) readAll(c *fiber.Ctx) error {
	n, err := a.notify.MarkAllRead(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(readAllOut{Marked: n})
}

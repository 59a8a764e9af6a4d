package reminders

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/hibiken/asynq"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/webhook"
	"github.com/hearthsafety/hearth/ent/webhookdelivery"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
)

// handleRobot delivers to a group robot (WeCom, DingTalk): the pending
// deliveries of the robot go out together, up to RobotBatch in one message,
// within the robot's rate. One worker at a time sends to a robot (a lock in
// Redis), so a delivery goes out in one message only; each delivery keeps
// its own record, settled when its message is answered. A failed message
// holds the robot's deliveries back for the backoff; they are retried
// together. A test message (ping) goes out alone.
//
// The holder sends until the robot has nothing pending: tasks of
// deliveries it sent find them settled; tasks that come while it sends are
// given back unsent (not counted as attempts) to look again shortly.
func (w *Worker) handleRobot(ctx context.Context, d *ent.WebhookDelivery, hk *ent.Webhook) error {
	sys := policy.System(ctx)
	if left, err := w.pace.held(ctx, hk.ID); err != nil {
		return err
	} else if left > 0 {
		return &notYet{wait: left, why: "robot waits after a failed message"}
	}
	lock, ok, err := w.pace.lock(ctx, hk.ID)
	if err != nil {
		return err
	}
	if !ok {
		return &notYet{wait: w.o.Backoff(0), why: "another worker is sending to this robot"}
	}
	defer lock.release()
	lingered := d.Event == EventPing || w.o.Linger < 0
	for {
		batch, err := w.gather(sys, hk, d)
		if err != nil || len(batch) == 0 {
			return err
		}
		if !lingered && len(batch) < w.o.RobotBatch {
			// The rest of a wave may still be committing: wait once.
			lingered = true
			if err := w.pace.clock.Sleep(ctx, w.o.Linger); err != nil {
				return err
			}
			continue
		}
		lingered = true
		if err := w.robotTurn(ctx, lock, hk); err != nil {
			return err
		}
		mine := slices.ContainsFunc(batch, func(b *ent.WebhookDelivery) bool { return b.ID == d.ID })
		start := time.Now()
		status, n, sendErr := w.sendBatch(ctx, hk, batch)
		took := time.Since(start)
		retried, _ := asynq.GetRetryCount(ctx)
		last := func(b *ent.WebhookDelivery) bool {
			return b.Attempts >= w.webhookMaxRetry(ctx) || b.ID == d.ID && retried >= w.webhookMaxRetry(ctx)
		}
		if err := w.settleBatch(sys, batch, status, sendErr, last); err != nil {
			return err
		}
		w.observeCall(hk, n, sendErr, took)
		for _, b := range batch {
			w.logDelivery(b, hk, status, sendErr, last(b), took, len(batch))
		}
		if sendErr != nil {
			wait := w.o.Backoff(retried)
			if err := w.pace.hold(ctx, hk.ID, wait); err != nil {
				return err
			}
			switch {
			case mine && last(d):
				return nil // recorded as failed
			case mine:
				return sendErr // asynq counts the attempt and retries with backoff
			}
			return &notYet{wait: wait, why: "robot waits after a failed message"}
		}
	}
}

// robotTurn waits, holding the robot's lock, until its rate allows a call,
// and records the call.
func (w *Worker) robotTurn(ctx context.Context, lock *robotLock, hk *ent.Webhook) error {
	for {
		if ok, err := lock.refresh(ctx); err != nil {
			return err
		} else if !ok {
			return &notYet{wait: w.o.Backoff(0), why: "robot lock lost"}
		}
		wait, err := w.pace.take(ctx, hk.ID, w.o.PerMinute)
		if err != nil || wait == 0 {
			return err
		}
		metrics.paced.WithLabelValues(string(hk.Kind)).Inc()
		if err := w.pace.clock.Sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// gather is the next batch for a robot: d alone when it is a ping still
// pending, else the robot's oldest pending reminder deliveries.
func (w *Worker) gather(ctx context.Context, hk *ent.Webhook, d *ent.WebhookDelivery) ([]*ent.WebhookDelivery, error) {
	q := w.o.Client.WebhookDelivery.Query().Where(webhookdelivery.WebhookID(hk.ID),
		webhookdelivery.StateEQ(webhookdelivery.StatePending))
	if d.Event == EventPing {
		q.Where(webhookdelivery.ID(d.ID))
	} else {
		q.Where(webhookdelivery.EventNEQ(EventPing))
	}
	return q.Order(ent.Asc(webhookdelivery.FieldID)).Limit(w.o.RobotBatch).All(ctx)
}

// sendBatch sends a batch as one robot message; n is how many it carried.
func (w *Worker) sendBatch(ctx context.Context, hk *ent.Webhook, batch []*ent.WebhookDelivery) (status, n int, err error) {
	evs := make([]Event, len(batch))
	for i, b := range batch {
		if err := json.Unmarshal([]byte(b.Payload), &evs[i]); err != nil {
			return 0, len(batch), fmt.Errorf("stored payload: %w", err)
		}
	}
	limit := WeComMaxBytes
	if hk.Kind == webhook.KindDingtalk {
		limit = DingTalkMaxBytes
	}
	m, err := Digest(evs, limit)
	if err != nil {
		return 0, len(batch), err
	}
	body, err := robotBody(hk.Kind, m)
	if err != nil {
		return 0, len(batch), err
	}
	status, err = w.sender.post(ctx, hk, batch[0].ID, body)
	return status, len(batch), err
}

// settleBatch records one attempt of every delivery of a batch: all
// succeeded, or all failed (for good, those whose retries are spent).
func (w *Worker) settleBatch(ctx context.Context, batch []*ent.WebhookDelivery, status int, cause error,
	last func(*ent.WebhookDelivery) bool) error {
	now := w.o.Now().UTC()
	var again, spent []uuid.UUID
	for _, b := range batch {
		if cause != nil && last(b) {
			spent = append(spent, b.ID)
		} else {
			again = append(again, b.ID)
		}
	}
	ctx = context.WithoutCancel(ctx)
	set := func(tx *ent.Tx, ids []uuid.UUID, fin bool) error {
		if len(ids) == 0 {
			return nil
		}
		u := tx.WebhookDelivery.Update().Where(webhookdelivery.IDIn(ids...),
			webhookdelivery.StateEQ(webhookdelivery.StatePending)).
			AddAttempts(1).SetLastStatus(status).SetLastAttemptAt(now)
		switch {
		case cause == nil:
			u.SetState(webhookdelivery.StateSucceeded).SetDeliveredAt(now).SetLastError("")
		case fin:
			u.SetState(webhookdelivery.StateFailed).SetLastError(truncate(cause.Error(), 500))
		default:
			u.SetLastError(truncate(cause.Error(), 500))
		}
		return u.Exec(ctx)
	}
	return services.InTx(ctx, w.o.Client, func(tx *ent.Tx) error {
		// In one transaction: a batch is settled whole or not at all.
		if err := set(tx, again, false); err != nil {
			return err
		}
		return set(tx, spent, true)
	})
}

// Digest is one robot message for events, within limit bytes of markdown:
// an event alone as its source says it; several as a count under their
// title ("隐患逾期升级 12 条") and a line each, the first that fit, then
// "……等 M 条未列出" for the rest.
func Digest(evs []Event, limit int) (Message, error) {
	ms := make([]Message, len(evs))
	for i, ev := range evs {
		m, err := message(ev)
		if err != nil {
			return Message{}, err
		}
		ms[i] = m
	}
	if len(ms) == 1 && len(ms[0].markdown()) <= limit {
		return ms[0], nil
	}
	var titles []string
	count := map[string]int{}
	for _, m := range ms {
		if count[m.Title] == 0 {
			titles = append(titles, m.Title)
		}
		count[m.Title]++
	}
	out := Message{Title: fmt.Sprintf("%s %d 条", titles[0], len(ms))}
	if len(titles) > 1 {
		parts := make([]string, len(titles))
		for i, t := range titles {
			parts[i] = fmt.Sprintf("%s %d 条", t, count[t])
		}
		out.Title = fmt.Sprintf("Hearth 提醒 %d 条（%s）", len(ms), strings.Join(parts, "、"))
	}
	tail := func(rest int) string { return fmt.Sprintf("……等 %d 条未列出，请在 Hearth 中查看", rest) }
	size := len(out.markdown())
	for i, m := range ms {
		line := ""
		if len(m.Lines) > 0 {
			line = truncate(m.Lines[0], 200)
		}
		if len(titles) > 1 {
			line = "【" + m.Title + "】" + line
		}
		more := len("> " + line + "\n")
		if rest := len(ms) - i - 1; rest > 0 {
			more += len("> " + tail(rest) + "\n")
		}
		if size+more > limit {
			out.Lines = append(out.Lines, tail(len(ms)-i))
			break
		}
		out.Lines = append(out.Lines, line)
		size += len("> " + line + "\n")
	}
	return out, nil
}

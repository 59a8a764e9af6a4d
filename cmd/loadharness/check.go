package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/reminders"
)

// receiver is the webhook's target: it checks each call's signature and
// counts the calls by delivery id and by reminder (its record and event).
type receiver struct {
	secret     []byte
	webhookID  string
	mu         sync.Mutex
	calls      int
	bad        []string
	byDelivery map[string]int             // X-Hearth-Delivery → calls
	byRecord   map[string]map[string]bool // "event record-id" → delivery ids
}

func newReceiver() *receiver {
	return &receiver{byDelivery: map[string]int{}, byRecord: map[string]map[string]bool{}}
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	err = reminders.Verify(r.secret, req.Header.Get(reminders.HeaderTimestamp), req.Header.Get(reminders.HeaderSignature),
		body, time.Now(), 5*time.Minute)
	if err != nil {
		r.bad = append(r.bad, fmt.Sprintf("delivery %s: %v", req.Header.Get(reminders.HeaderDelivery), err))
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var ev reminders.Event
	if err := json.Unmarshal(body, &ev); err != nil {
		r.bad = append(r.bad, fmt.Sprintf("delivery %s: %v", req.Header.Get(reminders.HeaderDelivery), err))
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	var rec struct {
		ID string `json:"id"`
	}
	json.Unmarshal(ev.Record, &rec)
	did := req.Header.Get(reminders.HeaderDelivery)
	if did != ev.ID.String() {
		r.bad = append(r.bad, fmt.Sprintf("delivery header %s, body id %s", did, ev.ID))
	}
	r.byDelivery[did]++
	k := ev.Event + " " + rec.ID
	if r.byRecord[k] == nil {
		r.byRecord[k] = map[string]bool{}
	}
	r.byRecord[k][did] = true
	w.WriteHeader(http.StatusNoContent)
}

// check waits for the reminders due to be delivered, then holds every
// invariant and prints the figures.
func (h *harness) check(ctx context.Context, l *load, recv *receiver) error {
	s := l.stats
	var problems []string
	problems = append(problems, s.violations...)

	// Every reminder due by now is settled and every webhook call made.
	deadline := time.Now().Add(h.o.drain)
	var due, pending int
	for {
		if err := h.db.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM reminders WHERE state = 'scheduled' AND due_at <= now()),
			(SELECT count(*) FROM webhook_deliveries WHERE state = 'pending')`).Scan(&due, &pending); err != nil {
			return err
		}
		if due == 0 && pending == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Second)
	}
	if due > 0 || pending > 0 {
		problems = append(problems, fmt.Sprintf("%d reminders due and %d webhook calls still pending %s after the load", due, pending, h.o.drain))
	}

	// One hazard per Idempotency-Key, and each the one first answered.
	rows, err := h.db.QueryContext(ctx, `SELECT id, description FROM hazards WHERE description LIKE '负载%'`)
	if err != nil {
		return err
	}
	byKey := map[string][]string{}
	for rows.Next() {
		var id uuid.UUID
		var d string
		if err := rows.Scan(&id, &d); err != nil {
			return err
		}
		f := strings.Fields(d)
		byKey[f[1]] = append(byKey[f[1]], id.String())
	}
	rows.Close()
	for key, c := range s.created {
		if ids := byKey[key]; len(ids) != 1 || ids[0] != c.id {
			problems = append(problems, fmt.Sprintf("key %s answered hazard %s; the database has %v", key, c.id, ids))
		}
	}
	for key, ids := range s.importsByKey {
		if got := byKey[key]; len(got) != len(ids) {
			problems = append(problems, fmt.Sprintf("import %s answered %d hazards; the database has %d", key, len(ids), len(got)))
		}
	}
	for key, ids := range byKey {
		_, c := s.created[key]
		_, i := s.importsByKey[key]
		if !c && !i {
			// made by a request whose answer never came back, and never
			// retried to its end: a lost request.
			problems = append(problems, fmt.Sprintf("key %s made %v, which no answer gave", key, ids))
		}
	}

	// As many evidence files on each hazard as uploads were answered stored:
	// a retried upload stored once.
	if len(s.uploads) > 0 {
		ids := make([]string, 0, len(s.uploads))
		for id := range s.uploads {
			ids = append(ids, id)
		}
		rows, err := h.db.QueryContext(ctx, `SELECT hazard_id, count(*) FROM hazard_attachments WHERE hazard_id = ANY($1) GROUP BY hazard_id`, ids)
		if err != nil {
			return err
		}
		stored := map[string]int{}
		for rows.Next() {
			var id uuid.UUID
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				return err
			}
			stored[id.String()] = n
		}
		rows.Close()
		for id, n := range s.uploads {
			if stored[id] != n {
				problems = append(problems, fmt.Sprintf("hazard %s: %d uploads answered stored, %d files in the database", id, n, stored[id]))
			}
		}
	}

	// Each overdue hazard's escalation: one reminder, sent, delivered once.
	type rem struct {
		id, subject, state string
	}
	rows, err = h.db.QueryContext(ctx, `SELECT r.id, r.subject_id, r.state FROM reminders r
		WHERE r.kind = 'overdue' AND r.subject_id = ANY($1)`, s.overdue)
	if err != nil {
		return err
	}
	bySubject := map[string][]rem{}
	for rows.Next() {
		var r rem
		var id, sub uuid.UUID
		if err := rows.Scan(&id, &sub, &r.state); err != nil {
			return err
		}
		r.id, r.subject = id.String(), sub.String()
		bySubject[r.subject] = append(bySubject[r.subject], r)
	}
	rows.Close()
	deliveries := map[string][]string{} // reminder id → delivery ids
	rows, err = h.db.QueryContext(ctx, `SELECT reminder_id, id, state FROM webhook_deliveries
		WHERE webhook_id = $1 AND reminder_id IS NOT NULL`, recv.webhookID)
	if err != nil {
		return err
	}
	failedCalls := 0
	for rows.Next() {
		var rid, did uuid.UUID
		var state string
		if err := rows.Scan(&rid, &did, &state); err != nil {
			return err
		}
		deliveries[rid.String()] = append(deliveries[rid.String()], did.String())
		if state != "succeeded" {
			failedCalls++
		}
	}
	rows.Close()
	if failedCalls > 0 {
		problems = append(problems, fmt.Sprintf("%d webhook deliveries did not succeed", failedCalls))
	}
	recv.mu.Lock()
	sent, repeats := 0, 0
	for _, hid := range s.overdue {
		rs := bySubject[hid]
		if len(rs) != 1 || rs[0].state != "sent" {
			problems = append(problems, fmt.Sprintf("overdue hazard %s: escalation reminders %v, want one sent", hid, rs))
			continue
		}
		ds := deliveries[rs[0].id]
		got := recv.byRecord["hazard.overdue "+hid]
		if len(ds) != 1 || len(got) != 1 || !got[ds[0]] {
			problems = append(problems, fmt.Sprintf("overdue hazard %s: reminder %s has deliveries %v; the receiver got %v",
				hid, rs[0].id, ds, keys(got)))
			continue
		}
		sent++
	}
	duplicates := 0
	for k, ds := range recv.byRecord {
		if len(ds) > 1 {
			duplicates += len(ds) - 1
			problems = append(problems, fmt.Sprintf("%s reached the receiver as %d deliveries", k, len(ds)))
		}
	}
	for _, n := range recv.byDelivery {
		repeats += n - 1
	}
	problems = append(problems, recv.bad...)
	calls := recv.calls
	recv.mu.Unlock()

	// The audit chain.
	audit, err := h.hearth(ctx, "audit", "verify")
	if err != nil {
		problems = append(problems, fmt.Sprintf("hearth audit verify: %v\n%s", err, audit))
	}

	// The figures.
	s.mu.Lock()
	lat := append([]time.Duration(nil), s.latency...)
	fmt.Println()
	fmt.Printf("requests          %d (%.1f/s over %s), %d clients\n", s.requests.Load(),
		float64(s.requests.Load())/h.o.duration.Seconds(), h.o.duration, h.o.clients)
	fmt.Printf("logical requests  %s\n", counts(s.ops))
	fmt.Printf("latency           p50 %s  p99 %s  max %s (every answered request, through HAProxy)\n",
		percentile(lat, 0.50).Round(time.Millisecond), percentile(lat, 0.99).Round(time.Millisecond),
		percentile(lat, 1).Round(time.Millisecond))
	fmt.Printf("retried answers   %s\n", counts(s.errors))
	fmt.Printf("retries           %d (same request, same Idempotency-Key); replays checked %d\n", s.retries.Load(), s.replays.Load())
	fmt.Printf("answers lost      %s (with a killed replica, after the request committed: 409 request_committed, "+
		"the record found by its location or key and counted as the answer)\n", counts(s.lostAnswers))
	fmt.Printf("reminders         due %d (overdue hazards of the load), sent and delivered once %d, duplicates %d; "+
		"webhook calls %d (repeats of one delivery id, dropped by X-Hearth-Delivery: %d)\n",
		len(s.overdue), sent, duplicates, calls, repeats)
	fmt.Printf("audit verify      %s\n", firstLine(audit, err))
	s.mu.Unlock()
	if len(problems) > 0 {
		h.failed = true
		fmt.Printf("\n%d invariant(s) violated:\n", len(problems))
		for i, p := range problems {
			if i == 30 {
				fmt.Printf("  … and %d more\n", len(problems)-30)
				break
			}
			fmt.Println("  -", p)
		}
		return fmt.Errorf("%d invariant(s) violated", len(problems))
	}
	return nil
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func counts(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	var b strings.Builder
	for i, k := range ks {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %d", k, m[k])
	}
	return b.String()
}

func firstLine(out string, err error) string {
	out = strings.TrimSpace(out)
	if err != nil {
		return "FAILED: " + err.Error()
	}
	lines := strings.Split(out, "\n")
	if len(lines) > 3 {
		lines = lines[:3]
	}
	return strings.Join(lines, " / ")
}

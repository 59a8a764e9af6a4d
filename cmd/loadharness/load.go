package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/xuri/excelize/v2"
)

// stats are the load's figures.
type stats struct {
	requests, retries, replays atomic.Int64
	lostAnswers                map[string]int // 409 request_committed, by request kind: the record found
	mu                         sync.Mutex
	latency                    []time.Duration    // of every answered request
	errors                     map[string]int     // retried answers and failures, by kind
	violations                 []string           // what must not happen
	ops                        map[string]int     // logical requests done, by kind
	created                    map[string]created // by Idempotency-Key
	importsByKey               map[string][]string
	uploads                    map[string]int // evidence files answered stored, by hazard
	overdue                    []string       // hazards created past their deadline: escalated at once
}

// created is a hazard a create made: its id as first answered, and the
// request's body; lost when its answer was lost with a killed replica (409
// request_committed, the hazard found by its location).
type created struct {
	id   string
	body []byte
	lost bool
}

func newStats() *stats {
	return &stats{errors: map[string]int{}, ops: map[string]int{}, created: map[string]created{},
		importsByKey: map[string][]string{}, lostAnswers: map[string]int{}, uploads: map[string]int{}}
}

func (s *stats) errorf(kind string) {
	s.mu.Lock()
	s.errors[kind]++
	s.mu.Unlock()
}

func (s *stats) violate(format string, args ...any) {
	s.mu.Lock()
	s.violations = append(s.violations, fmt.Sprintf(format, args...))
	s.mu.Unlock()
}

func (s *stats) done(op string) {
	s.mu.Lock()
	s.ops[op]++
	s.mu.Unlock()
}

// load is the clients' shared state: tokens, ids, the request budget.
type load struct {
	h      *harness
	base   string
	http   *http.Client
	stats  *stats
	tokens map[string]string // "district/username" → access token
	street string            // 广开街's id: every hazard of the load lies there
	png    []byte
	keySeq atomic.Int64
	budget time.Duration // how long a logical request may take, retries included
	today  time.Time
}

// answer is one HTTP answer.
type answer struct {
	status int
	body   []byte
	header http.Header
}

func (a answer) json() map[string]any {
	var m map[string]any
	json.Unmarshal(a.body, &m)
	return m
}

func (a answer) str(k string) string {
	s, _ := a.json()[k].(string)
	return s
}

func newLoad(ctx context.Context, h *harness, base, hookURL string, recv *receiver) (*load, error) {
	l := &load{h: h, base: base, stats: newStats(), tokens: map[string]string{}, budget: h.o.budget,
		today: time.Now().In(time.FixedZone("CST", 8*3600))}
	l.http = &http.Client{Timeout: 2 * time.Minute, Transport: &http.Transport{
		MaxIdleConnsPerHost: 64, IdleConnTimeout: 30 * time.Second}}
	img := image.NewRGBA(image.Rect(0, 0, 32, 24))
	for i := range img.Pix {
		img.Pix[i] = byte(i)
	}
	img.Set(0, 0, color.RGBA{0x5a, 0xa0, 0x5a, 0xff})
	var buf bytes.Buffer
	png.Encode(&buf, img)
	l.png = buf.Bytes()

	for _, who := range []string{"nankai/gas1.clerk", "nankai/gas1.admin", "nankai/street.guangkai",
		"nankai/bureau.inspector", "hexi/gas1.clerk"} {
		d, u, _ := strings.Cut(who, "/")
		body, _ := json.Marshal(map[string]string{"tenant": d, "username": u, "password": h.o.password})
		a, err := l.call(ctx, "login", "", http.MethodPost, "/api/v1/auth/login", jsonBody(body), nil)
		if err != nil || a.status != http.StatusOK {
			return nil, fmt.Errorf("sign in as %s: %v %d %s", who, err, a.status, a.body)
		}
		l.tokens[who] = a.str("access_token")
	}
	a, err := l.call(ctx, "setup", "nankai/gas1.clerk", http.MethodGet, "/api/v1/orgs?kind=street&q="+url.QueryEscape("广开街"), nil, nil)
	if err != nil || a.status != http.StatusOK {
		return nil, fmt.Errorf("find 广开街: %v %s", err, a.body)
	}
	var orgs struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if json.Unmarshal(a.body, &orgs); len(orgs.Items) == 0 {
		return nil, fmt.Errorf("no 广开街: %s", a.body)
	}
	l.street = orgs.Items[0].ID

	// The company's webhook: every reminder to 津燃华润 reaches the receiver.
	hook, _ := json.Marshal(map[string]string{"name": "负载测试接收端", "kind": "generic", "url": hookURL})
	a, err = l.call(ctx, "setup", "nankai/gas1.admin", http.MethodPost, "/api/v1/webhooks", jsonBody(hook),
		map[string]string{"Idempotency-Key": "load-webhook"})
	if err != nil || a.status != http.StatusCreated {
		return nil, fmt.Errorf("add the webhook: %v %d %s", err, a.status, a.body)
	}
	recv.secret = []byte(a.str("secret"))
	recv.webhookID = a.str("id")
	l.stats.requests.Store(0)
	l.stats.latency = nil
	return l, nil
}

func jsonBody(b []byte) func() (io.Reader, string) {
	return func() (io.Reader, string) { return bytes.NewReader(b), "application/json" }
}

// retriable tells whether an answer is one a client tries again with the
// same request: no answer at all, or HAProxy's (no server) or a
// replica's refusal while a dependency is away, or the claim of the same
// key still held (its first request is running, or died with its replica
// and awaits the lease).
func retriable(a answer, err error) (string, bool) {
	switch {
	case err != nil:
		if errors.Is(err, context.Canceled) {
			return "", false
		}
		if errors.Is(err, context.DeadlineExceeded) {
			return "no answer within the budget", true
		}
		return "connection error", true
	case a.status == http.StatusBadGateway, a.status == http.StatusServiceUnavailable, a.status == http.StatusGatewayTimeout:
		return fmt.Sprintf("%d %s", a.status, strings.TrimSpace(a.str("code"))), true
	case a.status == http.StatusConflict && a.str("code") == "request_in_progress":
		return "409 request_in_progress", true
	}
	return "", false
}

// do sends a logical request until it has an answer that is not
// retriable, or its budget is spent: then it is lost, a violation that
// fails the run, named at once. No attempt outlives the budget (each is cut
// at its deadline), so no answer, however repeated, holds a client for
// longer. retried says whether an earlier attempt went unanswered, so that
// the caller may accept what only a repeat of an applied request answers.
func (l *load) do(ctx context.Context, op, who, method, path string, body func() (io.Reader, string), hdr map[string]string) (a answer, retried bool, ok bool) {
	deadline := time.Now().Add(l.budget)
	// Past the load's end too: a request begun is finished, within its budget.
	bounded, cancel := context.WithDeadline(context.WithoutCancel(ctx), deadline)
	defer cancel()
	wait := 200 * time.Millisecond
	for attempt := 1; ; attempt++ {
		var err error
		a, err = l.call(bounded, op, who, method, path, body, hdr)
		kind, again := retriable(a, err)
		if !again {
			if err != nil {
				return a, retried, false // the run is over
			}
			return a, retried, true
		}
		l.stats.errorf(kind + " (" + op + ")")
		if !time.Now().Before(deadline) {
			what := fmt.Sprintf("%s %s %s", op, method, path)
			if key := hdr["Idempotency-Key"]; key != "" {
				what += " (Idempotency-Key " + key + ")"
			}
			l.h.logf("LOST: %s: no final answer within its budget of %s (%d attempts, last: %s)", what, l.budget, attempt, kind)
			l.stats.violate("%s: lost, no final answer within its budget of %s (%d attempts, last: %s)", what, l.budget, attempt, kind)
			return a, retried, false
		}
		if err != nil || a.status == http.StatusBadGateway {
			retried = true // the first may have been applied
		}
		l.stats.retries.Add(1)
		time.Sleep(min(wait, time.Until(deadline)))
		wait = min(wait*2, 2*time.Second)
	}
}

// call makes one HTTP request and times it.
func (l *load) call(ctx context.Context, op, who, method, path string, body func() (io.Reader, string), hdr map[string]string) (answer, error) {
	var r io.Reader
	var ctype string
	if body != nil {
		r, ctype = body()
	}
	req, err := http.NewRequestWithContext(ctx, method, l.base+path, r)
	if err != nil {
		return answer{}, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if who != "" {
		req.Header.Set("Authorization", "Bearer "+l.tokens[who])
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	l.stats.requests.Add(1)
	start := time.Now()
	res, err := l.http.Do(req)
	if err != nil {
		return answer{}, err
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return answer{}, err
	}
	took := time.Since(start)
	l.stats.mu.Lock()
	l.stats.latency = append(l.stats.latency, took)
	l.stats.mu.Unlock()
	return answer{status: res.StatusCode, body: b, header: res.Header}, nil
}

// hazard is one of a client's hazards on its way through the lifecycle.
type hazard struct {
	id, key string
	status  string
	etag    string
	steps   int
}

// run starts the clients and waits for them; each finishes the logical
// request it has begun when ctx ends.
func (l *load) run(ctx context.Context) {
	var wg sync.WaitGroup
	for i := range l.h.o.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.client(ctx, i)
		}()
	}
	wg.Wait()
}

func (l *load) client(ctx context.Context, n int) {
	rng := rand.New(rand.NewPCG(uint64(n), uint64(time.Now().UnixNano())))
	var open []*hazard
	for ctx.Err() == nil {
		switch r := rng.IntN(100); {
		case r < 40:
			l.list(ctx, rng)
		case r < 62:
			if h := l.create(ctx, rng); h != nil && h.status == "reported" {
				open = append(open, h)
			}
		case r < 90:
			if len(open) == 0 {
				continue
			}
			i := rng.IntN(len(open))
			if l.step(ctx, open[i]) {
				open = slices.Delete(open, i, i+1)
			}
		case r < 95:
			l.replay(ctx, rng)
		default:
			l.importSheet(ctx, rng)
		}
	}
}

var lists = []struct{ who, path string }{
	{"nankai/gas1.clerk", "/api/v1/hazards?limit=20"},
	{"nankai/bureau.inspector", "/api/v1/hazards?limit=50&overdue=true"},
	{"nankai/street.guangkai", "/api/v1/hazards?limit=20&status=rectified"},
	{"nankai/bureau.inspector", "/api/v1/ledger/summary?group_by=street"},
	{"nankai/gas1.clerk", "/api/v1/notifications?limit=20"},
	{"nankai/bureau.inspector", "/api/v1/reminders?limit=20"},
	{"hexi/gas1.clerk", "/api/v1/hazards?limit=20"},
	{"nankai/gas1.clerk", "/api/v1/orgs?kind=street"},
}

func (l *load) list(ctx context.Context, rng *rand.Rand) {
	q := lists[rng.IntN(len(lists))]
	a, _, ok := l.do(ctx, "list", q.who, http.MethodGet, q.path, nil, nil)
	if !ok {
		return
	}
	if a.status != http.StatusOK {
		l.stats.violate("list %s as %s: %d %s", q.path, q.who, a.status, trim(a.body))
		return
	}
	l.stats.done("list")
}

func (l *load) newKey(kind string) string {
	return fmt.Sprintf("load-%s-%d-%s", kind, l.keySeq.Add(1), randHex(3))
}

// create records a hazard in 广开街 under a fresh Idempotency-Key, a third
// of them past their deadline (escalated at once: a reminder due now).
func (l *load) create(ctx context.Context, rng *rand.Rand) *hazard {
	key := l.newKey("hazard")
	overdue := rng.IntN(3) == 0
	found, deadline := l.today.AddDate(0, 0, -2), l.today.AddDate(0, 0, 10)
	if overdue {
		found, deadline = l.today.AddDate(0, 0, -20), l.today.AddDate(0, 0, -2)
	}
	body, _ := json.Marshal(map[string]any{"street_id": l.street, "address": "广开四马路" + key[len(key)-6:] + "号",
		"category": "leak", "level": "general", "source": "self_inspection", "found_on": found.Format("2006-01-02"),
		"description": "负载测试 " + key, "measure": "更换阀门", "responsible_person": "张工",
		"deadline": deadline.Format("2006-01-02")})
	a, _, ok := l.do(ctx, "create", "nankai/gas1.clerk", http.MethodPost, "/api/v1/hazards", jsonBody(body),
		map[string]string{"Idempotency-Key": key})
	if !ok {
		return nil
	}
	lost := committed(a)
	if lost {
		// Made, its answer lost with a killed replica: the hazard it names
		// is the key's answer.
		if a, ok = l.lostCreate(ctx, key, a); !ok {
			return nil
		}
	} else if a.status != http.StatusCreated {
		l.stats.violate("create %s: %d %s", key, a.status, trim(a.body))
		return nil
	}
	id := a.str("id")
	l.stats.mu.Lock()
	l.stats.created[key] = created{id, body, lost}
	if overdue {
		l.stats.overdue = append(l.stats.overdue, id)
	}
	l.stats.mu.Unlock()
	l.stats.done("create")
	if overdue {
		return &hazard{id: id, key: key, status: "overdue"} // left as it is: its escalation must go out
	}
	return &hazard{id: id, key: key, status: a.str("status"), etag: a.header.Get("ETag")}
}

// replay sends an earlier create again, the same body under the same key:
// the answer must be the first one (the same id), marked replayed.
func (l *load) replay(ctx context.Context, rng *rand.Rand) {
	l.stats.mu.Lock()
	var key string
	var first created
	if n := len(l.stats.created); n > 0 {
		i := rng.IntN(n)
		for k, v := range l.stats.created {
			if i == 0 {
				key, first = k, v
				break
			}
			i--
		}
	}
	l.stats.mu.Unlock()
	if key == "" {
		return
	}
	a, _, ok := l.do(ctx, "create replay", "nankai/gas1.clerk", http.MethodPost, "/api/v1/hazards", jsonBody(first.body),
		map[string]string{"Idempotency-Key": key})
	if !ok {
		return
	}
	if first.lost {
		// No answer was kept: the same 409, naming the same hazard.
		if !committed(a) || a.str("location") != "/api/v1/hazards/"+first.id {
			l.stats.violate("create %s, whose answer was lost, sent again: %d %s, want 409 request_committed naming %s",
				key, a.status, trim(a.body), first.id)
			return
		}
	} else if a.status != http.StatusCreated || a.str("id") != first.id || a.header.Get("Idempotent-Replayed") != "true" {
		l.stats.violate("create %s sent again: %d replayed=%q id %s, first %s", key, a.status,
			a.header.Get("Idempotent-Replayed"), a.str("id"), first.id)
		return
	}
	l.stats.replays.Add(1)
	l.stats.done("create replay")
}

// step takes a hazard one step on: start, an edit with If-Match, evidence,
// submit, verify by the street. It reports whether the hazard is done.
func (l *load) step(ctx context.Context, h *hazard) bool {
	path := "/api/v1/hazards/" + h.id
	clerk := "nankai/gas1.clerk"
	switch h.status {
	case "reported":
		return l.transition(ctx, h, "start", clerk, "rectifying", nil)
	case "rectifying":
		switch h.steps {
		case 0: // an edit, guarded by the ETag
			measure := "更换阀门并加装切断阀 " + h.key
			body, _ := json.Marshal(map[string]string{"measure": measure})
			a, retried, ok := l.do(ctx, "edit", clerk, http.MethodPatch, path, jsonBody(body), map[string]string{"If-Match": h.etag})
			if !ok {
				return true
			}
			if a.status == http.StatusPreconditionFailed && retried {
				// The first attempt was applied before its answer was lost:
				// the record says so.
				g, _, ok := l.do(ctx, "get", clerk, http.MethodGet, path, nil, nil)
				if !ok || g.str("measure") != measure {
					l.stats.violate("edit of %s: 412 after a retry, and the record has not the edit: %s", h.id, trim(g.body))
					return true
				}
				a = g
			} else if a.status != http.StatusOK {
				l.stats.violate("edit of %s: %d %s", h.id, a.status, trim(a.body))
				return true
			}
			h.etag = a.header.Get("ETag")
			h.steps++
			l.stats.done("edit")
		case 1: // evidence
			body := func() (io.Reader, string) {
				var b bytes.Buffer
				w := multipart.NewWriter(&b)
				w.WriteField("stage", "after")
				f, _ := w.CreateFormFile("file", "repair.png")
				f.Write(l.png)
				w.Close()
				return &b, w.FormDataContentType()
			}
			// Under a key: a retry of an upload stored before its answer was
			// lost stores nothing more (check counts the files).
			a, _, ok := l.do(ctx, "upload", clerk, http.MethodPost, path+"/attachments", body,
				map[string]string{"Idempotency-Key": l.newKey("upload")})
			if !ok {
				return true
			}
			switch {
			case committed(a):
				l.stats.lost("upload")
			case a.status != http.StatusCreated:
				l.stats.violate("upload to %s: %d %s", h.id, a.status, trim(a.body))
				return true
			}
			l.stats.mu.Lock()
			l.stats.uploads[h.id]++
			l.stats.mu.Unlock()
			h.steps++
			l.stats.done("upload")
		default:
			return l.transition(ctx, h, "submit", clerk, "rectified", []byte(`{"note":"已更换阀门，检测无泄漏"}`))
		}
	case "rectified":
		return l.transition(ctx, h, "verify", "nankai/street.guangkai", "verified", []byte(`{"note":"现场复查合格"}`))
	}
	return h.status == "verified"
}

// transition posts a lifecycle step. A step retried after its first
// attempt went unanswered may find it applied: 409 naming the status the
// step leads to.
func (l *load) transition(ctx context.Context, h *hazard, action, who, to string, note []byte) bool {
	var body func() (io.Reader, string)
	if note != nil {
		body = jsonBody(note)
	}
	a, retried, ok := l.do(ctx, action, who, http.MethodPost, "/api/v1/hazards/"+h.id+"/"+action, body, nil)
	if !ok {
		return true
	}
	switch {
	case a.status == http.StatusOK:
	case a.status == http.StatusConflict && retried && a.str("current_status") == to:
		l.stats.errorf("409 step applied before its answer was lost")
	default:
		l.stats.violate("%s %s: %d %s", action, h.id, a.status, trim(a.body))
		return true
	}
	h.status, h.steps, h.etag = to, 0, a.header.Get("ETag")
	l.stats.done(action)
	return to == "verified"
}

// importSheet imports three rows under an Idempotency-Key, then sends the
// same file under the same key again: the same answer (the same ids),
// replayed.
func (l *load) importSheet(ctx context.Context, rng *rand.Rand) {
	key := l.newKey("import")
	f := excelize.NewFile()
	heads := []string{"隐患名称/描述", "隐患等级", "隐患类别", "所属街道", "地址", "发现日期", "整改期限"}
	for i, v := range heads {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellValue("Sheet1", cell, v)
	}
	for r := range 3 {
		row := []string{fmt.Sprintf("负载导入 %s 行%d", key, r+1), "一般", "漏气", "广开街",
			fmt.Sprintf("广开五马路%d号", rng.IntN(900)+1), l.today.AddDate(0, 0, -3).Format("2006-01-02"),
			l.today.AddDate(0, 0, 20).Format("2006-01-02")}
		for i, v := range row {
			cell, _ := excelize.CoordinatesToCellName(i+1, r+2)
			f.SetCellValue("Sheet1", cell, v)
		}
	}
	var x bytes.Buffer
	if _, err := f.WriteTo(&x); err != nil {
		l.stats.violate("build an import: %v", err)
		return
	}
	body := func() (io.Reader, string) {
		var b bytes.Buffer
		w := multipart.NewWriter(&b)
		fw, _ := w.CreateFormFile("file", "ledger.xlsx")
		fw.Write(x.Bytes())
		w.Close()
		return &b, w.FormDataContentType()
	}
	hdr := map[string]string{"Idempotency-Key": key}
	a, _, ok := l.do(ctx, "import", "nankai/gas1.clerk", http.MethodPost, "/api/v1/hazards/import", body, hdr)
	if !ok {
		return
	}
	var out struct {
		Created int      `json:"created"`
		IDs     []string `json:"ids"`
	}
	lost := committed(a)
	if lost {
		// Made, its answer lost with a killed replica: its rows, found by
		// the key in their descriptions, are the key's answer.
		ids, ok := l.findByKey(ctx, key)
		if !ok {
			return
		}
		if len(ids) != 3 {
			l.stats.violate("import %s answered 409 request_committed; its key finds %v, want 3 hazards", key, ids)
			return
		}
		out.Created, out.IDs = len(ids), ids
		l.stats.lost("import")
	} else if json.Unmarshal(a.body, &out); a.status != http.StatusCreated || out.Created != 3 {
		l.stats.violate("import %s: %d %s", key, a.status, trim(a.body))
		return
	}
	l.stats.mu.Lock()
	l.stats.importsByKey[key] = out.IDs
	l.stats.mu.Unlock()
	l.stats.done("import")
	again, _, ok := l.do(ctx, "import replay", "nankai/gas1.clerk", http.MethodPost, "/api/v1/hazards/import", body, hdr)
	if !ok {
		return
	}
	if lost {
		if !committed(again) {
			l.stats.violate("import %s, whose answer was lost, sent again: %d %s, want 409 request_committed",
				key, again.status, trim(again.body))
			return
		}
		l.stats.replays.Add(1)
		l.stats.done("import replay")
		return
	}
	var second struct {
		IDs []string `json:"ids"`
	}
	json.Unmarshal(again.body, &second)
	if again.status != http.StatusCreated || again.header.Get("Idempotent-Replayed") != "true" || !slices.Equal(out.IDs, second.IDs) {
		l.stats.violate("import %s sent again: %d replayed=%q ids %v, first %v", key, again.status,
			again.header.Get("Idempotent-Replayed"), second.IDs, out.IDs)
		return
	}
	l.stats.replays.Add(1)
	l.stats.done("import replay")
}

// committed tells whether an answer is 409 request_committed: the request
// was carried out, its answer lost with the replica that was killed before
// it kept it.
func committed(a answer) bool {
	return a.status == http.StatusConflict && a.str("code") == "request_committed"
}

func (s *stats) lost(kind string) {
	s.mu.Lock()
	s.lostAnswers[kind]++
	s.mu.Unlock()
}

// lostCreate finds the hazard of a create answered 409 request_committed:
// at the location it names, else by its key (in its description). It gives
// the hazard as the create would have answered it.
func (l *load) lostCreate(ctx context.Context, key string, a answer) (answer, bool) {
	loc := a.str("location")
	if loc == "" {
		ids, ok := l.findByKey(ctx, key)
		if !ok {
			return a, false
		}
		if len(ids) != 1 {
			l.stats.violate("create %s answered 409 request_committed without a location; its key finds %v", key, ids)
			return a, false
		}
		loc = "/api/v1/hazards/" + ids[0]
	}
	g, _, ok := l.do(ctx, "get", "nankai/gas1.clerk", http.MethodGet, loc, nil, nil)
	if !ok {
		return a, false
	}
	if f := strings.Fields(g.str("description")); g.status != http.StatusOK || len(f) < 2 || f[1] != key {
		l.stats.violate("create %s answered 409 request_committed naming %s, which reads %d %s", key, loc, g.status, trim(g.body))
		return a, false
	}
	l.stats.lost("create")
	g.status = http.StatusCreated
	return g, true
}

// findByKey lists the load's hazards whose description names key (the
// word after 负载测试 or 负载导入).
func (l *load) findByKey(ctx context.Context, key string) ([]string, bool) {
	a, _, ok := l.do(ctx, "find", "nankai/gas1.clerk", http.MethodGet, "/api/v1/hazards?limit=50&q="+url.QueryEscape(key), nil, nil)
	if !ok {
		return nil, false
	}
	var page struct {
		Items []struct {
			ID          string `json:"id"`
			Description string `json:"description"`
		} `json:"items"`
	}
	if err := json.Unmarshal(a.body, &page); err != nil || a.status != http.StatusOK {
		l.stats.violate("find the hazards of %s: %d %s", key, a.status, trim(a.body))
		return nil, false
	}
	var ids []string
	for _, it := range page.Items {
		if f := strings.Fields(it.Description); len(f) >= 2 && f[1] == key {
			ids = append(ids, it.ID)
		}
	}
	sort.Strings(ids)
	return ids, true
}

func trim(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// percentile of sorted durations.
func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	i := int(float64(len(d)-1) * p)
	return d[i]
}

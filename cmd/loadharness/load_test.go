package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeAPI answers as Hearth does for requests carried out on a replica
// killed before it kept their answers: every create and import under a key
// answers 409 request_committed (a create naming its hazard), and the
// hazards are there to read and list. /stuck answers 409
// request_in_progress for ever, /hang never answers.
type fakeAPI struct {
	mu    sync.Mutex
	descs map[string]string // hazard id → description
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/hang" {
		<-r.Context().Done() // never answers
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	problem := func(code string, extra map[string]any) {
		m := map[string]any{"status": 409, "code": code}
		for k, v := range extra {
			m[k] = v
		}
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusConflict)
		json.NewEncoder(w).Encode(m)
	}
	key := r.Header.Get("Idempotency-Key")
	switch {
	case r.URL.Path == "/stuck":
		problem("request_in_progress", nil)
	case r.Method == http.MethodPost && r.URL.Path == "/api/v1/hazards":
		id := "h-" + key
		f.descs[id] = "负载测试 " + key
		problem("request_committed", map[string]any{"location": "/api/v1/hazards/" + id})
	case r.Method == http.MethodPost && r.URL.Path == "/api/v1/hazards/import":
		for n := range 3 {
			f.descs[fmt.Sprintf("i-%s-%d", key, n)] = fmt.Sprintf("负载导入 %s 行%d", key, n+1)
		}
		f.descs["other-"+key] = "负载导入 " + key + "0 行1" // another key that contains this one
		problem("request_committed", nil)
	case r.Method == http.MethodGet && r.URL.Path == "/api/v1/hazards":
		var items []map[string]string
		for id, d := range f.descs {
			if strings.Contains(d, r.URL.Query().Get("q")) {
				items = append(items, map[string]string{"id": id, "description": d})
			}
		}
		json.NewEncoder(w).Encode(map[string]any{"items": items})
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/api/v1/hazards/"):
		id := strings.TrimPrefix(r.URL.Path, "/api/v1/hazards/")
		d, ok := f.descs[id]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("ETag", `"1"`)
		json.NewEncoder(w).Encode(map[string]string{"id": id, "description": d, "status": "reported"})
	default:
		http.NotFound(w, r)
	}
}

func testLoad(t *testing.T, budget time.Duration) *load {
	srv := httptest.NewServer(&fakeAPI{descs: map[string]string{}})
	t.Cleanup(srv.Close)
	return &load{h: &harness{}, base: srv.URL, http: srv.Client(), stats: newStats(),
		tokens: map[string]string{}, budget: budget, street: "s", today: time.Now()}
}

// TestLostAnswersCount: a create or import answered 409 request_committed
// counts the hazards it made (by the location, else by its key, exactly) as
// its answer, and sent again must answer the same 409.
func TestLostAnswersCount(t *testing.T) {
	l := testLoad(t, time.Minute)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))

	h := l.create(ctx, rng)
	if h == nil || h.id != "h-"+h.key {
		t.Fatalf("a create whose answer was lost: %+v; violations %v", h, l.stats.violations)
	}
	if c := l.stats.created[h.key]; c.id != h.id || !c.lost {
		t.Errorf("the key's answer: %+v", c)
	}
	l.replay(ctx, rng)
	l.importSheet(ctx, rng)
	var key string
	for k := range l.stats.importsByKey {
		key = k
	}
	want := []string{"i-" + key + "-0", "i-" + key + "-1", "i-" + key + "-2"}
	if got := l.stats.importsByKey[key]; !slices.Equal(got, want) {
		t.Errorf("the import's answer: %v, want %v", got, want)
	}
	if len(l.stats.violations) > 0 || l.stats.replays.Load() != 2 ||
		l.stats.lostAnswers["create"] != 1 || l.stats.lostAnswers["import"] != 1 {
		t.Errorf("violations %v, replays %d, lost answers %v", l.stats.violations, l.stats.replays.Load(), l.stats.lostAnswers)
	}
}

// TestRetryBudget: a request answered 409 request_in_progress for ever, or
// never answered at all, is given up when its budget is spent, as a
// violation naming it.
func TestRetryBudget(t *testing.T) {
	for _, path := range []string{"/stuck", "/hang"} {
		l := testLoad(t, 700*time.Millisecond)
		start := time.Now()
		_, _, ok := l.do(context.Background(), "create", "", http.MethodPost, path, nil, map[string]string{"Idempotency-Key": "k-1"})
		if took := time.Since(start); ok || took > 5*time.Second {
			t.Fatalf("%s: ok %v after %s", path, ok, took)
		}
		if len(l.stats.violations) != 1 || !strings.Contains(l.stats.violations[0], "k-1") ||
			!strings.Contains(l.stats.violations[0], "budget") {
			t.Errorf("%s: violations %v", path, l.stats.violations)
		}
	}
}

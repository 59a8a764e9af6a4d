package handlers_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/alicebob/miniredis/v2"
	"github.com/gofiber/fiber/v2"
	"github.com/redis/go-redis/v9"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/handlers"
	"github.com/hearthsafety/hearth/migrations"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services/accounts"
	"github.com/hearthsafety/hearth/storage"
)

// The list benchmarks run against a PostgreSQL database filled by the
// load-data generator, e.g.
//
//	psql -h 127.0.0.1 -d postgres -c 'CREATE DATABASE hearth_bench'
//	HEARTH_DATABASE_URL='postgres://127.0.0.1:5432/hearth_bench?sslmode=disable' \
//	  go run ./cmd/hearth seed --bench --hazards 1000000 --password bench-password-1
//	HEARTH_BENCH_DATABASE_URL='postgres://127.0.0.1:5432/hearth_bench?sslmode=disable' \
//	HEARTH_BENCH_PASSWORD=bench-password-1 \
//	  go test ./handlers/ -run '^$' -bench HazardList -benchtime 200x
//
// Every request goes through the real app (app.Test): middleware, token,
// casbin, ent privacy, the query, JSON.
const (
	envBenchURL      = "HEARTH_BENCH_DATABASE_URL"
	envBenchPassword = "HEARTH_BENCH_PASSWORD"
	envBenchTenant   = "HEARTH_BENCH_TENANT" // bench01 when unset
)

type benchEnv struct {
	app       *fiber.App
	tokens    map[string]string // bureau, company, street
	street    string            // a street of the district
	comp      string            // the company of the company login
	community string            // a community of the district
	cursor    map[string]string // cursorAfter's answers, by who, query and depth
}

var (
	benchOnce sync.Once
	benchE    *benchEnv
	benchErr  error
)

// benchSetup opens the bench database and signs in, once per process.
func benchSetup(b *testing.B) *benchEnv {
	u := os.Getenv(envBenchURL)
	if u == "" {
		b.Skipf("%s is not set: point it at a database filled by `hearth seed --bench`", envBenchURL)
	}
	pw := os.Getenv(envBenchPassword)
	if pw == "" {
		b.Fatalf("set %s to the --password given to `hearth seed --bench`", envBenchPassword)
	}
	tenant := os.Getenv(envBenchTenant)
	if tenant == "" {
		tenant = "bench01"
	}
	benchOnce.Do(func() { benchE, benchErr = newBenchEnv(u, tenant, pw) })
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchE
}

func newBenchEnv(dbURL, tenant, pw string) (*benchEnv, error) {
	ctx := context.Background()
	db, err := migrations.Open(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	if _, err := db.Up(ctx); err != nil { // as the server does at start
		return nil, err
	}
	mr := miniredis.NewMiniRedis()
	if err := mr.Start(); err != nil {
		return nil, err
	}
	rdb := redis.NewClient(&redis.Options{Addr: mr.Addr()})
	var sink io.Writer = io.Discard
	if os.Getenv("HEARTH_TEST_LOG") == "1" {
		sink = os.Stderr
	}
	log := slog.New(slog.NewTextHandler(sink, nil))
	authz, err := policy.NewAuthz(db.Client, rdb, log)
	if err != nil {
		return nil, err
	}
	key := make([]byte, 32)
	rand.Read(key)
	dir, err := os.MkdirTemp("", "hearth-bench-files-")
	if err != nil {
		return nil, err
	}
	e := &benchEnv{tokens: map[string]string{}, cursor: map[string]string{}}
	client := db.Client
	if os.Getenv("HEARTH_BENCH_SQL") == "1" { // print every statement, for EXPLAIN ANALYZE
		client = ent.NewClient(ent.Driver(dialect.DebugWithContext(entsql.OpenDB(db.Dialect, db.SQL),
			func(_ context.Context, v ...any) { fmt.Fprintln(os.Stderr, v...) })))
	}
	e.app = handlers.New(handlers.Deps{Client: client, SQL: db.SQL, Authz: authz, Redis: rdb,
		Tokens: &handlers.Tokens{Key: key}, Log: log, Passwords: accounts.DefaultPasswordParams,
		Storage: storage.Dir{Root: dir}})
	for who, username := range map[string]string{"bureau": "bureau.admin", "company": "gas1.staff", "street": "street1.officer"} {
		var out struct {
			AccessToken string `json:"access_token"`
		}
		body := fmt.Sprintf(`{"tenant":%q,"username":%q,"password":%q}`, tenant, username, pw)
		if err := e.get("", http.MethodPost, "/api/v1/auth/login", body, &out); err != nil {
			return nil, fmt.Errorf("signing in as %s/%s: %w", tenant, username, err)
		}
		e.tokens[who] = out.AccessToken
	}
	var orgs struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if err := e.get(e.tokens["bureau"], http.MethodGet, "/api/v1/orgs?kind=street&limit=1", "", &orgs); err != nil || len(orgs.Items) == 0 {
		return nil, fmt.Errorf("finding a street: %v", err)
	}
	e.street = orgs.Items[0].ID
	if err := e.get(e.tokens["company"], http.MethodGet, "/api/v1/orgs?kind=gas_company&limit=1", "", &orgs); err != nil || len(orgs.Items) == 0 {
		return nil, fmt.Errorf("finding the company: %v", err)
	}
	e.comp = orgs.Items[0].ID
	if err := e.get(e.tokens["bureau"], http.MethodGet, "/api/v1/orgs?kind=community&limit=1", "", &orgs); err != nil || len(orgs.Items) == 0 {
		return nil, fmt.Errorf("finding a community: %v", err)
	}
	e.community = orgs.Items[0].ID
	return e, nil
}

// get sends one request through the app and decodes a 2xx answer into out.
func (e *benchEnv) get(token, method, path, body string, out any) error {
	res, err := e.do(token, method, path, body)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, b)
	}
	return json.Unmarshal(b, out)
}

func (e *benchEnv) do(token, method, path, body string) (*http.Response, error) {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return e.app.Test(req, -1)
}

// cursorAfter walks the list with query (the filters) 200 rows a page until
// depth rows are behind, and returns the cursor there.
func (e *benchEnv) cursorAfter(who, query string, depth int) (string, error) {
	key := fmt.Sprint(who, "?", query, "@", depth)
	if c, ok := e.cursor[key]; ok {
		return c, nil // a benchmark function runs more than once
	}
	cursor := ""
	for seen := 0; seen < depth; {
		p := "/api/v1/hazards?" + strings.TrimPrefix(query+"&limit=200", "&")
		if cursor != "" {
			p += "&cursor=" + url.QueryEscape(cursor)
		}
		var page struct {
			Items      []json.RawMessage `json:"items"`
			NextCursor string            `json:"next_cursor"`
		}
		if err := e.get(e.tokens[who], http.MethodGet, p, "", &page); err != nil {
			return "", err
		}
		seen += len(page.Items)
		if page.NextCursor == "" {
			return "", fmt.Errorf("%q: the list ends after %d rows, before %d", query, seen, depth)
		}
		cursor = page.NextCursor
	}
	e.cursor[key] = cursor
	return cursor, nil
}

// day is the date n days from today.
func day(n int) string { return time.Now().AddDate(0, 0, n).Format(time.DateOnly) }

// BenchmarkHazardList measures GET /api/v1/hazards at scale: filtered first
// pages, and pages deep into the list by cursor, as the bureau, a company
// and a street office of one district.
func BenchmarkHazardList(b *testing.B) {
	e := benchSetup(b)
	type benchCase struct {
		name, who, query string // query: the filters, without limit and cursor
		depth            int    // rows walked by cursor before the measured page
	}
	cases := []benchCase{
		{"bureau/first/default", "bureau", "", 0},
		{"bureau/first/sort=-found_on", "bureau", "sort=-found_on", 0},
		{"bureau/first/status=rectifying&category=leak", "bureau", "status=rectifying&category=leak", 0},
		{"bureau/first/overdue", "bureau", "overdue=true", 0},
		{"bureau/first/overdue&level=major", "bureau", "overdue=true&level=major", 0},
		{"bureau/first/street_id", "bureau", "street_id=" + e.street, 0},
		{"bureau/first/company_id&status=reported", "bureau", "company_id=" + e.comp + "&status=reported", 0},
		{"bureau/first/found_from&sort=-found_on", "bureau", "found_from=" + day(-365) + "&sort=-found_on", 0},
		{"bureau/first/community_id", "bureau", "community_id=" + e.community, 0},
		{"bureau/first/deadline_from&deadline_to", "bureau", "deadline_from=" + day(-30) + "&deadline_to=" + day(-23), 0},
		{"bureau/first/status=reported,rectifying&sort=-deadline", "bureau", "status=reported,rectifying&sort=-deadline", 0},
		{"bureau/first/level=major&source=hotline&category=other", "bureau", "level=major&source=hotline&category=other", 0},
		{"bureau/first/q=漏气", "bureau", "q=" + url.QueryEscape("漏气"), 0},
		{"bureau/deep20k/default", "bureau", "", 20000},
		{"bureau/deep45k/default", "bureau", "", 45000},
		{"bureau/deep20k/sort=-found_on", "bureau", "sort=-found_on", 20000},
		{"bureau/deep20k/status=verified", "bureau", "status=verified", 20000},
		{"bureau/deep2k/street_id", "bureau", "street_id=" + e.street, 2000},
		{"company/first/own", "company", "", 0},
		{"company/first/overdue", "company", "overdue=true", 0},
		{"company/first/status=reported", "company", "status=reported", 0},
		{"company/deep10k/own", "company", "", 10000},
		{"street/first/own", "street", "", 0},
		{"street/first/overdue", "street", "overdue=true", 0},
		{"street/first/status=rectified", "street", "status=rectified", 0},
		{"street/deep3k/own", "street", "", 3000},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			path := "/api/v1/hazards?" + strings.TrimPrefix(c.query+"&limit=50", "&")
			if c.depth > 0 {
				cur, err := e.cursorAfter(c.who, c.query, c.depth)
				if err != nil {
					b.Fatal(err)
				}
				path += "&cursor=" + url.QueryEscape(cur)
			}
			tok := e.tokens[c.who]
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				res, err := e.do(tok, http.MethodGet, path, "")
				if err != nil {
					b.Fatal(err)
				}
				if res.StatusCode != http.StatusOK {
					body, _ := io.ReadAll(res.Body)
					b.Fatalf("GET %s: %d %s", path, res.StatusCode, body)
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/op")
		})
	}
}

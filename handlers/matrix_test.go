package handlers_test

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/ent/user"
	"github.com/hearthsafety/hearth/ent/webhook"
	"github.com/hearthsafety/hearth/handlers/handlerstest"
	"github.com/hearthsafety/hearth/policy"
)

// The authorization matrix (PERMISSIONS.md, "Matrix tests"): one row per
// route, target and request; one column per demo login; in each cell the
// status that login must get. 403 is an action the role never has (casbin,
// decided before any record is read, so also for another district's id);
// 404 is a record outside the login's scope; 422 names the field at fault.
//
// Targets are the demo records, named so that every column finds its cases
// among them: its own organisation (and a user of it), another company,
// another street and a community of each street, and another district.
//
// This file is the harness: the columns, the demo world and its logins, the
// cell runner and the count. The rows are by module, each in a file of its
// own: matrix_accounts_test.go (districts, settings, organisations, users,
// the audit trail), matrix_ledger_test.go (the hazard ledger) and
// matrix_reminders_test.go (inboxes, the reminder queue, webhooks),
// matrix_equipment_test.go (the heating register) and
// matrix_readiness_test.go (seasons, readiness plans, items, the board).

// actors are the columns, in this order in every row.
var actors = [...]string{
	BA: "nankai/bureau.admin",     // bureau_admin
	BI: "nankai/bureau.inspector", // bureau_inspector
	CA: "nankai/gas1.admin",       // company_admin of 津燃华润燃气有限公司
	CS: "nankai/gas1.clerk",       // company_staff of the same company
	SO: "nankai/street.guangkai",  // street_officer of 广开街
	OP: "/platform.admin",         // the platform operator
	HA: "hexi/bureau.admin",       // bureau_admin of 河西区: 南开 is another district
	HK: "hexi/gas1.clerk",         // company_staff of 河西燃气有限公司
	RA: heatAdmin,                 // company_admin of 南开区供热服务中心, a heating company (R for 热)
	RS: "nankai/heat1.engineer",   // company_staff of the same heating company
}

// heatAdmin is the heating company's admin. The demo seed gives the heating
// company a staff login only; newDemo adds this one (through the API, as
// 南开's bureau admin) unless the seed has it.
const heatAdmin = "nankai/heat1.admin"

// Column indexes. The rows' files head their tables with this legend:
//
//	columns: BA bureau_admin, BI bureau_inspector, CA company_admin, CS company_staff (gas, 津燃华润),
//	         SO street_officer, OP platform operator, HA hexi bureau_admin, HK hexi company_staff,
//	         RA company_admin, RS company_staff (heating, 南开区供热服务中心)
const (
	BA = iota
	BI
	CA
	CS
	SO
	OP
	HA
	HK
	RA
	RS
)

// cells are the expected statuses of a row, one per actor. Every cell states
// one: a row written for fewer columns fails its missing cells (run).
type cells [len(actors)]int

// orgAliases names the organisations the matrix reaches.
var orgAliases = map[string]string{
	"bureau":      "南开区城市管理委员会",    // BA's and BI's own
	"gas1":        "津燃华润燃气有限公司",    // CA's and CS's own company
	"gas2":        "天津市南开燃气服务有限公司", // another company
	"heat1":       "南开区供热服务中心",     // RA's and RS's own company: a heating company
	"guangkai":    "广开街",           // SO's own street
	"wandezhuang": "广开街万德庄社区",      // a community of SO's street
	"xingnan":     "兴南街",           // another street
	"xingnan.c":   "兴南街兴南社区",       // a community of another street
	"hexi.gas":    "河西燃气有限公司",      // another district: HK's own company
	"hexi.street": "友谊路街",          // another district's street
}

// obj is a request body; a string value "@alias" stands for that record's id.
type obj map[string]any

// row is one line of the matrix.
type row struct {
	route string // "METHOD /path/:id", as the app registers it
	on    string // the record :id names: an org alias, a login, a district slug or a fixture alias
	sub   string // the record :did names (a webhook delivery alias)
	item  string // the record :iid names (a readiness item alias)
	what  string // what the request asks, when the route and record do not say
	body  obj
	want  cells
	field map[int]string // the field at fault of each 422 cell, by column
	// check reads a 2xx answer's content and says what is wrong with it, if
	// anything; nil: the record answered is the one asked for, with the
	// values sent.
	check func(c *cell, answer obj) string

	state string                                          // a hazard's state before the request (hazardSteps); "" is reported
	query string                                          // the query string, without "?"
	form  func(c *cell) (body []byte, contentType string) // a multipart body, instead of body
}

// matrix is the authorization matrix: organisations, users, settings,
// districts and the audit trail (matrix_accounts_test.go), then the hazard
// ledger (matrix_ledger_test.go), then the inboxes, the reminder queue and
// webhooks (matrix_reminders_test.go).
var matrix = slices.Concat(accountRows, hazardRows, reminderRows, equipmentRows, readinessRows, alarmRows, renovationRows)

// TestMatrix runs every cell. Reads and refusals share one demo: a refusal
// must leave its record as it was (each such cell checks), so the demo stays
// as seeded throughout. A change that must succeed gets a demo of its own
// (freshDemos of them made at once); on the hazard ledger, a hazard of its
// own (its target, recorded afresh for the cell) in one demo kept for such
// changes, one cell after another.
func TestMatrix(t *testing.T) {
	var n atomic.Int64
	t.Run("cells", func(t *testing.T) {
		t.Run("seeded", func(t *testing.T) {
			t.Parallel()
			group, d := t, newDemo(t)
			for _, r := range matrix {
				t.Run(r.name(), func(t *testing.T) {
					for col := range actors {
						if !r.changes(col) {
							if (&cell{t: t, d: d, r: r, col: col}).run() {
								d = newDemo(group) // a refusal that was not: report it once, not in every later cell
							}
							n.Add(1)
						}
					}
				})
			}
		})
		t.Run("ledger changes", func(t *testing.T) {
			t.Parallel()
			d := newDemo(t)
			for _, r := range matrix {
				for col := range actors {
					if r.changes(col) && r.ledger() {
						t.Run(r.name()+" as "+actors[col], func(t *testing.T) {
							(&cell{t: t, d: d, r: r, col: col, fresh: true}).run()
							n.Add(1)
						})
					}
				}
			}
		})
		t.Run("changes", func(t *testing.T) {
			t.Parallel()
			slots := make(chan struct{}, freshDemos())
			var wg sync.WaitGroup
			for _, r := range matrix {
				for col := range actors {
					if r.changes(col) && !r.ledger() {
						wg.Go(func() {
							slots <- struct{}{}
							defer func() { <-slots }()
							t.Run(r.name()+" as "+actors[col], func(t *testing.T) {
								(&cell{t: t, d: newDemo(t), r: r, col: col}).run()
								n.Add(1)
							})
						})
					}
				}
			}
			wg.Wait()
		})
	})
	t.Logf("authorization matrix: %d cells (%d rows × %d logins; rows: %d accounts, %d ledger, %d reminders, %d equipment, %d readiness, %d alarms, %d renovation)",
		n.Load(), len(matrix), len(actors), len(accountRows), len(hazardRows), len(reminderRows), len(equipmentRows), len(readinessRows), len(alarmRows), len(renovationRows))
}

// freshDemos is how many demos of their own the changes make at once: 6,
// or -test.parallel when it is set. Making a demo waits mostly on its
// database (on PostgreSQL: a new database, migrated, dropped afterwards),
// not on the CPU, so -test.parallel's default (GOMAXPROCS) would leave the
// machine idle.
func freshDemos() int {
	n := 6
	flag.Visit(func(f *flag.Flag) {
		if f.Name == "test.parallel" {
			n, _ = strconv.Atoi(f.Value.String())
		}
	})
	return max(n, 1)
}

// TestMatrixCoversEveryRoute fails for a route that has no row in the
// matrix, and for a record route whose rows do not reach both districts.
func TestMatrixCoversEveryRoute(t *testing.T) {
	rows := map[string][]string{} // route → districts of its rows' records
	for _, r := range matrix {
		rows[r.route] = append(rows[r.route], districtOfTarget(r.on))
	}
	served := map[string]bool{}
	for _, rt := range handlerstest.New(t).App.GetRoutes(true) {
		key := rt.Method + " " + rt.Path
		if rt.Method == http.MethodHead || public(rt.Path) || served[key] {
			continue
		}
		served[key] = true
		switch {
		case rows[key] == nil && !slices.Contains(calendarMatrixRoutes, key):
			t.Errorf("%s has no row in the authorization matrix", key)
		case strings.Contains(key, ":id") && !(slices.Contains(rows[key], "nankai") && slices.Contains(rows[key], "hexi")):
			t.Errorf("%s: the matrix reaches records of %v only; it needs both districts", key, rows[key])
		}
	}
	for key := range rows {
		if !served[key] {
			t.Errorf("the matrix has rows for %s, which the app does not serve", key)
		}
	}
	t.Logf("%d routes checked against the authorization matrix", len(served))
}

func public(path string) bool {
	switch path {
	case "/healthz", "/readyz", "/metrics", "/api/v1/openapi.json", "/api/docs":
		return true
	}
	return strings.HasPrefix(path, "/api/v1/auth/")
}

// districtOfTarget is the district of a row's record, from its name.
func districtOfTarget(on string) string {
	switch {
	case on == "":
		return ""
	case strings.HasPrefix(on, "hexi"):
		return "hexi"
	}
	return "nankai"
}

func (r row) method() string  { m, _, _ := strings.Cut(r.route, " "); return m }
func (r row) pattern() string { _, p, _ := strings.Cut(r.route, " "); return p }
func (r row) mutates() bool   { return r.method() != http.MethodGet }

// changes tells whether the cell must change something: a dry run does not,
// nor a cell the matrix states no status for (run reports it).
func (r row) changes(col int) bool {
	return r.mutates() && r.want[col] != 0 && r.want[col] < 300 && !strings.Contains(r.query, "dry_run=true")
}

// ledger tells whether the row is about the hazard ledger.
func (r row) ledger() bool {
	return strings.HasPrefix(r.pattern(), "/api/v1/hazards") || strings.HasPrefix(r.pattern(), "/api/v1/ledger") ||
		strings.HasPrefix(r.pattern(), "/api/v1/extensions")
}

func (r row) name() string {
	return strings.Join(slices.DeleteFunc([]string{r.route, r.query, r.on, r.item, r.sub, r.state, r.what},
		func(s string) bool { return s == "" }), " ")
}

// demo is a running API on the seeded districts, with the ids of the
// records the matrix names.
type demo struct {
	*handlerstest.Env
	id       map[string]string        // org alias, login ("hexi/gas1.clerk"), district slug or fixture alias → id
	district map[string]string        // id of an org, user, district, hazard or fixture → its district slug
	hazards  map[string]hazardFixture // "alias state" → a hazard target in that state
}

func newDemo(t *testing.T) *demo {
	t.Helper()
	d := &demo{Env: handlerstest.New(t), id: map[string]string{}, district: map[string]string{},
		hazards: map[string]hazardFixture{}}
	d.heatingAdmin(t)
	ctx := policy.System(context.Background())
	tenants, err := d.DB.Client.Tenant.Query().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slug := map[string]string{}
	for _, tn := range tenants {
		slug[tn.ID.String()] = tn.Slug
		d.id[tn.Slug], d.district[tn.ID.String()] = tn.ID.String(), tn.Slug
	}
	alias := map[string]string{}
	for a, name := range orgAliases {
		alias[name] = a
	}
	orgs, err := d.DB.Client.Org.Query().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		d.district[o.ID.String()] = slug[o.TenantID.String()]
		if a, ok := alias[o.Name]; ok {
			d.id[a] = o.ID.String()
		}
	}
	users, err := d.DB.Client.User.Query().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		d.district[u.ID.String()] = slug[u.TenantID.String()]
		d.id[slug[u.TenantID.String()]+"/"+u.Username] = u.ID.String()
	}
	d.reminderFixtures(t)
	d.equipmentFixtures(t)
	d.readinessFixtures(t)
	d.alarmFixtures(t)
	d.renovationFixtures(t)
	return d
}

// heatingAdmin gives the demo the heating company's admin (RA), unless the
// seed has one: 南开's bureau admin adds it through the API, and it signs in.
func (d *demo) heatingAdmin(t *testing.T) {
	t.Helper()
	if _, ok := d.Access[heatAdmin]; ok {
		return
	}
	district, username, _ := strings.Cut(heatAdmin, "/")
	res := d.As(district+"/bureau.admin", http.MethodPost, "/api/v1/users", obj{"username": username,
		"password": handlerstest.Password, "display_name": "供热企业管理员", "org_id": d.OrgID(orgAliases["heat1"]),
		"roles": []string{policy.RoleCompanyAdmin}})
	if res.Status != http.StatusCreated {
		t.Fatalf("adding the heating company's admin %s: %d %s", heatAdmin, res.Status, res.Body)
	}
	d.Access[heatAdmin] = d.Login(district, username, handlerstest.Password)
}

// children sums up what hangs off a hazard record (its history, evidence
// and extension requests) or a webhook (its delivery log), so that a
// refused change to them shows too. Empty for other records.
func (c *cell) children() string {
	switch p := c.r.pattern(); {
	case strings.HasPrefix(p, "/api/v1/webhooks/:id"):
		return c.deliveries()
	case strings.HasPrefix(p, "/api/v1/hazards/:id"):
		return c.hazardChildren()
	case strings.HasPrefix(p, "/api/v1/equipment/:id"):
		return c.equipmentChildren()
	case strings.HasPrefix(p, "/api/v1/readiness/plans/:id"):
		return c.readinessChildren()
	case strings.HasPrefix(p, "/api/v1/alarm_campaigns/:id"), strings.HasPrefix(p, "/api/v1/premises/:id"),
		strings.HasPrefix(p, "/api/v1/alarm_devices/:id"):
		return c.alarmsChildren()
	case strings.HasPrefix(p, "/api/v1/renovation/projects/:id"), strings.HasPrefix(p, "/api/v1/occupation_points/:id"):
		return c.renovationChildren()
	}
	return ""
}

// cell is one login's request on one row.
type cell struct {
	t     *testing.T
	d     *demo
	r     row
	col   int
	fresh bool                  // the cell's hazard target is recorded for it alone
	res   handlerstest.Response // the answer
}

func (c *cell) actor() string { return actors[c.col] }

// home is the actor's district; "" for the operator.
func (c *cell) home() string { slug, _, _ := strings.Cut(c.actor(), "/"); return slug }

// target is the id of the row's record ("" for none). A hazard target is
// recorded, and brought to the row's state, on first use.
func (c *cell) target() string {
	if _, ok := hazardTargets[c.r.on]; ok {
		return c.fixture().id
	}
	if c.r.on != "" && c.d.id[c.r.on] == "" {
		c.t.Fatalf("no demo record %q", c.r.on)
	}
	return c.d.id[c.r.on]
}

// fixture is the row's hazard target in the row's state: the cell's own
// when fresh.
func (c *cell) fixture() hazardFixture {
	var owner string
	if c.fresh {
		owner = c.t.Name()
	}
	return c.d.hazard(c.t, c.r.on, c.r.state, owner)
}

func (c *cell) path() string {
	p := c.alarmsPath(c.readinessPath(c.equipmentPath(strings.Replace(c.r.pattern(), ":id", c.target(), 1))))
	if strings.Contains(p, ":did") {
		if c.d.id[c.r.sub] == "" {
			c.t.Fatalf("%s: no demo delivery %q", c.r.route, c.r.sub)
		}
		p = strings.Replace(p, ":did", c.d.id[c.r.sub], 1)
	}
	for param, id := range map[string]func(hazardFixture) string{
		":eid": func(fx hazardFixture) string { return fx.extension },
		":aid": func(fx hazardFixture) string { return fx.attachment },
	} {
		if strings.Contains(p, param) {
			if id(c.fixture()) == "" {
				c.t.Fatalf("%s: hazard %s in state %q has no %s", c.r.route, c.r.on, c.r.state, param)
			}
			p = strings.Replace(p, param, id(c.fixture()), 1)
		}
	}
	if c.r.query != "" {
		q := strings.Split(c.r.query, "&")
		for i, kv := range q {
			if k, v, _ := strings.Cut(kv, "="); strings.HasPrefix(v, "@") {
				q[i] = k + "=" + c.d.id[v[1:]] // "org_id=@gas2": that record's id
			}
		}
		p += "?" + strings.Join(q, "&")
	}
	return p
}

// record is where the row's record is read back, and by whom: the bureau
// admin of its district, or the operator for a district. Empty when the row
// names no record (lists, creates).
func (c *cell) record() (login, path string) {
	p := c.r.pattern()
	if p == "/api/v1/settings" {
		home := c.home()
		if home == "" {
			home = "nankai" // the operator has no district; its refusal must leave 南开's alone
		}
		return home + "/bureau.admin", p
	}
	i := strings.Index(p, ":id")
	if i < 0 {
		return "", ""
	}
	id := c.target()
	if strings.HasPrefix(p, "/api/v1/tenants/") {
		return "/platform.admin", p[:i] + id
	}
	return c.d.district[id] + "/bureau.admin", p[:i] + id
}

// etag reads the row's record as its district's bureau admin (or the
// operator) and returns its ETag. A record that has no ETag (a reminder, a
// digest) answers what a change would alter, read under System instead.
func (c *cell) etag() string {
	if tag, ok := c.stateOf(); ok {
		return tag
	}
	login, path := c.record()
	res := c.d.As(login, http.MethodGet, path, nil)
	if res.Status != http.StatusOK || res.Header.Get("ETag") == "" {
		c.t.Fatalf("reading %s as %s for its ETag: %d %s", path, login, res.Status, res.Body)
	}
	return res.Header.Get("ETag")
}

// body is the row's request body with "@alias" values resolved to ids.
func (c *cell) body() any {
	if c.r.body == nil {
		return nil
	}
	return c.resolve(c.r.body)
}

// resolve is o with "@alias" values resolved to ids, in o's lists of
// objects too.
func (c *cell) resolve(o obj) obj {
	b := obj{}
	for k, v := range o {
		switch x := v.(type) {
		case string:
			if strings.HasPrefix(x, "@") {
				v = c.d.id[x[1:]]
			}
		case []any:
			l := make([]any, len(x))
			for i, e := range x {
				if eo, ok := e.(obj); ok {
					e = c.resolve(eo)
				}
				l[i] = e
			}
			v = l
		}
		b[k] = v
	}
	return b
}

// run sends the cell's request and checks the answer. It reports whether
// the demo was changed where it should not have been.
func (c *cell) run() (changedWrongly bool) {
	c.t.Helper()
	if c.r.want[c.col] == 0 {
		c.t.Errorf("%s: the matrix states no status for this cell (%s)", c.actor(), c.r.name())
		return false
	}
	if c.r.on == "" && c.r.ledger() {
		c.d.ledgerTargets(c.t, c.r.state) // what lists, summaries and exports must find (or not)
	}
	method, path := c.r.method(), c.path()
	var before string
	var headers []string
	if login, _ := c.record(); login != "" && c.r.mutates() {
		tag := c.etag()
		before = tag + c.children()
		if c.r.method() == http.MethodPatch {
			headers = []string{"If-Match", tag}
		}
	}
	body := c.body()
	if c.r.form != nil {
		b, ctype := c.r.form(c)
		body, headers = b, append(headers, "Content-Type", ctype)
	}
	res := c.d.As(c.actor(), method, path, body, headers...)
	c.res = res
	want := c.r.want[c.col]
	if res.Status != want {
		c.t.Errorf("%s: %s %s → %d, want %d: %.400s", c.actor(), method, path, res.Status, want, res.Body)
		return c.r.mutates() && res.Status < 300
	}
	answer := obj(res.JSON())
	var wrong string
	switch {
	case want == http.StatusUnprocessableEntity:
		wrong = c.faultIn(answer)
	case want >= 300 && c.r.mutates():
		wrong = c.leftAlone(before)
		changedWrongly = wrong != ""
	case want < 300 && c.r.check != nil:
		wrong = c.r.check(c, answer)
	case want < 300:
		wrong = c.asAsked(answer, res.Header.Get("Location"))
	}
	if wrong != "" {
		c.t.Errorf("%s: %s %s → %d as it should, but %s: %.400s", c.actor(), method, path, res.Status, wrong, res.Body)
	}
	return changedWrongly
}

// faultIn checks that a 422 names the fields the matrix expects (space-
// separated), no more, no fewer.
func (c *cell) faultIn(answer obj) string {
	want := strings.Fields(c.r.field[c.col])
	if len(want) == 0 {
		return "the matrix names no field for this 422"
	}
	got := problemFields(answer)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		return fmt.Sprintf("the fields at fault are %v, not %v", got, want)
	}
	return ""
}

// leftAlone checks that a refused change changed nothing: the record has
// its ETag still, or nothing by the requested name was created (or, for
// read_all, no digest was marked read).
func (c *cell) leftAlone(before string) string {
	if before != "" {
		if after := c.etag() + c.children(); after != before {
			return fmt.Sprintf("the record changed anyway (ETag %s → %s)", before, after)
		}
		return ""
	}
	ctx := policy.System(context.Background())
	client := c.d.DB.Client
	var n int
	var err error
	switch c.r.pattern() {
	case "/api/v1/orgs":
		n, err = client.Org.Query().Where(org.Name(c.r.body["name"].(string))).Count(ctx)
	case "/api/v1/users":
		n, err = client.User.Query().Where(user.Username(c.r.body["username"].(string))).Count(ctx)
	case "/api/v1/tenants":
		n, err = client.Tenant.Query().Where(tenant.Slug(c.r.body["slug"].(string))).Count(ctx)
	case "/api/v1/hazards":
		n, err = client.Hazard.Query().Where(hazard.Description(c.r.body["description"].(string))).Count(ctx)
	case "/api/v1/hazards/import":
		n, err = client.Hazard.Query().Where(hazard.Description(importedHazard)).Count(ctx)
	case "/api/v1/webhooks":
		n, err = client.Webhook.Query().Where(webhook.Name(c.r.body["name"].(string))).Count(ctx)
	case "/api/v1/audit/checkpoints/verify":
		return "" // it only reads the chain
	case "/api/v1/notifications/read_all":
		if n := c.newlyRead(); n != 0 {
			return fmt.Sprintf("%d digests were marked read anyway", n)
		}
		return ""
	default:
		n, ok := c.equipmentLeftAlone()
		if !ok {
			n, ok = c.readinessLeftAlone()
		}
		if !ok {
			n, ok = c.alarmsLeftAlone()
		}
		if !ok {
			n, ok = c.renovationLeftAlone()
		}
		if ok {
			if n != 0 {
				return "it was created anyway"
			}
			return ""
		}
		return "the matrix does not know how to tell that nothing changed"
	}
	if err != nil {
		c.t.Fatal(err)
	}
	if n != 0 {
		return "it was created anyway"
	}
	return ""
}

// asAsked is the check of a record's answer: the record asked for, in the
// caller's district, carrying the values sent, and a Location when created.
func (c *cell) asAsked(answer obj, location string) string {
	if c.r.on != "" && answer["id"] != c.target() {
		return "it answered another record"
	}
	if strings.HasSuffix(c.r.pattern(), "/disable") && answer["disabled"] != true ||
		strings.HasSuffix(c.r.pattern(), "/enable") && answer["disabled"] != false {
		return "the record's disabled flag is wrong"
	}
	if c.r.method() == http.MethodPost && c.r.on == "" && location == "" {
		return "a created record has no Location"
	}
	sent, _ := c.body().(obj)
	for k, v := range sent {
		if s, ok := v.(string); ok && k != "password" && k != "admin_password" && answer[k] != nil && answer[k] != s {
			return fmt.Sprintf("%s is %v, not %q as sent", k, answer[k], s)
		}
	}
	return ""
}

// seen is what a list must hold for one login: how many items, and which of
// the row's probes (space-separated); the other probes must be absent.
type seen struct {
	n   int
	has string
}

// lists checks a list answer against what each login must see; every item
// must belong to the login's own district.
func lists(probes []string, want map[int]seen) func(*cell, obj) string {
	return func(c *cell, answer obj) string {
		w, ok := want[c.col]
		if !ok {
			return "the matrix states no content for this list"
		}
		items, _ := answer["items"].([]any)
		if len(items) != w.n || answer["next_cursor"] != nil {
			return fmt.Sprintf("it lists %d items (next_cursor %v), want %d on one page", len(items), answer["next_cursor"], w.n)
		}
		listed := map[string]bool{}
		for _, it := range items {
			id, _ := it.(map[string]any)["id"].(string)
			listed[id] = true
			if home := c.home(); home != "" && c.d.district[id] != home {
				return fmt.Sprintf("it lists %s of district %q", id, c.d.district[id])
			}
		}
		has := strings.Fields(w.has)
		for _, p := range probes {
			if in := listed[c.d.id[p]]; in != slices.Contains(has, p) {
				return fmt.Sprintf("%s listed: %v, want %v", p, in, !in)
			}
		}
		return ""
	}
}

func asList(v any) []map[string]any {
	var out []map[string]any
	items, _ := v.([]any)
	for _, it := range items {
		out = append(out, it.(map[string]any))
	}
	return out
}

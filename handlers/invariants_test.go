package handlers_test

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/attachment"
	"github.com/hearthsafety/hearth/ent/document"
	"github.com/hearthsafety/hearth/ent/extension"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/hazardevent"
	"github.com/hearthsafety/hearth/ent/progressreport"
	"github.com/hearthsafety/hearth/ent/renovationevent"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/handlers/handlerstest"
	"github.com/hearthsafety/hearth/policy"
	ledgersvc "github.com/hearthsafety/hearth/services/ledger"
	"github.com/hearthsafety/hearth/services/renovation"
	"github.com/hearthsafety/hearth/storage"
)

// The invariants the database holds against concurrent requests (issue 12,
// item 1): each test fires racers requests at once through the real API,
// on SQLite and, with HEARTH_TEST_DATABASE_URL, on PostgreSQL, and checks
// what was stored, not only what was answered.

const racers = 50

// statusCounts counts the answers by status.
func statusCounts(res []handlerstest.Response) map[int]int {
	n := map[int]int{}
	for _, r := range res {
		n[r.Status]++
	}
	return n
}

// wantCodes fails t for an answer that is neither ok nor a problem of one
// of codes.
func wantCodes(t *testing.T, res []handlerstest.Response, ok int, codes ...string) {
	t.Helper()
	for _, r := range res {
		if r.Status == ok {
			continue
		}
		if code, _ := r.JSON()["code"].(string); r.Status != http.StatusConflict && r.Status != http.StatusPreconditionFailed ||
			!slices.Contains(codes, code) {
			t.Errorf("an answer %d %s, want %d or a problem %v", r.Status, r.Body, ok, codes)
		}
	}
}

// version is the version an answer's ETag names.
func version(t *testing.T, r handlerstest.Response) int {
	t.Helper()
	v, err := strconv.Atoi(strings.Trim(r.Header.Get("ETag"), `"`))
	if err != nil {
		t.Fatalf("ETag %q: %s", r.Header.Get("ETag"), r.Body)
	}
	return v
}

// events are a hazard's history as stored, oldest first.
func (l *ledger) events(id string) []*ent.HazardEvent {
	l.t.Helper()
	evs, err := l.DB.Client.HazardEvent.Query().Where(hazardevent.HazardID(uuid.MustParse(id))).
		Order(ent.Asc(hazardevent.FieldAt), ent.Asc(hazardevent.FieldID)).All(policy.System(context.Background()))
	if err != nil {
		l.t.Fatal(err)
	}
	return evs
}

// stored reads a hazard as stored.
func (l *ledger) stored(id string) *ent.Hazard {
	l.t.Helper()
	h, err := l.DB.Client.Hazard.Get(policy.System(context.Background()), uuid.MustParse(id))
	if err != nil {
		l.t.Fatal(err)
	}
	return h
}

// TestInvariantEvidenceCap: 50 uploads at once to a hazard with room for 10
// store 10; the rest are refused with too_many_attachments, and their files
// are not left on disk.
func TestInvariantEvidenceCap(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	const room = 10
	for i := range ledgersvc.MaxAttachments - room {
		wantStatus(t, l.attach(gas1Clerk, id, "before", fmt.Sprintf("现场%d.png", i), tinyPNG), http.StatusCreated)
	}
	res := atOnce(racers, func(i int) handlerstest.Response {
		return l.attach(gas1Clerk, id, "after", fmt.Sprintf("整改%d.png", i), tinyPNG)
	})
	if n := statusCounts(res); n[http.StatusCreated] != room || n[http.StatusConflict] != racers-room {
		t.Errorf("answers %v, want %d created and %d refused", n, room, racers-room)
	}
	wantCodes(t, res, http.StatusCreated, "too_many_attachments")
	n, err := l.DB.Client.Attachment.Query().Where(attachment.HazardID(uuid.MustParse(id))).Count(policy.System(context.Background()))
	if err != nil || n != ledgersvc.MaxAttachments {
		t.Errorf("%d files of evidence stored (%v), want %d", n, err, ledgersvc.MaxAttachments)
	}
	files := 0
	filepath.WalkDir(l.Storage.Root, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files++
		}
		return nil
	})
	if files != ledgersvc.MaxAttachments {
		t.Errorf("%d files on disk, want %d", files, ledgersvc.MaxAttachments)
	}
}

// TestInvariantWebhookCap: 50 creates for one organisation at once store
// 10, the cap; the others are refused with too_many_webhooks (the cap is
// counted again under the organisation's row lock).
func TestInvariantWebhookCap(t *testing.T) {
	l := newLedger(t)
	res := atOnce(racers, func(i int) handlerstest.Response {
		return l.As(gas1Admin, http.MethodPost, "/api/v1/webhooks",
			obj{"name": fmt.Sprintf("群%d", i), "kind": "wecom", "url": "https://203.0.113.10/hook"})
	})
	if n := statusCounts(res); n[http.StatusCreated] != 10 || n[http.StatusConflict] != racers-10 {
		t.Errorf("answers %v, want 10 created and %d refused", n, racers-10)
	}
	wantCodes(t, res, http.StatusCreated, "too_many_webhooks")
	if got := asList(l.read(gas1Admin, "/api/v1/webhooks")["items"]); len(got) != 10 {
		t.Errorf("%d webhooks stored, want 10", len(got))
	}
}

// TestInvariantOnePendingExtension: 50 extension requests on one hazard at
// once leave one pending (the rest extension_pending); 50 approvals of it at
// once move the deadline once (the rest extension_decided).
func TestInvariantOnePendingExtension(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	res := atOnce(racers, func(i int) handlerstest.Response {
		return l.extend(gas1Clerk, id, fmt.Sprintf("2026-%02d-%02d", 5+i/28, 1+i%28), fmt.Sprintf("协调停气 %d", i))
	})
	if n := statusCounts(res); n[http.StatusCreated] != 1 || n[http.StatusConflict] != racers-1 {
		t.Fatalf("answers %v, want 1 created and %d refused", n, racers-1)
	}
	wantCodes(t, res, http.StatusCreated, "extension_pending")
	ctx := policy.System(context.Background())
	hid := uuid.MustParse(id)
	if n, err := l.DB.Client.Extension.Query().Where(extension.HazardID(hid), extension.StatusEQ(enum.ExtensionPending)).Count(ctx); err != nil || n != 1 {
		t.Fatalf("%d requests pending (%v), want 1", n, err)
	}
	var ext obj
	for _, r := range res {
		if r.Status == http.StatusCreated {
			ext = r.JSON()
		}
	}
	before := l.stored(id).Version
	deciders := []string{bureauAdmin, bureauInspector}
	res = atOnce(racers, func(i int) handlerstest.Response {
		return l.decide(deciders[i%2], id, ext["id"].(string), "approve")
	})
	if n := statusCounts(res); n[http.StatusOK] != 1 || n[http.StatusConflict] != racers-1 {
		t.Errorf("approvals answered %v, want 1 ok and %d refused", n, racers-1)
	}
	wantCodes(t, res, http.StatusOK, "extension_decided")
	h := l.stored(id)
	if h.Deadline != ext["requested_deadline"] || h.Version != before+1 {
		t.Errorf("deadline %s at version %d, want %v at %d", h.Deadline, h.Version, ext["requested_deadline"], before+1)
	}
	approvals := 0
	for _, ev := range l.events(id) {
		if ev.Action == "extension_approved" {
			approvals++
		}
	}
	if approvals != 1 {
		t.Errorf("%d approvals in the history, want 1", approvals)
	}
}

// TestInvariantNoDecisionOnAVerifiedHazard: a hazard awaiting verification
// with a pending extension request gets 50 requests at once: verifications
// and approvals and refusals of the request. One verification and one
// decision win; an approval never comes after the verification, so the
// verified hazard keeps the deadline it was verified with (a refusal
// after it is allowed: it closes the request and moves nothing).
func TestInvariantNoDecisionOnAVerifiedHazard(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	_, eid := l.drive(gas1Clerk, id, "extension")
	l.drive(gas1Clerk, id, "rectified")
	res := atOnce(racers, func(i int) handlerstest.Response {
		switch i % 4 {
		case 0, 2:
			return l.step([]string{bureauAdmin, guangkaiOfficer}[i%4/2], id, "verify", "验收合格")
		case 1:
			return l.decide(bureauInspector, id, eid, "approve")
		default:
			return l.decide(bureauAdmin, id, eid, "refuse")
		}
	})
	var verified handlerstest.Response
	verifies, decisions := 0, 0
	for i, r := range res {
		switch {
		case r.Status == http.StatusOK && i%2 == 0:
			verifies++
			verified = r
		case r.Status == http.StatusOK:
			decisions++
		case r.Status != http.StatusConflict:
			t.Errorf("status %d: %s", r.Status, r.Body)
		}
	}
	wantCodes(t, res, http.StatusOK, "invalid_transition", "extension_decided")
	if verifies != 1 || decisions != 1 {
		t.Fatalf("%d verifications and %d decisions won, want 1 and 1", verifies, decisions)
	}
	h := l.stored(id)
	if h.Status != enum.StatusVerified || h.Deadline != verified.JSON()["deadline"] || h.Version != int64(version(t, verified)) {
		t.Errorf("stored: %s, deadline %s, version %d; verified with deadline %v at version %d",
			h.Status, h.Deadline, h.Version, verified.JSON()["deadline"], version(t, verified))
	}
	seenVerify := false
	for _, ev := range l.events(id) {
		switch ev.Action {
		case "verify":
			seenVerify = true
		case "extension_approved":
			if seenVerify {
				t.Errorf("an extension approved after the verification")
			}
		}
	}
}

// TestInvariantNoEditWhileAwaitingVerification: a hazard ready to submit
// gets 50 requests at once: submissions, edits and moves (each with the
// ETag it has just read). One submission wins; no edit or move lands after
// it: the hazard awaits verification as it was submitted.
func TestInvariantNoEditWhileAwaitingVerification(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	l.drive(gas1Clerk, id, "evidenced")
	streets := []string{l.OrgID("兴南街"), l.OrgID("广开街")}
	res := atOnce(racers, func(i int) handlerstest.Response {
		if i%5 == 0 {
			return l.step(gas1Clerk, id, "submit", "已更换阀门并试压合格")
		}
		login, body := gas1Clerk, obj{"measure": fmt.Sprintf("更换阀门 %d", i)}
		if i%5 == 1 {
			login, body = bureauAdmin, obj{"street_id": streets[i%2]}
		}
		var r handlerstest.Response
		for range 3 { // an edit that lost to another edit reads again
			tag := l.As(login, http.MethodGet, hazardURL(id), nil).Header.Get("ETag")
			if r = l.As(login, http.MethodPatch, hazardURL(id), body, "If-Match", tag); r.Status != http.StatusPreconditionFailed {
				break
			}
		}
		return r
	})
	wantCodes(t, res, http.StatusOK, "invalid_transition", "awaiting_verification", "stale_etag")
	submitted := -1
	for i, r := range res {
		if i%5 == 0 && r.Status == http.StatusOK {
			if submitted >= 0 {
				t.Fatalf("two submissions won")
			}
			submitted = version(t, r)
		}
	}
	if submitted < 0 {
		t.Fatal("no submission won")
	}
	for i, r := range res {
		if i%5 != 0 && r.Status == http.StatusOK && version(t, r) >= submitted {
			t.Errorf("an edit at version %d, after the submission at %d: %s", version(t, r), submitted, r.Body)
		}
	}
	h := l.stored(id)
	if h.Status != enum.StatusRectified || h.Version != int64(submitted) {
		t.Errorf("stored: %s at version %d, want rectified at %d", h.Status, h.Version, submitted)
	}
	seenSubmit := false
	for _, ev := range l.events(id) {
		switch ev.Action {
		case "submit":
			seenSubmit = true
		case "edit":
			if seenSubmit {
				t.Errorf("an edit after the submission")
			}
		}
	}
}

// TestInvariantChildrenFollowAMove: evidence uploads and an extension
// request race a move of their hazard to another street: every record of
// the hazard ends in the hazard's new street, whichever committed first,
// and the new street's office sees them all.
func TestInvariantChildrenFollowAMove(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	l.drive(gas1Clerk, id, "rectifying")
	xingnan := l.OrgID("兴南街")
	res := atOnce(racers, func(i int) handlerstest.Response {
		switch i {
		case racers / 2:
			var r handlerstest.Response
			for range 5 {
				tag := l.As(bureauAdmin, http.MethodGet, hazardURL(id), nil).Header.Get("ETag")
				if r = l.As(bureauAdmin, http.MethodPatch, hazardURL(id), obj{"street_id": xingnan}, "If-Match", tag); r.Status != http.StatusPreconditionFailed {
					break
				}
			}
			return r
		case racers / 4:
			r := l.extend(gas1Clerk, id, "2026-06-30", "等待停气窗口")
			if r.Status == http.StatusCreated {
				r.Status = http.StatusOK // counted with the others
			}
			return r
		default:
			r := l.attach(gas1Clerk, id, "after", fmt.Sprintf("整改%d.png", i), tinyPNG)
			if r.Status == http.StatusCreated {
				r.Status = http.StatusOK
			}
			return r
		}
	})
	if n := statusCounts(res); n[http.StatusOK] != racers {
		t.Fatalf("answers %v, want %d ok", n, racers)
	}
	ctx := policy.System(context.Background())
	hid := uuid.MustParse(id)
	h := l.stored(id)
	if h.StreetID.String() != xingnan {
		t.Fatalf("the hazard is in %s, want 兴南街", h.StreetID)
	}
	atts, err := l.DB.Client.Attachment.Query().Where(attachment.HazardID(hid)).All(ctx)
	if err != nil || len(atts) != racers-2 {
		t.Fatalf("%d files stored (%v), want %d", len(atts), err, racers-2)
	}
	for _, a := range atts {
		if a.StreetID != h.StreetID {
			t.Errorf("evidence %s stays in street %s", a.Filename, a.StreetID)
		}
	}
	exts, err := l.DB.Client.Extension.Query().Where(extension.HazardID(hid)).All(ctx)
	if err != nil || len(exts) != 1 || exts[0].StreetID != h.StreetID {
		t.Errorf("extension requests %v (%v), want one in the hazard's street", exts, err)
	}
	for _, ev := range l.events(id) {
		if ev.StreetID != h.StreetID {
			t.Errorf("the %s event stays in street %s", ev.Action, ev.StreetID)
		}
	}
	if n, err := l.DB.Client.Hazard.Query().Where(hazard.ID(hid)).QueryAttachments().Count(ctx); err != nil || n != len(atts) {
		t.Errorf("attachments through the hazard: %d (%v)", n, err)
	}
	items := asList(l.read(xingnanOfficer, hazardURL(id, "attachments")+"?limit=100")["items"])
	if len(items) != len(atts) {
		t.Errorf("兴南街 sees %d of the %d files", len(items), len(atts))
	}
}

// TestInvariantProjectChildrenFollowAMove: while the bureau moves a
// renovation project to another street, its company attaches photos to its
// progress reports at once; afterwards every report, photo and history
// entry of the project is in the new street, and that street's officer
// sees them all.
func TestInvariantProjectChildrenFollowAMove(t *testing.T) {
	l := newLedger(t)
	ctx := policy.System(context.Background())
	// A project of the clerk's company in 广开街, with three reports.
	project := l.gasProject(t, enum.ProjectInConstruction)
	var reports []*ent.ProgressReport
	for i, on := range []string{"2026-03-05", "2026-03-06", "2026-03-07"} {
		tag := l.As(gas1Clerk, http.MethodPost, "/api/v1/renovation/projects/"+project.ID.String()+"/reports",
			obj{"reported_on": on, "km_done_cumulative": float64(i + 1), "households_done_cumulative": 100 * (i + 1)})
		if tag.Status != http.StatusCreated {
			t.Fatalf("report of %s: %d %s", on, tag.Status, tag.Body)
		}
		r, err := l.DB.Client.ProgressReport.Get(ctx, uuid.MustParse(tag.JSON()["id"].(string)))
		if err != nil {
			t.Fatal(err)
		}
		reports = append(reports, r)
	}
	to, officer := l.OrgID("兴南街"), xingnanOfficer
	pid := project.ID.String()
	projectURL := "/api/v1/renovation/projects/" + pid
	res := atOnce(racers, func(i int) handlerstest.Response {
		if i == racers/2 {
			var r handlerstest.Response
			for range 5 {
				tag := l.As(bureauAdmin, http.MethodGet, projectURL, nil).Header.Get("ETag")
				if r = l.As(bureauAdmin, http.MethodPatch, projectURL, obj{"street_id": to}, "If-Match", tag); r.Status != http.StatusPreconditionFailed {
					break
				}
			}
			return r
		}
		rep := reports[i%3]
		body, ctype := multipartForm(nil, fmt.Sprintf("进度%d.png", i), tinyPNG)
		r := l.As(gas1Clerk, http.MethodPost, projectURL+"/reports/"+rep.ID.String()+"/documents", body, "Content-Type", ctype)
		if r.Status == http.StatusCreated {
			r.Status = http.StatusOK
		}
		return r
	})
	if n := statusCounts(res); n[http.StatusOK] != racers {
		for _, r := range res {
			if r.Status != http.StatusOK {
				t.Log(r.Status, string(r.Body))
				break
			}
		}
		t.Fatalf("answers %v, want %d ok", n, racers)
	}
	p, err := l.DB.Client.RenovationProject.Get(ctx, project.ID)
	if err != nil || p.StreetID.String() != to {
		t.Fatalf("the project is in %v (%v), want %s", p.StreetID, err, to)
	}
	ids := make([]uuid.UUID, len(reports))
	for i, r := range reports {
		ids[i] = r.ID
	}
	rs, err := l.DB.Client.ProgressReport.Query().Where(progressreport.ProjectID(p.ID)).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.StreetID != p.StreetID {
			t.Errorf("the report of %s stays in street %s", r.ReportedOn, r.StreetID)
		}
	}
	docs, err := l.DB.Client.Document.Query().Where(document.Owner(renovation.ReportDocumentOwner), document.OwnerIDIn(ids...)).All(ctx)
	if err != nil || len(docs) < racers-1 {
		t.Fatalf("%d photos stored (%v), want at least %d", len(docs), err, racers-1)
	}
	for _, d := range docs {
		if d.StreetID != p.StreetID {
			t.Errorf("photo %s stays in street %s", d.Filename, d.StreetID)
		}
	}
	evs, err := l.DB.Client.RenovationEvent.Query().Where(renovationevent.ProjectID(p.ID)).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		if ev.StreetID != p.StreetID {
			t.Errorf("the %s entry of the project's history stays in street %s", ev.Action, ev.StreetID)
		}
	}
	if items := asList(l.read(officer, projectURL+"/reports?limit=100")["items"]); len(items) != len(rs) {
		t.Errorf("the new street sees %d of the project's %d reports", len(items), len(rs))
	}
	seen := 0
	for _, r := range reports[:3] {
		seen += len(asList(l.read(officer, projectURL+"/reports/"+r.ID.String()+"/documents?limit=100")["items"]))
	}
	if want := len(docs); seen != want {
		t.Errorf("the new street sees %d of the reports' %d photos", seen, want)
	}
}

// gate is a store whose first Put waits until release is closed: an
// upload held in flight after its Idempotency-Key is claimed.
type gate struct {
	storage.Store
	first   atomic.Bool
	entered chan struct{}
	release chan struct{}
}

func (g *gate) Put(ctx context.Context, key string, r io.Reader) error {
	if g.first.CompareAndSwap(false, true) {
		close(g.entered)
		<-g.release
	}
	return g.Store.Put(ctx, key, r)
}

// TestInvariantIdempotencyClaim: 50 creates at once under one
// Idempotency-Key make one hazard; every answer is its answer or 409
// request_in_progress. Then an upload held in flight: 50 retries answer
// 409 while it runs; 50 more sent 10 minutes later (its claim no longer
// beating, as if its process had died) may take the key over, but one file
// is stored whatever happens, and no answer is a 404.
func TestInvariantIdempotencyClaim(t *testing.T) {
	t.Parallel()
	g := &gate{entered: make(chan struct{}), release: make(chan struct{})}
	l := &ledger{handlerstest.New(t, handlerstest.WithStoreWrap(func(s storage.Store) storage.Store {
		g.Store = s
		return g
	})), t}
	var clock atomic.Pointer[time.Time]
	clock.Store(&day0)
	l.Clock = func() time.Time { return *clock.Load() }
	ctx := policy.System(context.Background())

	body := l.hazardIn("广开街", obj{"description": "同一键并发创建"})
	res := atOnce(racers, func(int) handlerstest.Response {
		return l.As(gas1Clerk, http.MethodPost, "/api/v1/hazards", body, "Idempotency-Key", "create-1")
	})
	wantCodes(t, res, http.StatusCreated, "request_in_progress")
	made, err := l.DB.Client.Hazard.Query().Where(hazard.Description("同一键并发创建")).All(ctx)
	if err != nil || len(made) != 1 {
		t.Fatalf("%d hazards made under one key (%v), want 1", len(made), err)
	}
	for _, r := range res {
		if r.Status == http.StatusCreated && r.JSON()["id"] != made[0].ID.String() {
			t.Errorf("an answer names %v, not the hazard made %s", r.JSON()["id"], made[0].ID)
		}
	}

	id := made[0].ID.String()
	// The same fields and file every time: the same request (a new
	// multipart boundary does not change its fingerprint).
	fields, ctype := multipartForm(map[string]string{"stage": "after"}, "整改后.png", tinyPNG)
	send := func(int) handlerstest.Response {
		return l.As(gas1Clerk, http.MethodPost, hazardURL(id, "attachments"), fields, "Content-Type", ctype, "Idempotency-Key", "upload-1")
	}
	var first handlerstest.Response
	var wg sync.WaitGroup
	wg.Go(func() { first = send(0) })
	select {
	case <-g.entered:
	case <-time.After(5 * time.Second):
		t.Fatal("the first upload never reached the store")
	}
	res = atOnce(racers, send)
	if n := statusCounts(res); n[http.StatusConflict] != racers {
		t.Errorf("retries while the upload runs answered %v, want %d 409", n, racers)
	}
	wantCodes(t, res, 0, "request_in_progress")
	later := day0.Add(10 * time.Minute)
	clock.Store(&later)
	res = append(res, atOnce(racers, send)...)
	close(g.release)
	wg.Wait()
	res = append(res, first, send(0))
	wantCodes(t, res, http.StatusCreated, "request_in_progress")
	atts, err := l.DB.Client.Attachment.Query().Where(attachment.HazardID(made[0].ID)).All(ctx)
	if err != nil || len(atts) != 1 {
		t.Fatalf("%d files stored under one key (%v), want 1", len(atts), err)
	}
	for _, r := range res {
		if r.Status == http.StatusCreated && r.JSON()["id"] != atts[0].ID.String() {
			t.Errorf("an answer names %v, not the file stored %s", r.JSON()["id"], atts[0].ID)
		}
	}
	if last := res[len(res)-1]; last.Status != http.StatusCreated {
		t.Errorf("a retry after both ended: %d %s, want the stored answer", last.Status, last.Body)
	}
}

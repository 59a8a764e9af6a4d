package handlers_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"maps"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/hook"
	"github.com/hearthsafety/hearth/handlers/handlerstest"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services/idempotency"
)

// The hazard ledger through the API: lifecycle, concurrency, deadlines,
// extensions, evidence, create rules, lists, Idempotency-Key and summaries.
// The helpers below are shared with the authorization matrix.

// day0 is the API's clock in these tests: noon of 10 March 2026 in
// Asia/Shanghai, the demo districts' zone (04:00 UTC).
var day0 = time.Date(2026, 3, 10, 4, 0, 0, 0, time.UTC)

// ledger is the demo API with helpers that record hazards and drive them
// through their lifecycle, each step through the API as a demo login. t is
// the test that fails when a step does not go as it must.
type ledger struct {
	*handlerstest.Env
	t testing.TB
}

// newLedger starts the demo API with its clock at day0. Every ledger has a
// database of its own, so the test runs in parallel with the others.
func newLedger(t *testing.T) *ledger {
	t.Helper()
	t.Parallel()
	l := &ledger{handlerstest.New(t), t}
	l.at(day0)
	return l
}

// in is l failing t instead: for subtests.
func (l *ledger) in(t testing.TB) *ledger { return &ledger{l.Env, t} }

// at sets the API's clock.
func (l *ledger) at(ts time.Time) { l.Clock = func() time.Time { return ts } }

// hazardURL is the path of a hazard or of one of its sub-resources.
func hazardURL(id string, sub ...string) string {
	return path.Join(append([]string{"/api/v1/hazards", id}, sub...)...)
}

// hazardIn is a valid create body for a hazard in street (a demo org name).
// over changes members; a nil value removes one. Company logins need no
// company_id; the bureau and street offices name one in over.
func (l *ledger) hazardIn(street string, over obj) obj {
	l.t.Helper()
	b := obj{"street_id": l.OrgID(street), "address": "南开区广开四马路12号", "category": "leak",
		"level": "general", "source": "self_inspection", "found_on": "2026-03-01",
		"description": "庭院管线阀门井漏气", "deadline": "2026-04-30"}
	for k, v := range over {
		if v == nil {
			delete(b, k)
		} else {
			b[k] = v
		}
	}
	return b
}

// report records a hazard in street as login and returns it; anything but
// 201 fails the test.
func (l *ledger) report(login, street string, over obj) obj {
	l.t.Helper()
	res := l.As(login, http.MethodPost, "/api/v1/hazards", l.hazardIn(street, over))
	if res.Status != http.StatusCreated {
		l.t.Fatalf("recording a hazard as %s: %d %s", login, res.Status, res.Body)
	}
	return res.JSON()
}

// read GETs path as login; anything but 200 fails the test.
func (l *ledger) read(login, path string) obj {
	l.t.Helper()
	res := l.As(login, http.MethodGet, path, nil)
	if res.Status != http.StatusOK {
		l.t.Fatalf("GET %s as %s: %d %s", path, login, res.Status, res.Body)
	}
	return res.JSON()
}

// etag reads path as login and returns its ETag.
func (l *ledger) etag(login, path string) string {
	l.t.Helper()
	res := l.As(login, http.MethodGet, path, nil)
	if res.Status != http.StatusOK || res.Header.Get("ETag") == "" {
		l.t.Fatalf("GET %s as %s: %d, ETag %q: %s", path, login, res.Status, res.Header.Get("ETag"), res.Body)
	}
	return res.Header.Get("ETag")
}

// step takes a lifecycle action (start, submit, verify, reject) as login,
// with note when it is not empty.
func (l *ledger) step(login, id, action, note string) handlerstest.Response {
	l.t.Helper()
	var body any
	if note != "" {
		body = obj{"note": note}
	}
	return l.As(login, http.MethodPost, hazardURL(id, action), body)
}

// attach uploads evidence as login; an empty stage is left out.
func (l *ledger) attach(login, id, stage, filename string, data []byte) handlerstest.Response {
	l.t.Helper()
	fields := map[string]string{}
	if stage != "" {
		fields["stage"] = stage
	}
	body, ctype := multipartForm(fields, filename, data)
	return l.As(login, http.MethodPost, hazardURL(id, "attachments"), body, "Content-Type", ctype)
}

// hazardSteps are what brings a new hazard to each state the tests use: the
// lifecycle states, "attached" (reported, with a photo), "evidenced"
// (rectifying, with a photo: ready to submit) and "extension" (reported,
// with a request for a later deadline awaiting the bureau).
var hazardSteps = map[string][]string{
	"reported":   nil,
	"attached":   {"attach"},
	"rectifying": {"start"},
	"evidenced":  {"start", "attach"},
	"rectified":  {"start", "attach", "submit"},
	"verified":   {"start", "attach", "submit", "verify"},
	"extension":  {"extend"},
}

// drive brings hazard id to state through the API: its company's login owner
// takes every step but verify, which its district's bureau admin takes. It
// returns the ids of the evidence and extension request it made, if any.
func (l *ledger) drive(owner, id, state string) (attachment, extension string) {
	l.t.Helper()
	steps, ok := hazardSteps[state]
	if !ok {
		l.t.Fatalf("no hazard state %q", state)
	}
	district, _, _ := strings.Cut(owner, "/")
	for _, s := range steps {
		var res handlerstest.Response
		switch s {
		case "attach":
			res = l.attach(owner, id, "after", "整改后.png", tinyPNG)
			attachment, _ = res.JSON()["id"].(string)
		case "extend":
			res = l.As(owner, http.MethodPost, hazardURL(id, "extensions"), obj{"deadline": "2030-06-30", "note": "管线迁改需协调施工"})
			extension, _ = res.JSON()["id"].(string)
		case "verify":
			res = l.step(district+"/bureau.admin", id, s, "验收合格")
		default:
			res = l.step(owner, id, s, "已更换阀门并试压合格")
		}
		if res.Status >= 300 {
			l.t.Fatalf("bringing hazard %s to %s, %s: %d %s", id, state, s, res.Status, res.Body)
		}
	}
	return attachment, extension
}

// multipartForm encodes fields and one file (as the field "file") as
// multipart/form-data.
func multipartForm(fields map[string]string, filename string, data []byte) (body []byte, contentType string) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		w.WriteField(k, fields[k])
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename="%s"`, filename))
	h.Set("Content-Type", "application/octet-stream") // the server must sniff, not believe
	part, _ := w.CreatePart(h)
	part.Write(data)
	w.Close()
	return b.Bytes(), w.FormDataContentType()
}

// tinyPNG is a real 2×2 PNG; tinyPDF a real one-page PDF.
var (
	tinyPNG = func() []byte {
		img := image.NewRGBA(image.Rect(0, 0, 2, 2))
		img.Set(0, 0, color.RGBA{R: 200, A: 255})
		img.Set(1, 1, color.RGBA{B: 200, A: 255})
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			panic(err)
		}
		return b.Bytes()
	}()
	tinyPDF = func() []byte {
		objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"}
		var b bytes.Buffer
		b.WriteString("%PDF-1.4\n")
		offsets := make([]int, len(objs))
		for i, o := range objs {
			offsets[i] = b.Len()
			fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
		}
		xref := b.Len()
		fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
		for _, off := range offsets {
			fmt.Fprintf(&b, "%010d 00000 n \n", off)
		}
		fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
		return b.Bytes()
	}()
)

// ids lists the ids of a list answer's items, in order.
func itemIDs(answer obj) []string {
	var out []string
	for _, it := range asList(answer["items"]) {
		out = append(out, it["id"].(string))
	}
	return out
}

// wantStatus fails the test when res is not status.
func wantStatus(t testing.TB, res handlerstest.Response, status int) {
	t.Helper()
	if res.Status != status {
		t.Fatalf("status %d, want %d: %s", res.Status, status, res.Body)
	}
}

// Logins of the hazard tests.
const (
	gas1Clerk       = "nankai/gas1.clerk"
	gas1Admin       = "nankai/gas1.admin"
	gas2Clerk       = "nankai/gas2.clerk"
	heat1Engineer   = "nankai/heat1.engineer"
	bureauAdmin     = "nankai/bureau.admin"
	bureauInspector = "nankai/bureau.inspector"
	guangkaiOfficer = "nankai/street.guangkai"
	xingnanOfficer  = "nankai/street.xingnan"
	hexiAdmin       = "hexi/bureau.admin"
	hexiClerk       = "hexi/gas1.clerk"
)

// ---------------------------------------------------------------- lifecycle

func TestLifecycleAllowedStepsMoveTheStatus(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	if got := l.read(bureauAdmin, hazardURL(id))["status"]; got != "reported" {
		t.Fatalf("a new hazard is %v, want reported", got)
	}
	attachAfter := func() { wantStatus(t, l.attach(gas1Clerk, id, "after", "after.png", tinyPNG), http.StatusCreated) }
	for _, s := range []struct {
		login, action, note, to string
		before                  func()
	}{
		{gas1Clerk, "start", "", "rectifying", nil},
		{gas1Clerk, "submit", "已更换阀门", "rectified", attachAfter},
		{guangkaiOfficer, "reject", "照片看不清阀门编号", "rectifying", nil},
		{gas1Admin, "submit", "补拍阀门编号", "rectified", attachAfter},
		{bureauInspector, "verify", "复查合格", "verified", nil},
	} {
		if s.before != nil {
			s.before()
		}
		res := l.step(s.login, id, s.action, s.note)
		wantStatus(t, res, http.StatusOK)
		if got := res.JSON()["status"]; got != s.to {
			t.Fatalf("%s by %s → %v, want %s", s.action, s.login, got, s.to)
		}
	}
	h := l.read(gas1Clerk, hazardURL(id))
	if h["rectification_note"] != "补拍阀门编号" || h["verified_by_name"] != "李娜" ||
		h["verified_on"] != "2026-03-10" || h["verified_by"] != userID(l.Env, bureauInspector) {
		t.Errorf("the verified hazard does not say who verified it, when, and the last note: %v", h)
	}
}

func TestLifecycleForbiddenStepsAre409(t *testing.T) {
	l := newLedger(t)
	allowed := map[string]string{"start": "reported", "submit": "rectifying", "verify": "rectified", "reject": "rectified"}
	actor := map[string]string{"start": gas1Clerk, "submit": gas1Clerk, "verify": bureauAdmin, "reject": bureauAdmin}
	for _, state := range []string{"reported", "evidenced", "rectified", "verified"} {
		status := map[string]string{"evidenced": "rectifying"}[state]
		if status == "" {
			status = state
		}
		id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
		l.drive(gas1Clerk, id, state)
		for _, action := range []string{"start", "submit", "verify", "reject"} {
			if allowed[action] == status {
				continue
			}
			t.Run(action+"From"+status, func(t *testing.T) {
				l := l.in(t)
				before := l.etag(bureauAdmin, hazardURL(id))
				m := wantProblem(t, l.step(actor[action], id, action, "说明"), http.StatusConflict, "invalid_transition")
				if m["current_status"] != status {
					t.Errorf("current_status %v, want %s", m["current_status"], status)
				}
				if after := l.etag(bureauAdmin, hazardURL(id)); after != before {
					t.Errorf("the refused %s changed the hazard: ETag %s → %s", action, before, after)
				}
			})
		}
	}
}

func TestSubmitWithoutEvidenceIs422(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	l.drive(gas1Clerk, id, "rectifying")
	wantProblem(t, l.step(gas1Clerk, id, "submit", "已整改"), http.StatusUnprocessableEntity, "evidence_required")
	if got := l.read(gas1Clerk, hazardURL(id))["status"]; got != "rectifying" {
		t.Errorf("status %v after a refused submit, want rectifying", got)
	}
}

func TestSubmitAndRejectWithoutNoteAre422(t *testing.T) {
	l := newLedger(t)
	evidenced := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	l.drive(gas1Clerk, evidenced, "evidenced")
	rectified := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	l.drive(gas1Clerk, rectified, "rectified")
	for _, c := range []struct {
		name, login, id, action string
		body                    any
	}{
		{"SubmitNoBody", gas1Clerk, evidenced, "submit", nil},
		{"SubmitEmptyNote", gas1Clerk, evidenced, "submit", obj{"note": ""}},
		{"RejectNoBody", bureauAdmin, rectified, "reject", nil},
		{"RejectEmptyNote", guangkaiOfficer, rectified, "reject", obj{"note": ""}},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := l.in(t)
			m := wantProblem(t, l.As(c.login, http.MethodPost, hazardURL(c.id, c.action), c.body),
				http.StatusUnprocessableEntity, "validation_failed")
			if f := problemFields(m); !slices.Equal(f, []string{"note"}) {
				t.Errorf("fields %v, want [note]", f)
			}
		})
	}
}

func TestVerifyByOtherStreetOfficerIs404(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	l.drive(gas1Clerk, id, "rectified")
	wantProblem(t, l.step(xingnanOfficer, id, "verify", ""), http.StatusNotFound, "not_found")
	wantStatus(t, l.step(guangkaiOfficer, id, "verify", "现场复查合格"), http.StatusOK)
}

func TestHistoryListsEveryStepInOrder(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	wantStatus(t, l.step(gas1Admin, id, "start", "已安排抢修"), http.StatusOK)
	wantStatus(t, l.attach(gas1Clerk, id, "after", "after.png", tinyPNG), http.StatusCreated)
	wantStatus(t, l.step(gas1Clerk, id, "submit", "已更换阀门"), http.StatusOK)
	wantStatus(t, l.step(guangkaiOfficer, id, "reject", "缺少试压记录"), http.StatusOK)
	wantStatus(t, l.step(gas1Clerk, id, "submit", "补充试压记录"), http.StatusOK)
	wantStatus(t, l.step(bureauAdmin, id, "verify", "同意销号"), http.StatusOK)
	want := []struct{ action, from, to, note, actor string }{
		{"create", "", "reported", "", "gas1.clerk"},
		{"start", "reported", "rectifying", "已安排抢修", "gas1.admin"},
		{"attachment_added", "", "", "", "gas1.clerk"},
		{"submit", "rectifying", "rectified", "已更换阀门", "gas1.clerk"},
		{"reject", "rectified", "rectifying", "缺少试压记录", "street.guangkai"},
		{"submit", "rectifying", "rectified", "补充试压记录", "gas1.clerk"},
		{"verify", "rectified", "verified", "同意销号", "bureau.admin"},
	}
	for _, login := range []string{gas1Clerk, guangkaiOfficer, bureauAdmin} {
		items := asList(l.read(login, hazardURL(id, "history"))["items"])
		if len(items) != len(want) {
			t.Fatalf("as %s: %d steps in the history, want %d: %v", login, len(items), len(want), items)
		}
		var last time.Time
		for i, w := range want {
			it := items[i]
			got := []any{it["action"], it["from_status"], it["to_status"], it["note"], it["actor"]}
			if !slices.Equal(got, []any{w.action, w.from, w.to, w.note, w.actor}) {
				t.Errorf("as %s, step %d is %v, want %v", login, i, got, w)
			}
			if it["actor_id"] != userID(l.Env, "nankai/"+w.actor) {
				t.Errorf("as %s, step %d: actor_id %v is not %s", login, i, it["actor_id"], w.actor)
			}
			at, err := time.Parse(time.RFC3339Nano, it["at"].(string))
			if err != nil || at.Before(last) {
				t.Errorf("as %s, step %d at %v: not in order", login, i, it["at"])
			}
			last = at
		}
	}
}

// ---------------------------------------------------------------- concurrency

// atOnce sends n requests at once and returns their answers.
func atOnce(n int, send func(i int) handlerstest.Response) []handlerstest.Response {
	out := make([]handlerstest.Response, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			out[i] = send(i)
		})
	}
	close(start)
	wg.Wait()
	return out
}

func TestRacingVerifiesOneWinsRest409(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	l.drive(gas1Clerk, id, "rectified")
	verifiers := []string{bureauAdmin, bureauInspector, guangkaiOfficer}
	res := atOnce(8, func(i int) handlerstest.Response {
		return l.step(verifiers[i%len(verifiers)], id, "verify", fmt.Sprintf("验收 %d", i))
	})
	won := 0
	for _, r := range res {
		switch r.Status {
		case http.StatusOK:
			won++
		case http.StatusConflict:
			if m := r.JSON(); m["code"] != "invalid_transition" || m["current_status"] != "verified" {
				t.Errorf("a losing verify: %s", r.Body)
			}
		default:
			t.Errorf("status %d, want 200 or 409: %s", r.Status, r.Body)
		}
	}
	if won != 1 {
		t.Errorf("%d verifies won, want exactly 1", won)
	}
	verifies := 0
	for _, ev := range asList(l.read(bureauAdmin, hazardURL(id, "history"))["items"]) {
		if ev["action"] == "verify" {
			verifies++
		}
	}
	if verifies != 1 {
		t.Errorf("the history has %d verify events, want 1", verifies)
	}
}

func TestPatchesWithSameETagOneWinsOther412(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	tag := l.etag(gas1Clerk, hazardURL(id))
	res := atOnce(2, func(i int) handlerstest.Response {
		return l.As([]string{gas1Clerk, bureauAdmin}[i], http.MethodPatch, hazardURL(id),
			obj{"measure": fmt.Sprintf("措施 %d", i)}, "If-Match", tag)
	})
	statuses := []int{res[0].Status, res[1].Status}
	slices.Sort(statuses)
	if !slices.Equal(statuses, []int{http.StatusOK, http.StatusPreconditionFailed}) {
		t.Fatalf("statuses %v, want one 200 and one 412: %s | %s", statuses, res[0].Body, res[1].Body)
	}
	for _, r := range res {
		if r.Status == http.StatusPreconditionFailed {
			wantProblem(t, r, http.StatusPreconditionFailed, "stale_etag")
		}
	}
	if got := l.etag(bureauAdmin, hazardURL(id)); got != `"2"` {
		t.Errorf("ETag after the race %s, want \"2\"", got)
	}
}

func TestPatchWithoutIfMatchIs428(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	wantProblem(t, l.As(gas1Clerk, http.MethodPatch, hazardURL(id), obj{"measure": "更换"}),
		http.StatusPreconditionRequired, "if_match_required")
}

// ---------------------------------------------------------------- deadlines

// overdue reads a hazard's overdue flag as the bureau.
func (l *ledger) overdue(id string) bool {
	l.t.Helper()
	return l.read(bureauAdmin, hazardURL(id))["overdue"] == true
}

func TestPastDeadlineIsOverdueAtOnce(t *testing.T) {
	l := newLedger(t)
	h := l.report(gas1Clerk, "广开街", obj{"found_on": "2026-02-01", "deadline": "2026-03-01"})
	if h["overdue"] != true || !l.overdue(h["id"].(string)) {
		t.Errorf("a hazard past its deadline at once is not overdue: %v", h)
	}
}

func TestClockPastDeadlineMakesOverdue(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", obj{"deadline": "2026-03-20"})["id"].(string)
	for _, c := range []struct {
		at   time.Time
		want bool
	}{
		{day0, false},
		{time.Date(2026, 3, 20, 4, 0, 0, 0, time.UTC), false}, // the deadline day itself
		{time.Date(2026, 3, 21, 4, 0, 0, 0, time.UTC), true},
	} {
		l.at(c.at)
		if got := l.overdue(id); got != c.want {
			t.Errorf("at %s overdue is %v, want %v", c.at, got, c.want)
		}
	}
}

// At 16:00 UTC it is already the next day in Shanghai: a deadline of 10
// March is past there, though not yet in UTC.
func TestOverdueFollowsDistrictZone(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", obj{"deadline": "2026-03-10"})["id"].(string)
	justBefore := time.Date(2026, 3, 10, 15, 59, 59, 0, time.UTC) // 23:59:59 on 10 March in Shanghai
	justAfter := time.Date(2026, 3, 10, 16, 0, 0, 0, time.UTC)    // 00:00 on 11 March in Shanghai
	l.at(justBefore)
	if l.overdue(id) {
		t.Errorf("overdue at 23:59:59 on the deadline day in Shanghai")
	}
	l.at(justAfter)
	if !l.overdue(id) {
		t.Errorf("not overdue at 00:00 the day after the deadline in Shanghai (UTC date %s)", justAfter.Format(time.DateOnly))
	}
	if got := itemIDs(l.read(bureauAdmin, "/api/v1/hazards?overdue=true")); !slices.Equal(got, []string{id}) {
		t.Errorf("overdue=true lists %v, want the hazard", got)
	}
	// The same instant in a district kept in UTC is still the deadline day.
	tag := l.etag(bureauAdmin, "/api/v1/settings")
	wantStatus(t, l.As(bureauAdmin, http.MethodPatch, "/api/v1/settings", obj{"timezone": "UTC"}, "If-Match", tag), http.StatusOK)
	if l.overdue(id) {
		t.Errorf("overdue at 16:00 UTC on the deadline day in a district kept in UTC")
	}
}

func TestVerifiedHazardIsNeverOverdue(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", obj{"found_on": "2026-02-01", "deadline": "2026-03-01"})["id"].(string)
	l.drive(gas1Clerk, id, "verified")
	l.at(time.Date(2027, 1, 1, 4, 0, 0, 0, time.UTC))
	if l.overdue(id) {
		t.Errorf("a verified hazard is overdue")
	}
	if got := itemIDs(l.read(bureauAdmin, "/api/v1/hazards?overdue=true")); len(got) != 0 {
		t.Errorf("overdue=true lists %v, want nothing", got)
	}
}

func TestOverdueFilterAgreesWithFlag(t *testing.T) {
	l := newLedger(t)
	past := obj{"found_on": "2026-02-01", "deadline": "2026-03-01"}
	for _, c := range []struct {
		over  obj
		state string
	}{{past, "reported"}, {past, "rectified"}, {past, "verified"}, {nil, "reported"}, {obj{"deadline": "2026-03-10"}, "rectifying"}} {
		id := l.report(gas1Clerk, "广开街", c.over)["id"].(string)
		l.drive(gas1Clerk, id, c.state)
	}
	flagged := map[bool][]string{}
	for _, h := range asList(l.read(bureauAdmin, "/api/v1/hazards")["items"]) {
		flagged[h["overdue"] == true] = append(flagged[h["overdue"] == true], h["id"].(string))
	}
	if len(flagged[true]) != 2 || len(flagged[false]) != 3 {
		t.Fatalf("%d overdue and %d not, want 2 and 3", len(flagged[true]), len(flagged[false]))
	}
	for _, want := range []bool{true, false} {
		got := itemIDs(l.read(bureauAdmin, fmt.Sprintf("/api/v1/hazards?overdue=%v", want)))
		if !slices.Equal(got, flagged[want]) {
			t.Errorf("overdue=%v lists %v, want %v", want, got, flagged[want])
		}
	}
}

// ---------------------------------------------------------------- extensions

// extend asks for a later deadline as login.
func (l *ledger) extend(login, id, deadline, note string) handlerstest.Response {
	l.t.Helper()
	return l.As(login, http.MethodPost, hazardURL(id, "extensions"), obj{"deadline": deadline, "note": note})
}

// decide approves or refuses extension eid of hazard id as login.
func (l *ledger) decide(login, id, eid, verdict string) handlerstest.Response {
	l.t.Helper()
	return l.As(login, http.MethodPost, hazardURL(id, "extensions", eid, verdict), obj{"note": "经研究"})
}

func TestExtensionApprovedMovesDeadline(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", obj{"found_on": "2026-02-01", "deadline": "2026-03-01"})["id"].(string)
	res := l.extend(gas1Clerk, id, "2026-05-31", "需燃气公司与物业协调停气")
	wantStatus(t, res, http.StatusCreated)
	ext := res.JSON()
	if ext["status"] != "pending" || ext["previous_deadline"] != "2026-03-01" || ext["requested_deadline"] != "2026-05-31" ||
		ext["requested_by_name"] != "刘洋" {
		t.Errorf("the request: %v", ext)
	}
	if got := itemIDs(l.read(gas1Clerk, hazardURL(id, "extensions"))); !slices.Equal(got, []string{ext["id"].(string)}) {
		t.Errorf("extensions listed %v", got)
	}
	res = l.decide(bureauInspector, id, ext["id"].(string), "approve")
	wantStatus(t, res, http.StatusOK)
	if m := res.JSON(); m["status"] != "approved" || m["decided_by_name"] != "李娜" || m["decided_at"] == nil {
		t.Errorf("the decision: %v", m)
	}
	h := l.read(gas1Clerk, hazardURL(id))
	if h["deadline"] != "2026-05-31" || h["original_deadline"] != "2026-03-01" || h["overdue"] != false {
		t.Errorf("after approval deadline %v, original %v, overdue %v; want 2026-05-31, 2026-03-01, false",
			h["deadline"], h["original_deadline"], h["overdue"])
	}
}

func TestExtensionRefusedLeavesDeadline(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	_, eid := l.drive(gas1Clerk, id, "extension")
	wantStatus(t, l.decide(bureauAdmin, id, eid, "refuse"), http.StatusOK)
	if h := l.read(bureauAdmin, hazardURL(id)); h["deadline"] != "2026-04-30" || h["original_deadline"] != "2026-04-30" {
		t.Errorf("after refusal deadline %v, original %v; want both 2026-04-30", h["deadline"], h["original_deadline"])
	}
	if got := asList(l.read(bureauAdmin, hazardURL(id, "extensions"))["items"]); len(got) != 1 || got[0]["status"] != "refused" {
		t.Errorf("extensions: %v", got)
	}
}

func TestExtensionRequestNeedsLaterDeadlineAndNote(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	for _, c := range []struct {
		name  string
		body  obj
		field string
	}{
		{"SameDeadline", obj{"deadline": "2026-04-30", "note": "延期"}, "deadline"},
		{"EarlierDeadline", obj{"deadline": "2026-04-01", "note": "延期"}, "deadline"},
		{"NotADate", obj{"deadline": "2026-02-30", "note": "延期"}, "deadline"},
		{"NoNote", obj{"deadline": "2026-05-31"}, "note"},
		{"EmptyNote", obj{"deadline": "2026-05-31", "note": ""}, "note"},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := l.in(t)
			m := wantProblem(t, l.As(gas1Clerk, http.MethodPost, hazardURL(id, "extensions"), c.body),
				http.StatusUnprocessableEntity, "validation_failed")
			if f := problemFields(m); !slices.Equal(f, []string{c.field}) {
				t.Errorf("fields %v, want [%s]", f, c.field)
			}
		})
	}
	if got := itemIDs(l.read(gas1Clerk, hazardURL(id, "extensions"))); len(got) != 0 {
		t.Errorf("refused requests were kept: %v", got)
	}
}

func TestSecondExtensionWhilePendingIs409(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	_, eid := l.drive(gas1Clerk, id, "extension")
	wantProblem(t, l.extend(gas1Admin, id, "2030-12-31", "再延"), http.StatusConflict, "extension_pending")
	wantStatus(t, l.decide(bureauAdmin, id, eid, "refuse"), http.StatusOK)
	wantStatus(t, l.extend(gas1Admin, id, "2026-06-30", "补充理由后再次申请"), http.StatusCreated)
}

func TestDecidingExtensionTwiceIs409(t *testing.T) {
	l := newLedger(t)
	for _, c := range [][2]string{{"approve", "approve"}, {"approve", "refuse"}, {"refuse", "approve"}, {"refuse", "refuse"}} {
		t.Run(c[0]+"Then"+c[1], func(t *testing.T) {
			l := l.in(t)
			id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
			_, eid := l.drive(gas1Clerk, id, "extension")
			wantStatus(t, l.decide(bureauAdmin, id, eid, c[0]), http.StatusOK)
			deadline := l.read(bureauAdmin, hazardURL(id))["deadline"]
			wantProblem(t, l.decide(bureauInspector, id, eid, c[1]), http.StatusConflict, "extension_decided")
			if got := l.read(bureauAdmin, hazardURL(id))["deadline"]; got != deadline {
				t.Errorf("the second decision moved the deadline %v → %v", deadline, got)
			}
		})
	}
}

func TestCompanyCannotApproveExtension(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	_, eid := l.drive(gas1Clerk, id, "extension")
	for _, login := range []string{gas1Clerk, gas1Admin, guangkaiOfficer} {
		wantProblem(t, l.decide(login, id, eid, "approve"), http.StatusForbidden, "forbidden")
	}
	if got := asList(l.read(bureauAdmin, hazardURL(id, "extensions"))["items"]); got[0]["status"] != "pending" {
		t.Errorf("the request is %v after refused approvals", got[0]["status"])
	}
}

// ---------------------------------------------------------------- evidence

func TestEvidenceUploadsListAndDownload(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	files := []struct {
		stage, name, ctype string
		data               []byte
	}{
		{"before", "现场照片.png", "image/png", tinyPNG},
		{"after", "整改报告.pdf", "application/pdf", tinyPDF},
	}
	var urls []string
	for _, f := range files {
		res := l.attach(gas1Clerk, id, f.stage, f.name, f.data)
		wantStatus(t, res, http.StatusCreated)
		a := res.JSON()
		if a["stage"] != f.stage || a["filename"] != f.name || a["content_type"] != f.ctype ||
			a["size"] != float64(len(f.data)) || a["hazard_id"] != id || res.Header.Get("Location") != a["url"] {
			t.Errorf("uploaded %s: %v", f.name, a)
		}
		urls = append(urls, a["url"].(string))
	}
	for _, login := range []string{gas1Admin, guangkaiOfficer, bureauAdmin} {
		listed := asList(l.read(login, hazardURL(id, "attachments"))["items"])
		if len(listed) != len(files) {
			t.Fatalf("as %s %d attachments listed, want %d", login, len(listed), len(files))
		}
		for i, f := range files {
			if listed[i]["url"] != urls[i] || listed[i]["stage"] != f.stage {
				t.Errorf("as %s attachment %d listed as %v", login, i, listed[i])
			}
			res := l.As(login, http.MethodGet, urls[i], nil)
			wantStatus(t, res, http.StatusOK)
			if !bytes.Equal(res.Body, f.data) || res.Header.Get("Content-Type") != f.ctype {
				t.Errorf("as %s %s came back as %d bytes of %s", login, f.name, len(res.Body), res.Header.Get("Content-Type"))
			}
		}
	}
}

// A piece of evidence whose file is gone from storage (a lost disk, a
// restore without the files) answers 404 attachment_missing with a Chinese
// message, not 500. (Its code was file_missing, which the console reads as
// "choose a file".)
func TestEvidenceFileMissingIs404(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	res := l.attach(gas1Clerk, id, "before", "现场照片.png", tinyPNG)
	wantStatus(t, res, http.StatusCreated)
	a := res.JSON()
	x, err := l.DB.Client.Attachment.Get(policy.System(context.Background()), uuid.MustParse(a["id"].(string)))
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Storage.Delete(context.Background(), x.StorageKey); err != nil {
		t.Fatal(err)
	}
	res = l.As(gas1Clerk, http.MethodGet, a["url"].(string), nil)
	wantProblem(t, res, http.StatusNotFound, "attachment_missing")
	if detail, _ := res.JSON()["detail"].(string); !strings.Contains(detail, "文件已丢失") {
		t.Errorf("detail %q: no Chinese", detail)
	}
}

func TestEvidenceRenamedTextIs415(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	wantProblem(t, l.attach(gas1Clerk, id, "before", "photo.jpg", []byte("这不是照片，只是一段文字。\n")),
		http.StatusUnsupportedMediaType, "unsupported_file_type")
	if got := itemIDs(l.read(gas1Clerk, hazardURL(id, "attachments"))); len(got) != 0 {
		t.Errorf("the refused file was kept: %v", got)
	}
}

func TestEvidenceWithoutStageIs422(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	for _, stage := range []string{"", "during"} {
		m := wantProblem(t, l.attach(gas1Clerk, id, stage, "a.png", tinyPNG), http.StatusUnprocessableEntity, "validation_failed")
		if f := problemFields(m); !slices.Equal(f, []string{"stage"}) {
			t.Errorf("stage %q: fields %v, want [stage]", stage, f)
		}
	}
}

func TestEvidenceOfOtherCompanyIs404(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	aid, _ := l.drive(gas1Clerk, id, "attached")
	for _, login := range []string{gas2Clerk, heat1Engineer, xingnanOfficer, hexiAdmin, hexiClerk} {
		for _, p := range []string{hazardURL(id, "attachments"), hazardURL(id, "attachments", aid)} {
			wantProblem(t, l.As(login, http.MethodGet, p, nil), http.StatusNotFound, "not_found")
		}
		wantProblem(t, l.attach(login, id, "before", "a.png", tinyPNG), http.StatusNotFound, "not_found")
	}
}

// Evidence, history and extension requests stay with their hazard when it
// moves to another street: the new street's officer sees all of them, as it
// sees the hazard.
func TestMovedHazardTakesItsRecordsAlong(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	l.drive(gas1Clerk, id, "evidenced")
	wantStatus(t, l.extend(gas1Clerk, id, "2026-06-30", "等待停气窗口"), http.StatusCreated)
	want := map[string]int{}
	for _, sub := range []string{"history", "attachments", "extensions"} {
		want[sub] = len(asList(l.read(bureauAdmin, hazardURL(id, sub))["items"]))
	}
	tag := l.etag(bureauAdmin, hazardURL(id))
	wantStatus(t, l.As(bureauAdmin, http.MethodPatch, hazardURL(id), obj{"street_id": l.OrgID("兴南街")}, "If-Match", tag), http.StatusOK)
	want["history"]++ // the move itself
	for _, sub := range []string{"history", "attachments", "extensions"} {
		if got := len(asList(l.read(xingnanOfficer, hazardURL(id, sub))["items"])); got != want[sub] {
			t.Errorf("兴南街 sees %d of the moved hazard's %s, want %d", got, sub, want[sub])
		}
	}
	wantProblem(t, l.As(guangkaiOfficer, http.MethodGet, hazardURL(id, "history"), nil), http.StatusNotFound, "not_found")
}

// ---------------------------------------------------------------- create rules

func TestCreateCompanyIDOfCompanyUser(t *testing.T) {
	l := newLedger(t)
	gas1 := l.OrgID(gas1Org)
	for _, c := range []struct {
		name string
		over obj
	}{{"Omitted", nil}, {"Own", obj{"company_id": gas1}}} {
		t.Run(c.name+"201", func(t *testing.T) {
			l := l.in(t)
			if got := l.report(gas1Clerk, "广开街", c.over)["company_id"]; got != gas1 {
				t.Errorf("company_id %v, want the user's own %s", got, gas1)
			}
		})
	}
	t.Run("Other422", func(t *testing.T) {
		l := l.in(t)
		res := l.As(gas1Clerk, http.MethodPost, "/api/v1/hazards", l.hazardIn("广开街", obj{"company_id": l.OrgID("天津市南开燃气服务有限公司")}))
		if f := problemFields(wantProblem(t, res, http.StatusUnprocessableEntity, "validation_failed")); !slices.Equal(f, []string{"company_id"}) {
			t.Errorf("fields %v, want [company_id]", f)
		}
	})
}

// wantFields checks that a create as login with over answers 422 naming
// exactly fields (in any order).
func (l *ledger) wantFields(t *testing.T, login, street string, over obj, fields ...string) {
	t.Helper()
	res := l.As(login, http.MethodPost, "/api/v1/hazards", l.hazardIn(street, over))
	got := problemFields(wantProblem(t, res, http.StatusUnprocessableEntity, "validation_failed"))
	slices.Sort(got)
	slices.Sort(fields)
	if !slices.Equal(got, fields) {
		t.Errorf("fields %v, want %v", got, fields)
	}
}

func TestCreateCompanyIDRequiredForBureauAndStreet(t *testing.T) {
	l := newLedger(t)
	for _, login := range []string{bureauAdmin, bureauInspector, guangkaiOfficer} {
		t.Run(login, func(t *testing.T) {
			l := l.in(t)
			l.wantFields(t, login, "广开街", nil, "company_id")
			l.wantFields(t, login, "广开街", obj{"company_id": l.OrgID("南开区城市管理委员会")}, "company_id") // not a company
			l.wantFields(t, login, "广开街", obj{"company_id": l.OrgID("河西燃气有限公司")}, "company_id")   // another district's
			h := l.report(login, "广开街", obj{"company_id": l.OrgID("南开区供热服务中心")})
			if h["company_id"] != l.OrgID("南开区供热服务中心") {
				t.Errorf("company_id %v, want 南开区供热服务中心", h["company_id"])
			}
		})
	}
}

func TestCreateStreetOfOtherDistrictIs422(t *testing.T) {
	l := newLedger(t)
	l.wantFields(t, bureauAdmin, "友谊路街", obj{"company_id": l.OrgID(gas1Org)}, "street_id")
	l.wantFields(t, gas1Clerk, "友谊路街", nil, "street_id")
	l.wantFields(t, bureauAdmin, "广开街", obj{"company_id": l.OrgID(gas1Org), "street_id": l.OrgID(gas1Org)}, "street_id") // not a street
}

func TestCreateCommunityNotOfStreetIs422(t *testing.T) {
	l := newLedger(t)
	l.wantFields(t, gas1Clerk, "广开街", obj{"community_id": l.OrgID("兴南街兴南社区")}, "community_id")
	l.wantFields(t, gas1Clerk, "广开街", obj{"community_id": l.OrgID("友谊路街平山道社区")}, "community_id")
	own := l.OrgID("广开街万德庄社区")
	if h := l.report(gas1Clerk, "广开街", obj{"community_id": own}); h["community_id"] != own {
		t.Errorf("community_id %v, want %s", h["community_id"], own)
	}
}

func TestCreateDeadlineBeforeFoundIs422(t *testing.T) {
	l := newLedger(t)
	l.wantFields(t, gas1Clerk, "广开街", obj{"found_on": "2026-03-05", "deadline": "2026-03-04"}, "deadline")
	l.report(gas1Clerk, "广开街", obj{"found_on": "2026-03-05", "deadline": "2026-03-05"}) // the same day will do
}

func TestCreateFoundInFutureIs422(t *testing.T) {
	l := newLedger(t)
	l.wantFields(t, gas1Clerk, "广开街", obj{"found_on": "2026-03-11", "deadline": "2026-04-30"}, "found_on")
	// Late on 10 March in UTC it is already 11 March in Shanghai.
	l.at(time.Date(2026, 3, 10, 16, 30, 0, 0, time.UTC))
	l.report(gas1Clerk, "广开街", obj{"found_on": "2026-03-11", "deadline": "2026-04-30"})
}

func TestCreateKeepsChineseTextExactly(t *testing.T) {
	l := newLedger(t)
	text := obj{
		"address":            "南开区广开街·万德庄大街\u00a0３号楼（东侧）",
		"description":        "燃气立管锈蚀、漏点＞2处；“紧急”隐患 🔥\n第二行：需停气",
		"measure":            "更换 DN25 立管，并做气密性试验（≥0.1MPa）",
		"responsible_person": "张　伟",
	}
	h := l.report(gas1Clerk, "广开街", text)
	listed := asList(l.read(gas1Clerk, "/api/v1/hazards?q="+url.QueryEscape("漏点＞2处"))["items"])
	for _, got := range []obj{h, l.read(bureauAdmin, hazardURL(h["id"].(string))), obj(listed[0])} {
		for k, v := range text {
			if got[k] != v {
				t.Errorf("%s came back as %q, want %q", k, got[k], v)
			}
		}
	}
}

// ---------------------------------------------------------------- lists

// listFixture records the hazards the list tests filter, by name.
func listFixture(l *ledger) map[string]string {
	l.t.Helper()
	heat := l.OrgID("南开区供热服务中心")
	specs := []struct {
		name, login, street, state string
		over                       obj
	}{
		{"leak", gas1Clerk, "广开街", "reported", obj{"found_on": "2026-01-10", "deadline": "2026-02-10",
			"community_id": l.OrgID("广开街万德庄社区"), "description": "楼道燃气表漏气"}},
		{"aging", gas1Clerk, "广开街", "rectifying", obj{"category": "aging_pipeline", "level": "major",
			"found_on": "2026-02-01", "deadline": "2026-04-30", "address": "万德庄大街5号院", "description": "铸铁管老化"}},
		{"alarm", gas1Admin, "兴南街", "rectified", obj{"category": "alarm_missing", "found_on": "2026-02-15",
			"deadline": "2026-04-30", "description": "餐馆未装报警器"}},
		{"occupation", gas2Clerk, "兴南街", "verified", obj{"category": "pipeline_occupation", "level": "major",
			"source": "bureau_inspection", "found_on": "2026-01-20", "deadline": "2026-03-01", "description": "违建占压中压管线"}},
		{"illegal", gas2Clerk, "兴南街", "reported", obj{"category": "illegal_use", "source": "complaint",
			"found_on": "2026-03-05", "deadline": "2026-03-31", "community_id": l.OrgID("兴南街兴南社区"), "description": "私接胶管用气"}},
		{"heating", bureauAdmin, "广开街", "reported", obj{"company_id": heat, "category": "heating_network_defect",
			"source": "hotline", "found_on": "2026-03-01", "deadline": "2026-04-30", "description": "供热管网保温层脱落"}},
		{"equipment", heat1Engineer, "学府街", "reported", obj{"category": "equipment_defect", "source": "street_inspection",
			"found_on": "2026-02-20", "deadline": "2026-04-30", "description": "锅炉安全阀未校验"}},
	}
	out := map[string]string{}
	for _, s := range specs {
		id := l.report(s.login, s.street, s.over)["id"].(string)
		l.drive(s.login, id, s.state)
		out[s.name] = id
	}
	return out
}

func TestListFiltersNarrow(t *testing.T) {
	l := newLedger(t)
	fx := listFixture(l)
	q := url.QueryEscape
	for _, c := range []struct {
		query string
		want  string // fixture names
	}{
		{"status=reported", "leak illegal heating equipment"},
		{"status=rectifying,rectified", "aging alarm"},
		{"status=verified&status=rectified", "alarm occupation"},
		{"category=leak", "leak"},
		{"category=aging_pipeline,alarm_missing", "aging alarm"},
		{"level=major", "aging occupation"},
		{"company_id=" + l.OrgID("天津市南开燃气服务有限公司"), "occupation illegal"},
		{"company_id=" + l.OrgID("南开区供热服务中心"), "heating equipment"},
		{"street_id=" + l.OrgID("兴南街"), "alarm occupation illegal"},
		{"community_id=" + l.OrgID("广开街万德庄社区"), "leak"},
		{"source=complaint,hotline", "illegal heating"},
		{"source=self_inspection", "leak aging alarm"},
		{"overdue=true", "leak"},
		{"overdue=false", "aging alarm occupation illegal heating equipment"},
		{"deadline_from=2026-03-01&deadline_to=2026-03-31", "occupation illegal"},
		{"deadline_to=2026-02-10", "leak"},
		{"found_from=2026-02-15", "alarm illegal heating equipment"},
		{"found_from=2026-01-15&found_to=2026-02-01", "aging occupation"},
		{"q=" + q("报警器"), "alarm"},
		{"q=" + q("万德庄"), "aging"}, // the address
		{"q=" + q("漏气"), "leak"},   // the description
		{"q=" + q("%"), ""},        // a literal, not a wildcard
		{"q=" + q("_"), ""},        // the same
		{"status=reported&street_id=" + l.OrgID("广开街"), "leak heating"},
	} {
		t.Run(c.query, func(t *testing.T) {
			l := l.in(t)
			var want []string
			for _, name := range strings.Fields(c.want) {
				want = append(want, fx[name])
			}
			got := itemIDs(l.read(bureauAdmin, "/api/v1/hazards?limit=200&"+c.query))
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("lists %v, want %v", fixtureNames(fx, got), strings.Fields(c.want))
			}
		})
	}
}

// fixtureNames turns fixture ids back into their names, for messages.
func fixtureNames(fx map[string]string, ids []string) []string {
	var out []string
	for _, id := range ids {
		for n, fid := range fx {
			if fid == id {
				out = append(out, n)
			}
		}
	}
	return out
}

func TestListPagesWalkEveryHazardOnce(t *testing.T) {
	l := newLedger(t)
	fx := listFixture(l)
	for range 2 { // ties on the sort keys, for the id to break
		l.report(gas1Clerk, "广开街", obj{"found_on": "2026-02-01", "deadline": "2026-04-30"})
	}
	total := len(fx) + 2
	for _, c := range []struct {
		sort, key string
		desc      bool
	}{{"deadline", "deadline", false}, {"-found_on", "found_on", true}, {"-deadline", "deadline", true}, {"found_on", "found_on", false}} {
		t.Run(c.sort, func(t *testing.T) {
			l := l.in(t)
			seen := map[string]bool{}
			var keys []string
			cursor, pages := "", 0
			for {
				p := "/api/v1/hazards?limit=2&sort=" + c.sort
				if cursor != "" {
					p += "&cursor=" + cursor
				}
				page := l.read(bureauAdmin, p)
				pages++
				items := asList(page["items"])
				if len(items) > 2 {
					t.Fatalf("a page of %d items at limit=2", len(items))
				}
				for _, it := range items {
					if seen[it["id"].(string)] {
						t.Errorf("%s listed twice", it["id"])
					}
					seen[it["id"].(string)] = true
					keys = append(keys, it[c.key].(string)+" "+it["id"].(string)) // ties go by id
				}
				next, _ := page["next_cursor"].(string)
				if next == "" {
					break
				}
				if pages > total {
					t.Fatalf("more than %d pages", total)
				}
				cursor = next
			}
			if len(seen) != total || pages != (total+1)/2 {
				t.Errorf("%d hazards on %d pages, want %d on %d", len(seen), pages, total, (total+1)/2)
			}
			sorted := slices.IsSorted(keys)
			if c.desc {
				sorted = slices.IsSortedFunc(keys, func(a, b string) int { return strings.Compare(b, a) })
			}
			if !sorted {
				t.Errorf("%s and id out of order: %v", c.key, keys)
			}
		})
	}
}

func TestListRefusesBadQueries422(t *testing.T) {
	l := newLedger(t)
	for _, c := range []struct{ query, field string }{
		{"limit=201", "limit"},
		{"limit=0", "limit"},
		{"colour=red", "colour"},
		{"cursor=not-a-cursor", "cursor"},
		{"cursor=" + url.QueryEscape("eyJ2IjoieCJ9"), "cursor"}, // {"v":"x"}: base64 JSON, not ours
		{"status=open", "status"},
		{"overdue=yes", "overdue"},
		{"deadline_from=2026-13-01", "deadline_from"},
		{"company_id=gas1", "company_id"},
		{"sort=address", "sort"},
	} {
		t.Run(c.query, func(t *testing.T) {
			l := l.in(t)
			m := wantProblem(t, l.As(bureauAdmin, http.MethodGet, "/api/v1/hazards?"+c.query, nil),
				http.StatusUnprocessableEntity, "validation_failed")
			if f := problemFields(m); !slices.Equal(f, []string{c.field}) {
				t.Errorf("fields %v, want [%s]", f, c.field)
			}
		})
	}
}

// ---------------------------------------------------------------- Idempotency-Key

func TestIdempotentCreateReplaysFirstAnswer(t *testing.T) {
	l := newLedger(t)
	body := l.hazardIn("广开街", obj{"description": "重试也只记一次"})
	first := l.As(gas1Clerk, http.MethodPost, "/api/v1/hazards", body, "Idempotency-Key", "k-1")
	wantStatus(t, first, http.StatusCreated)
	if first.Header.Get("Idempotent-Replayed") != "" {
		t.Errorf("the first answer says it is a replay")
	}
	again := l.As(gas1Clerk, http.MethodPost, "/api/v1/hazards", body, "Idempotency-Key", "k-1")
	wantStatus(t, again, http.StatusCreated)
	if !bytes.Equal(again.Body, first.Body) || again.Header.Get("Idempotent-Replayed") != "true" ||
		again.Header.Get("Location") != first.Header.Get("Location") || again.Header.Get("ETag") != first.Header.Get("ETag") {
		t.Errorf("the replay differs: %s %v, first %s %v", again.Body, again.Header, first.Body, first.Header)
	}
	if got := itemIDs(l.read(gas1Clerk, "/api/v1/hazards?q="+url.QueryEscape("重试也只记一次"))); len(got) != 1 {
		t.Errorf("%d hazards recorded, want 1", len(got))
	}
}

func TestIdempotencyKeyWithOtherBodyIs422(t *testing.T) {
	l := newLedger(t)
	wantStatus(t, l.As(gas1Clerk, http.MethodPost, "/api/v1/hazards", l.hazardIn("广开街", nil), "Idempotency-Key", "k-2"), http.StatusCreated)
	res := l.As(gas1Clerk, http.MethodPost, "/api/v1/hazards", l.hazardIn("广开街", obj{"level": "major"}), "Idempotency-Key", "k-2")
	wantProblem(t, res, http.StatusUnprocessableEntity, "idempotency_key_reused")
	if got := itemIDs(l.read(gas1Clerk, "/api/v1/hazards")); len(got) != 1 {
		t.Errorf("%d hazards recorded, want 1", len(got))
	}
}

// TestIdempotencyAnswerLostAfterCommit: a create whose answer was never
// kept after it committed (its replica killed between the two) leaves its
// key answering 409 request_in_progress while it might still run, then,
// once it stopped beating for longer than the lease, 409 request_committed
// naming the hazard it made, which is the only one; never a second create.
func TestIdempotencyAnswerLostAfterCommit(t *testing.T) {
	l := newLedger(t)
	var lose atomic.Bool
	l.DB.Client.IdempotencyKey.Use(func(next ent.Mutator) ent.Mutator {
		return hook.IdempotencyKeyFunc(func(ctx context.Context, m *ent.IdempotencyKeyMutation) (ent.Value, error) {
			if status, ok := m.Status(); ok && status > 0 && lose.Load() {
				return nil, errors.New("the replica died before it kept the answer")
			}
			return next.Mutate(ctx, m)
		})
	})
	body := l.hazardIn("广开街", obj{"description": "回复丢失的创建"})
	send := func() handlerstest.Response {
		return l.As(gas1Clerk, http.MethodPost, "/api/v1/hazards", body, "Idempotency-Key", "lost-1")
	}
	lose.Store(true)
	if res := send(); res.Status != http.StatusInternalServerError {
		t.Fatalf("a create whose answer could not be kept: %d %s", res.Status, res.Body)
	}
	lose.Store(false)
	wantProblem(t, send(), http.StatusConflict, "request_in_progress")
	l.at(day0.Add(idempotency.Lease + time.Minute))
	m := wantProblem(t, send(), http.StatusConflict, "request_committed")
	made := itemIDs(l.read(gas1Clerk, "/api/v1/hazards?q="+url.QueryEscape("回复丢失的创建")))
	if len(made) != 1 || m["location"] != "/api/v1/hazards/"+made[0] {
		t.Fatalf("request_committed names %v; the hazards made: %v", m["location"], made)
	}
	if got := l.read(gas1Clerk, m["location"].(string)); got["description"] != "回复丢失的创建" {
		t.Errorf("the location reads %v", got)
	}
	wantProblem(t, send(), http.StatusConflict, "request_committed")
}

func TestIdempotencyKeysArePerUser(t *testing.T) {
	l := newLedger(t)
	body := l.hazardIn("广开街", nil)
	var made []string
	for _, login := range []string{gas1Clerk, gas1Admin} {
		res := l.As(login, http.MethodPost, "/api/v1/hazards", body, "Idempotency-Key", "same-key")
		wantStatus(t, res, http.StatusCreated)
		if res.Header.Get("Idempotent-Replayed") != "" {
			t.Errorf("%s got another user's answer", login)
		}
		made = append(made, res.JSON()["id"].(string))
	}
	if made[0] == made[1] || len(itemIDs(l.read(gas1Admin, "/api/v1/hazards"))) != 2 {
		t.Errorf("two users with one key made %v, want two hazards", made)
	}
}

// ---------------------------------------------------------------- summary

// tally is one expected summary group.
type tally struct {
	total, overdue, major int
	byStatus              map[string]int
}

// summaryGroups reads a summary as login, by group key.
func (l *ledger) summaryGroups(login, query string) (map[string]tally, obj) {
	l.t.Helper()
	answer := l.read(login, "/api/v1/ledger/summary?"+query)
	out := map[string]tally{}
	for _, g := range asList(answer["groups"]) {
		out[g["key"].(string)] = toTally(g)
	}
	return out, answer
}

func toTally(g map[string]any) tally {
	t := tally{total: int(g["total"].(float64)), overdue: int(g["overdue"].(float64)),
		major: int(g["major"].(float64)), byStatus: map[string]int{}}
	for s, n := range g["by_status"].(map[string]any) {
		if n.(float64) != 0 {
			t.byStatus[s] = int(n.(float64))
		}
	}
	return t
}

func TestSummaryCountsByGroup(t *testing.T) {
	l := newLedger(t)
	listFixture(l)
	gas1, gas2, heat := l.OrgID(gas1Org), l.OrgID("天津市南开燃气服务有限公司"), l.OrgID("南开区供热服务中心")
	gk, xn, xf := l.OrgID("广开街"), l.OrgID("兴南街"), l.OrgID("学府街")
	st := func(kv ...any) map[string]int {
		m := map[string]int{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1].(int)
		}
		return m
	}
	for _, c := range []struct {
		groupBy string
		want    map[string]tally
	}{
		{"street", map[string]tally{
			gk: {3, 1, 1, st("reported", 2, "rectifying", 1)},
			xn: {3, 0, 1, st("rectified", 1, "verified", 1, "reported", 1)},
			xf: {1, 0, 0, st("reported", 1)},
		}},
		{"company", map[string]tally{
			gas1: {3, 1, 1, st("reported", 1, "rectifying", 1, "rectified", 1)},
			gas2: {2, 0, 1, st("verified", 1, "reported", 1)},
			heat: {2, 0, 0, st("reported", 2)},
		}},
		{"industry", map[string]tally{
			"gas_company":     {5, 1, 2, st("reported", 2, "rectifying", 1, "rectified", 1, "verified", 1)},
			"heating_company": {2, 0, 0, st("reported", 2)},
		}},
		{"category", map[string]tally{
			"leak": {1, 1, 0, st("reported", 1)}, "aging_pipeline": {1, 0, 1, st("rectifying", 1)},
			"alarm_missing": {1, 0, 0, st("rectified", 1)}, "pipeline_occupation": {1, 0, 1, st("verified", 1)},
			"illegal_use": {1, 0, 0, st("reported", 1)}, "heating_network_defect": {1, 0, 0, st("reported", 1)},
			"equipment_defect": {1, 0, 0, st("reported", 1)},
		}},
	} {
		t.Run(c.groupBy, func(t *testing.T) {
			l := l.in(t)
			got, answer := l.summaryGroups(bureauInspector, "group_by="+c.groupBy)
			if !maps.EqualFunc(got, c.want, tallyEqual) {
				t.Errorf("groups %v, want %v", got, c.want)
			}
			total := toTally(answer["total"].(map[string]any))
			if !tallyEqual(total, tally{7, 1, 2, st("reported", 4, "rectifying", 1, "rectified", 1, "verified", 1)}) {
				t.Errorf("total %v", total)
			}
			if n := answer["total"].(map[string]any)["major_open"]; n != 1.0 { // the verified major one is closed
				t.Errorf("major_open %v, want 1", n)
			}
			if r := answer["total"].(map[string]any)["rectification_rate"]; r != 1.0/7 {
				t.Errorf("rectification_rate %v, want 1/7", r)
			}
			for _, g := range asList(answer["groups"]) {
				if g["name"] == "" {
					t.Errorf("group %v has no name", g["key"])
				}
			}
		})
	}
	// A period counts the hazards found in it only.
	if got, _ := l.summaryGroups(bureauAdmin, "group_by=company&from=2026-02-01&to=2026-02-28"); got[gas1].total != 2 || got[heat].total != 1 || got[gas2].total != 0 {
		t.Errorf("February by company: %v", got)
	}
}

// The summary as a workbook (汇总表) holds the JSON summary's numbers: a row
// a group, largest first, named, and the totals; the period and grouping
// said above the header.
func TestSummaryWorkbookMatchesTheSummary(t *testing.T) {
	l := newLedger(t)
	listFixture(l)
	for _, query := range []string{"group_by=street", "group_by=company", "group_by=industry", "group_by=category",
		"group_by=company&from=2026-02-01&to=2026-02-28", ""} {
		t.Run(query, func(t *testing.T) {
			l := l.in(t)
			answer := l.read(bureauInspector, "/api/v1/ledger/summary?"+query)
			res := l.As(bureauInspector, http.MethodGet, "/api/v1/ledger/summary.xlsx?"+query, nil)
			want := "filename*=UTF-8''" + url.PathEscape("隐患汇总-"+answer["today"].(string)+".xlsx")
			if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, want) {
				t.Errorf("Content-Disposition %q, want %s", cd, want)
			}
			sheet := xlRead(t, res)["隐患汇总"]
			if len(sheet) < 5 {
				t.Fatalf("the summary table: %q", sheet)
			}
			if sheet[0][0] != "南开区燃气供热安全隐患排查整治情况汇总表" {
				t.Errorf("title %q", sheet[0][0])
			}
			group := map[string]string{"street": "街道", "company": "企业", "industry": "行业", "category": "隐患类别"}[answer["group_by"].(string)]
			period := "全部"
			if from, _ := answer["from"].(string); from != "" {
				period = "发现日期 " + from + " 至 " + answer["to"].(string)
			}
			if note := sheet[2][0]; !strings.Contains(note, "统计范围："+period+"；按"+group+"汇总") {
				t.Errorf("note %q", note)
			}
			header := []string{"序号", group, "隐患总数", "已上报", "整改中", "已整改待验收", "已验收销号", "逾期未整改", "重大隐患", "整改率"}
			if !slices.Equal(sheet[3], header) {
				t.Errorf("header %q, want %q", sheet[3], header)
			}
			line := func(g map[string]any, seq string) []string {
				by := g["by_status"].(map[string]any)
				n := func(v any) string { return fmt.Sprint(int(v.(float64))) }
				return []string{seq, g["name"].(string), n(g["total"]), n(by["reported"]), n(by["rectifying"]),
					n(by["rectified"]), n(by["verified"]), n(g["overdue"]), n(g["major"]),
					fmt.Sprintf("%.1f%%", g["rectification_rate"].(float64)*100)}
			}
			var wantRows [][]string
			for i, g := range asList(answer["groups"]) {
				wantRows = append(wantRows, line(g, fmt.Sprint(i+1)))
			}
			wantRows = append(wantRows, line(answer["total"].(map[string]any), ""))
			if got := sheet[4:]; !slices.EqualFunc(got, wantRows, slices.Equal) {
				t.Errorf("rows\n%q\nwant\n%q", got, wantRows)
			}
		})
	}
	// The summary's parameters are checked as the summary checks them.
	wantProblem(t, l.As(bureauAdmin, http.MethodGet, "/api/v1/ledger/summary.xlsx?group_by=colour", nil),
		http.StatusUnprocessableEntity, "validation_failed")
	wantProblem(t, l.As(bureauAdmin, http.MethodGet, "/api/v1/ledger/summary.xlsx?from=yesterday", nil),
		http.StatusUnprocessableEntity, "validation_failed")
}

func tallyEqual(a, b tally) bool {
	return a.total == b.total && a.overdue == b.overdue && a.major == b.major && maps.Equal(a.byStatus, b.byStatus)
}

func TestSummaryOfCompanyAndStreetCoversOwnOnly(t *testing.T) {
	l := newLedger(t)
	listFixture(l)
	for _, c := range []struct {
		login, groupBy string
		want           []string // group keys: org names
		total          int
	}{
		{gas1Clerk, "company", []string{gas1Org}, 3},
		{gas1Clerk, "street", []string{"广开街", "兴南街"}, 3},
		{gas2Clerk, "company", []string{"天津市南开燃气服务有限公司"}, 2},
		{heat1Engineer, "street", []string{"广开街", "学府街"}, 2},
		{guangkaiOfficer, "street", []string{"广开街"}, 3},
		{guangkaiOfficer, "company", []string{gas1Org, "南开区供热服务中心"}, 3},
		{xingnanOfficer, "company", []string{gas1Org, "天津市南开燃气服务有限公司"}, 3},
		{hexiAdmin, "company", nil, 0},
	} {
		t.Run(c.login+" by "+c.groupBy, func(t *testing.T) {
			l := l.in(t)
			got, answer := l.summaryGroups(c.login, "group_by="+c.groupBy)
			var want []string
			for _, n := range c.want {
				want = append(want, l.OrgID(n))
			}
			keys := slices.Sorted(maps.Keys(got))
			slices.Sort(want)
			if !slices.Equal(keys, want) {
				t.Errorf("groups %v, want %v", keys, c.want)
			}
			if total := toTally(answer["total"].(map[string]any)).total; total != c.total {
				t.Errorf("total %d, want %d", total, c.total)
			}
		})
	}
}

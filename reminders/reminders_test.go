package reminders

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"reflect"
	"testing"
	"time"

	"github.com/hearthsafety/hearth/ent/schema/enum"
)

func TestLadderInDistrictZone(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	steps, err := DefaultLadder.Steps("2026-11-30", sh)
	if err != nil {
		t.Fatal(err)
	}
	want := []Step{
		{Kind: enum.ReminderDueSoon, DaysLeft: 3, At: time.Date(2026, 11, 27, 1, 0, 0, 0, time.UTC)}, // 09:00 in Shanghai
		{Kind: enum.ReminderDueSoon, DaysLeft: 1, At: time.Date(2026, 11, 29, 1, 0, 0, 0, time.UTC)},
		{Kind: enum.ReminderOverdue, At: time.Date(2026, 11, 30, 16, 0, 0, 0, time.UTC)}, // 00:00 on 12-01 in Shanghai
	}
	if len(steps) != len(want) {
		t.Fatalf("steps %v", steps)
	}
	for i := range want {
		if got := (Step{Kind: steps[i].Kind, DaysLeft: steps[i].DaysLeft, At: steps[i].At}); !reflect.DeepEqual(got, want[i]) {
			t.Errorf("step %d: got %+v, want %+v", i, steps[i], want[i])
		}
	}
}

func TestLadderOrdersAndDropsNonsense(t *testing.T) {
	steps, err := Ladder{DaysBefore: []int{1, 7, 0, 7, -2}, Hour: 8}.Steps("2026-03-10", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if len(steps) != 3 || steps[0].DaysLeft != 7 || steps[1].DaysLeft != 1 || steps[2].Kind != enum.ReminderOverdue {
		t.Fatalf("steps %+v", steps)
	}
	if _, err := (Ladder{Hour: 24}).Steps("2026-03-10", time.UTC); err == nil {
		t.Fatal("hour 24 accepted")
	}
	if _, err := DefaultLadder.Steps("2026-02-30", time.UTC); err == nil {
		t.Fatal("a date that does not exist accepted")
	}
}

// TestLadderAcrossDST: reminders keep their local hour when the clocks move.
func TestLadderAcrossDST(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York") // DST starts 2026-03-08
	steps, err := DefaultLadder.Steps("2026-03-09", ny)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range steps[:2] {
		if h := s.At.In(ny).Hour(); h != 9 {
			t.Errorf("%+v is at %d:00 local", s, h)
		}
	}
}

// TestSignatureKnownVector: the vector was computed independently with
// `printf '1700000000.{"event":"hazard.due_soon"}' | openssl dgst -sha256 -hmac whsec_test_secret`.
func TestSignatureKnownVector(t *testing.T) {
	secret, body := []byte("whsec_test_secret"), []byte(`{"event":"hazard.due_soon"}`)
	ts := time.Unix(1700000000, 0)
	const want = "sha256=05428014610ad879b79059492dddc1a99a754f6571b06875ec280e30ee6f4f53"
	if got := Sign(secret, ts, body); got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	now := ts.Add(time.Minute)
	if err := Verify(secret, "1700000000", want, body, now, 5*time.Minute); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		secret, ts, sig, body string
		now                   time.Time
		err                   error
	}{
		"tampered body":   {"whsec_test_secret", "1700000000", want, `{"event":"x"}`, now, ErrBadSignature},
		"wrong secret":    {"other", "1700000000", want, string(body), now, ErrBadSignature},
		"moved timestamp": {"whsec_test_secret", "1700000001", want, string(body), now, ErrBadSignature},
		"replayed late":   {"whsec_test_secret", "1700000000", want, string(body), ts.Add(time.Hour), ErrStale},
		"garbage time":    {"whsec_test_secret", "soon", want, string(body), now, ErrBadSignature},
	} {
		if err := Verify([]byte(c.secret), c.ts, c.sig, []byte(c.body), c.now, 5*time.Minute); !errors.Is(err, c.err) {
			t.Errorf("%s: got %v, want %v", name, err, c.err)
		}
	}
}

func TestRobotFormats(t *testing.T) {
	m := Message{Title: "隐患整改即将到期", Lines: []string{"广开四马路12号楼 泄漏", "整改期限 2026-11-30"}}
	for name, f := range map[string]func(Message) ([]byte, error){"wecom": WeComBody, "dingtalk": DingTalkBody} {
		b, err := f(m)
		if err != nil {
			t.Fatal(err)
		}
		var v struct {
			MsgType  string            `json:"msgtype"`
			Markdown map[string]string `json:"markdown"`
		}
		if err := json.Unmarshal(b, &v); err != nil || v.MsgType != "markdown" {
			t.Fatalf("%s: %s", name, b)
		}
		text := v.Markdown["content"] + v.Markdown["text"]
		if want := "### 隐患整改即将到期\n> 广开四马路12号楼 泄漏\n> 整改期限 2026-11-30\n"; text != want {
			t.Errorf("%s: %q", name, text)
		}
	}
}

func TestCheckTarget(t *testing.T) {
	ctx := context.Background()
	for raw, ok := range map[string]bool{
		"https://8.8.8.8/hook":                true,
		"https://127.0.0.1/hook":              false,
		"http://[::1]:8080/":                  false,
		"https://10.1.2.3/":                   false,
		"https://172.16.0.9/":                 false,
		"https://192.168.1.1/":                false,
		"https://169.254.169.254/latest/meta": false, // cloud metadata
		"https://100.64.0.1/":                 false,
		"https://0.0.0.0/":                    false,
		"https://[::ffff:127.0.0.1]/":         false,
		"https://[fe80::1]/":                  false,
		"http://[fec0::1]/":                   false, // site-local
		"https://[fd12:3456::1]/":             false, // unique local
		"https://[2606:4700::1111]/":          true,
		"https://[::127.0.0.1]/":              false,
		"https://[::ffff:0:7f00:1]/":          false,
		"https://[64:ff9b:1::a00:1]/":         false,
		"https://[2002:7f00:1::1]/":           false,
		"https://[2001:0:4136:e378::1]/":      false,
		"ftp://8.8.8.8/":                      false,
		"https://user:pw@8.8.8.8/":            false,
		"not a url":                           false,
		"https://localhost/":                  false, // resolves to loopback
	} {
		err := CheckTarget(ctx, raw, false, nil)
		if (err == nil) != ok {
			t.Errorf("%s: err %v, want allowed=%v", raw, err, ok)
		}
		if err != nil && !errors.Is(err, ErrForbiddenTarget) {
			t.Errorf("%s: %v is not ErrForbiddenTarget", raw, err)
		}
	}
	if err := CheckTarget(ctx, "https://127.0.0.1/hook", true, nil); err != nil {
		t.Errorf("an operator allowing private targets: %v", err)
	}
}

// TestDialerRefusesAtConnect: even a URL that passed CheckTarget cannot
// reach an internal address when the connection is made.
func TestDialerRefusesAtConnect(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) }))
	defer srv.Close()
	client := func(allow bool) *http.Client {
		return &http.Client{Transport: &http.Transport{DialContext: Dialer(time.Second, allow).DialContext}}
	}
	if _, err := client(false).Get(srv.URL); !errors.Is(err, ErrForbiddenTarget) {
		t.Fatalf("loopback reached through the guarded dialer: %v", err)
	}
	res, err := client(true).Get(srv.URL)
	if err != nil || res.StatusCode != 204 {
		t.Fatalf("allowed private target: %v", err)
	}
	res.Body.Close()
	if allowedIP(netip.MustParseAddr("224.0.0.1"), true) || allowedIP(netip.IPv4Unspecified(), true) {
		t.Fatal("multicast or unspecified allowed")
	}
}

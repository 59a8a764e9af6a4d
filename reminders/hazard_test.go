package reminders_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services/ledger"
)

// The hazard's source as the engine sees it: what its rungs say, in the
// inbox, in a webhook body and in a group robot's message.

func hazardSays(t *testing.T, h *ent.Hazard, o reminders.Occasion) (reminders.Notice, reminders.Event) {
	t.Helper()
	src, ok := reminders.Lookup(ledger.ReminderSubject)
	if !ok {
		t.Fatal("the hazard source is not registered")
	}
	names := map[uuid.UUID]string{h.CompanyID: "**公司**", h.StreetID: "广开街"}
	o.OrgName = func(id uuid.UUID) string { return names[id] }
	n := src.Say(reminders.Subject{Due: ledger.ReminderDue(h, false), Record: h}, o)
	record, err := json.Marshal(n.Record)
	if err != nil {
		t.Fatal(err)
	}
	body, err := json.Marshal(reminders.Event{ID: uuid.New(), Event: n.Event, District: "nankai", DaysLeft: o.DaysLeft,
		Subject: ledger.ReminderSubject, Record: record})
	if err != nil {
		t.Fatal(err)
	}
	var ev reminders.Event
	if err := json.Unmarshal(body, &ev); err != nil {
		t.Fatal(err)
	}
	return n, ev
}

func testHazard() *ent.Hazard {
	return &ent.Hazard{ID: uuid.New(), TenantID: uuid.New(), CompanyID: uuid.New(), StreetID: uuid.New(),
		Address: "[点击](http://evil.example)\n# 标题", Category: enum.CategoryLeak, Level: enum.LevelMajor,
		Status: enum.StatusRectifying, Deadline: "2026-12-10"}
}

func TestRobotMessagesKeepCompanyTextPlain(t *testing.T) {
	h := testHazard()
	n, ev := hazardSays(t, h, reminders.Occasion{Kind: enum.ReminderOverdue, Deadline: h.Deadline})
	src, _ := reminders.Lookup(ledger.ReminderSubject)
	msg, err := src.Message(ev)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := reminders.WeComBody(msg)
	for _, bad := range []string{"[", "](", "**", "\\n# "} {
		if strings.Contains(string(b), bad) {
			t.Fatalf("robot markdown keeps %q: %s", bad, b)
		}
	}
	if !strings.Contains(n.Text, "[点击](http://evil.example)") {
		t.Fatal("the inbox text was changed too")
	}
}

func TestHazardNoticeWordsAndLabels(t *testing.T) {
	h := testHazard()
	h.Address = "广开四马路12号"
	for _, c := range []struct {
		o     reminders.Occasion
		text  string
		event string
		title string
	}{
		{reminders.Occasion{Kind: enum.ReminderDueSoon, DaysLeft: 3}, "**公司**「广开四马路12号」距整改期限 2026-12-10 还有 3 天",
			"hazard.due_soon", "隐患整改提醒"},
		{reminders.Occasion{Kind: enum.ReminderDueSoon}, "**公司**「广开四马路12号」今天（2026-12-10）到整改期限",
			"hazard.due_soon", "隐患整改提醒"},
		{reminders.Occasion{Kind: enum.ReminderOverdue}, "**公司**「广开四马路12号」整改期限 2026-12-10 已过，尚未验收，已逾期",
			"hazard.overdue", "隐患逾期升级"},
	} {
		n, ev := hazardSays(t, h, c.o)
		if n.Text != c.text || n.Event != c.event || ev.Event != c.event {
			t.Errorf("%+v says %q as %s", c.o, n.Text, n.Event)
		}
		src, _ := reminders.Lookup(ledger.ReminderSubject)
		m, err := src.Message(ev)
		if err != nil {
			t.Fatal(err)
		}
		if m.Title != c.title || len(m.Lines) != 2 || m.Lines[1] != "街道：广开街　类别：泄漏　等级：重大　状态：整改中" ||
			!strings.Contains(m.Lines[0], "广开四马路12号") {
			t.Errorf("%+v: robot message %+v", c.o, m)
		}
	}
	// The webhook body keeps its shape: the hazard's members, codes for
	// programs.
	_, ev := hazardSays(t, h, reminders.Occasion{Kind: enum.ReminderOverdue})
	body, _ := json.Marshal(ev)
	var v struct {
		Event  string               `json:"event"`
		Hazard ledger.WebhookHazard `json:"hazard"`
	}
	if err := json.Unmarshal(body, &v); err != nil || v.Hazard.ID != h.ID || v.Hazard.Category != "leak" ||
		v.Hazard.Status != "rectifying" || v.Hazard.Company != "**公司**" || v.Hazard.Street != "广开街" {
		t.Fatalf("body %s", body)
	}
	if !strings.HasPrefix(string(body), `{"id":`) || !strings.Contains(string(body), `"days_left":0,"hazard":{"id":`) {
		t.Fatalf("body %s", body)
	}
}

func TestHazardDue(t *testing.T) {
	h := testHazard()
	d := ledger.ReminderDue(h, true)
	if d.Subject != "hazard" || d.ID != h.ID || d.Closed || !d.New || d.Deadline != h.Deadline || d.StreetID != h.StreetID {
		t.Fatalf("due %+v", d)
	}
	h.Status = enum.StatusVerified
	if d := ledger.ReminderDue(h, false); !d.Closed || d.Note != "hazard verified" {
		t.Fatalf("a verified hazard is due as %+v", d)
	}
}

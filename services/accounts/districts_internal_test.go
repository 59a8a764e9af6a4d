package accounts

import (
	"testing"

	"github.com/hearthsafety/hearth/ent"
)

// TestNeedsReplan: only what moves a reminder's time, or brings a district
// back, lays its reminders again.
func TestNeedsReplan(t *testing.T) {
	base := ent.Tenant{Name: "南开区", Timezone: "Asia/Shanghai", ReminderDays: []int{7, 3, 1}, ReminderHour: 9}
	for _, c := range []struct {
		name   string
		change func(*ent.Tenant)
		want   bool
	}{
		{"Name", func(t *ent.Tenant) { t.Name = "南开" }, false},
		{"SameDaysOtherOrder", func(t *ent.Tenant) { t.ReminderDays = []int{1, 3, 7} }, false},
		{"Disabled", func(t *ent.Tenant) { t.Disabled = true }, false},
		{"Days", func(t *ent.Tenant) { t.ReminderDays = []int{7, 2} }, true},
		{"Hour", func(t *ent.Tenant) { t.ReminderHour = 8 }, true},
		{"Zone", func(t *ent.Tenant) { t.Timezone = "Asia/Urumqi" }, true},
	} {
		after := base
		c.change(&after)
		if got := needsReplan(&base, &after); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	off, on := base, base
	off.Disabled = true
	if !needsReplan(&off, &on) {
		t.Error("Reenabled: false, want true")
	}
}

package alarms

import (
	"testing"

	"github.com/hearthsafety/hearth/ent/schema/enum"
)

func TestReplaceOn(t *testing.T) {
	for _, c := range []struct {
		on   string
		ut   enum.UserType
		want string
	}{
		{"2026-03-10", enum.UserResident, "2031-03-10"},
		{"2026-03-10", enum.UserCommercial, "2029-03-10"},
		{"2026-03-10", enum.UserIndustrial, "2029-03-10"},
		{"2024-02-29", enum.UserResident, "2029-02-28"},   // common year
		{"2024-02-29", enum.UserCommercial, "2027-02-28"}, // common year
		{"2020-02-29", enum.UserCommercial, "2023-02-28"},
		{"2023-02-28", enum.UserCommercial, "2026-02-28"},
		{"2024-12-31", enum.UserResident, "2029-12-31"},
	} {
		got, err := ReplaceOn(c.on, ServiceLife(c.ut))
		if err != nil || got != c.want {
			t.Errorf("ReplaceOn(%s, %s) = %q, %v; want %s", c.on, c.ut, got, err, c.want)
		}
	}
	// 2000 is a leap year (divisible by 400), 2100 not (by 100).
	if got, _ := ReplaceOn("1996-02-29", 4); got != "2000-02-29" {
		t.Errorf("1996-02-29 + 4 = %s, want 2000-02-29", got)
	}
	if got, _ := ReplaceOn("2096-02-29", 4); got != "2100-02-28" {
		t.Errorf("2096-02-29 + 4 = %s, want 2100-02-28", got)
	}
	if _, err := ReplaceOn("2026-02-30", 5); err == nil {
		t.Error("2026-02-30 accepted")
	}
}

func TestValid(t *testing.T) {
	for _, c := range []struct {
		st        enum.DeviceStatus
		replaceOn string
		day       string
		want      bool
	}{
		{enum.DeviceInstalled, "2031-03-10", "2026-03-10", true},
		{enum.DeviceOnline, "2031-03-10", "2031-03-10", true}, // valid through the day
		{enum.DeviceOnline, "2031-03-10", "2031-03-11", false},
		{enum.DeviceOffline, "2031-03-10", "2027-01-01", true},
		{enum.DeviceFaulty, "2031-03-10", "2027-01-01", false},
		{enum.DeviceReplaced, "2031-03-10", "2027-01-01", false},
		{enum.DeviceRemoved, "2031-03-10", "2027-01-01", false},
		{enum.DeviceInstalled, "", "2027-01-01", false},
	} {
		if got := Valid(c.st, c.replaceOn, c.day); got != c.want {
			t.Errorf("Valid(%s, %s, %s) = %v, want %v", c.st, c.replaceOn, c.day, got, c.want)
		}
	}
}

func f(v float64) *float64 { return &v }

func TestRates(t *testing.T) {
	c := Counts{Premises: 1000, Valid: 964, Special: 40, SpecialValid: 39, Networked: 500, Online: 465,
		Compliant: 900, Refused: 12, NotHome: 30, DueSoon: 7}
	r := RatesOf(c, Targets{Target: 1000, Special: 40})
	for _, x := range []struct {
		name string
		got  Rate
		n, d int
		rate *float64
	}{
		{"installed", r.Installed, 964, 1000, f(96.4)},
		{"special", r.Special, 39, 40, f(97.5)},
		{"networked", r.Networked, 500, 964, f(51.9)},
		{"online", r.Online, 465, 500, f(93)},
		{"compliant", r.Compliant, 900, 964, f(93.4)},
	} {
		if x.got.Numerator != x.n || x.got.Denominator != x.d || (x.got.Rate == nil) != (x.rate == nil) ||
			(x.rate != nil && *x.got.Rate != *x.rate) {
			t.Errorf("%s = %+v (rate %v), want %d/%d = %v", x.name, x.got, derefF(x.got.Rate), x.n, x.d, derefF(x.rate))
		}
	}
	if r.Refused != 12 || r.NotHome != 30 || r.DueSoon != 7 {
		t.Errorf("beside the rate: %+v", r)
	}
	// No target: no rate, not 100 %; special falls back on the premises.
	r = RatesOf(Counts{Valid: 3, Special: 4, SpecialValid: 2}, Targets{})
	if r.Installed.Rate != nil || r.Installed.Denominator != 0 {
		t.Errorf("installed without target = %+v", r.Installed)
	}
	if r.Special.Denominator != 4 || *r.Special.Rate != 50 {
		t.Errorf("special without target = %+v", r.Special)
	}
	if r.Online.Rate != nil {
		t.Errorf("online without networked devices = %v", *r.Online.Rate)
	}
	// More installed than targeted stays a true share (over 100).
	if r := RateOf(11, 10); *r.Rate != 110 {
		t.Errorf("11/10 = %v", *r.Rate)
	}
}

func derefF(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestPace(t *testing.T) {
	ms := []enum.Milestone{{On: "12-31", Percent: 100}, {On: "06-30", Percent: 50}} // unsorted on purpose
	for _, c := range []struct {
		day      string
		expected float64
	}{
		{"2025-12-31", 0},
		{"2026-01-01", 0},
		{"2026-06-30", 50},
		{"2026-09-29", 75}, // 91 of 184 days past 06-30: 50 + 50×91/184 = 74.7
		{"2026-12-31", 100},
		{"2027-03-01", 100},
	} {
		got := Expected("2026-01-01", 2026, ms, c.day)
		if c.day == "2026-09-29" {
			if got < 74 || got > 75 {
				t.Errorf("Expected on %s = %v, want ~74.7", c.day, got)
			}
			continue
		}
		if got != c.expected {
			t.Errorf("Expected on %s = %v, want %v", c.day, got, c.expected)
		}
	}
	// 2026-04-01 is 90 of 180 days into the first leg: 25 %.
	if got := Expected("2026-01-01", 2026, ms, "2026-04-01"); got != 25 {
		t.Errorf("Expected on 04-01 = %v, want 25", got)
	}
	for _, c := range []struct {
		share    *float64
		expected float64
		want     enum.Pace
	}{
		{f(50), 50, enum.PaceOnTrack},
		{f(60), 50, enum.PaceOnTrack},
		{f(49.9), 50, enum.PaceBehind},
		{f(40), 50, enum.PaceBehind},
		{f(39.9), 50, enum.PaceAtRisk},
		{nil, 50, enum.PaceOnTrack},
		{f(0), 0, enum.PaceOnTrack},
	} {
		if got := PaceOf(c.share, c.expected); got != c.want {
			t.Errorf("PaceOf(%v, %v) = %s, want %s", derefF(c.share), c.expected, got, c.want)
		}
	}
	if _, err := MilestoneDate(2026, "6-30"); err == nil {
		t.Error("6-30 accepted")
	}
	if d, _ := MilestoneDate(2026, "2026-06-30"); d != "2026-06-30" {
		t.Error(d)
	}
}

func TestAddressKey(t *testing.T) {
	same := [][]string{
		{"时代奥城", "3", "2", "301", "", ""},
		{"时代奥城", "3号楼", "2单元", "301室", "", ""},
		{" 时代奥城 ", "3号", "2门", "３０１", "", ""},
		{"时代　奥城", "3栋", "２单元", "301", "", ""},
	}
	want := AddressKey(same[0][0], same[0][1], same[0][2], same[0][3], same[0][4], same[0][5])
	if want != "时代奥城3栋2单元301" {
		t.Fatalf("key = %q", want)
	}
	for _, p := range same[1:] {
		if got := AddressKey(p[0], p[1], p[2], p[3], p[4], p[5]); got != want {
			t.Errorf("AddressKey(%q) = %q, want %q", p, got, want)
		}
	}
	if got := AddressKey("", "", "", "", "", " 南开区 宾水西道３９９号 "); got != "南开区宾水西道399号" {
		t.Errorf("address only = %q", got)
	}
	if got := AddressKey("大悦城", "", "", "", "老边饺子馆", ""); got != "大悦城老边饺子馆" {
		t.Errorf("shop = %q", got)
	}
	if AddressKey("时代奥城", "3", "2", "301", "", "") == AddressKey("时代奥城", "3", "2", "302", "", "") {
		t.Error("two rooms, one key")
	}
	if got := AddressOf("时代奥城", "3", "2", "301", ""); got != "时代奥城3栋2单元301" {
		t.Errorf("AddressOf = %q", got)
	}
}

func TestTags(t *testing.T) {
	s := TagsString([]enum.PremiseTag{enum.TagRestaurant, enum.TagBasement, enum.TagRestaurant})
	if s != ",basement,restaurant," {
		t.Errorf("TagsString = %q", s)
	}
	if !IsSpecial(TagsOf(s)) || IsSpecial([]enum.PremiseTag{enum.TagSchool}) {
		t.Error("IsSpecial")
	}
	if TagsString(nil) != "" {
		t.Error("no tags")
	}
	if !NeedsAlarm(enum.UserCommercial, TagsOf(s), enum.PremiseActive) ||
		NeedsAlarm(enum.UserResident, TagsOf(s), enum.PremiseActive) ||
		NeedsAlarm(enum.UserCommercial, TagsOf(s), enum.PremiseVacant) ||
		NeedsAlarm(enum.UserCommercial, nil, enum.PremiseActive) {
		t.Error("NeedsAlarm")
	}
}

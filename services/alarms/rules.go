// Package alarms is the gas-alarm installation campaigns (燃气报警器安装):
// the bureau's campaigns and their targets per street × community × user
// type × gas company, the premises a gas company serves with their visits
// and devices, the rates against the targets and the pace against the
// campaign's milestones. The rules below are pure functions; the service
// (alarms.go and beside it) holds them over the database.
package alarms

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hearthsafety/hearth/ent/schema/enum"
)

// ServiceLife is a detector's service life in years (CJJ/T 146-2011
// 城镇燃气报警控制系统技术规程: 5 years in dwellings, 3 in commercial and
// industrial premises).
func ServiceLife(ut enum.UserType) int {
	if ut == enum.UserResident {
		return 5
	}
	return 3
}

// ReplaceOn is the day a device installed on installedOn must be replaced
// by: the same day years later; a 02-29 install falls on 02-28 of a
// common year. The device is valid through that day.
func ReplaceOn(installedOn string, years int) (string, error) {
	t, err := time.Parse(time.DateOnly, installedOn)
	if err != nil {
		return "", err
	}
	y := t.Year() + years
	d := t.Day()
	if t.Month() == time.February && d == 29 && !leap(y) {
		d = 28
	}
	return time.Date(y, t.Month(), d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly), nil
}

func leap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// Working is a device status that still protects the premise: installed,
// online or offline (an offline device still sounds locally). Faulty,
// replaced and removed ones do not.
func Working(st enum.DeviceStatus) bool {
	return st == enum.DeviceInstalled || st == enum.DeviceOnline || st == enum.DeviceOffline
}

// WorkingStatuses are the statuses Working accepts, for queries.
var WorkingStatuses = []enum.DeviceStatus{enum.DeviceInstalled, enum.DeviceOnline, enum.DeviceOffline}

// Valid tells whether a device of status, to be replaced by replaceOn, is a
// valid device on day: working and not past its replacement date.
func Valid(st enum.DeviceStatus, replaceOn, day string) bool {
	return Working(st) && replaceOn != "" && day <= replaceOn
}

// DueWithinDays is the window of 到期待换: a valid device whose replacement
// date falls within it.
const DueWithinDays = 90

// AddDays is date plus n days.
func AddDays(date string, n int) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}

// Rate is a share with what it is made of; Rate is nil when the
// denominator is zero (nothing to cover is not 100 %).
type Rate struct {
	Numerator   int      `json:"numerator"`
	Denominator int      `json:"denominator"`
	Rate        *float64 `json:"rate"`
}

// RateOf is n of d, as a percentage rounded to one decimal.
func RateOf(n, d int) Rate {
	r := Rate{Numerator: n, Denominator: d}
	if d > 0 {
		v := math.Round(float64(n)*1000/float64(d)) / 10
		r.Rate = &v
	}
	return r
}

// Counts are what the rate table counts of a group's premises (of the
// campaign's user types, not vacant) on a day, from their current device.
type Counts struct {
	Premises     int `json:"premises"`      // premises counted
	Valid        int `json:"valid"`         // with a valid device
	Special      int `json:"special"`       // 特殊户 (独居老人, 低保, 餐饮)
	SpecialValid int `json:"special_valid"` // 特殊户 with a valid device
	Networked    int `json:"networked"`     // valid and networked
	Online       int `json:"online"`        // valid, networked and online
	Compliant    int `json:"compliant"`     // valid and meeting the campaign's device requirements
	Refused      int `json:"refused"`       // last visit refused, no valid device
	NotHome      int `json:"not_home"`      // last visit nobody home, no valid device
	DueSoon      int `json:"due_soon"`      // valid, to be replaced within DueWithinDays
}

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	c.Premises += o.Premises
	c.Valid += o.Valid
	c.Special += o.Special
	c.SpecialValid += o.SpecialValid
	c.Networked += o.Networked
	c.Online += o.Online
	c.Compliant += o.Compliant
	c.Refused += o.Refused
	c.NotHome += o.NotHome
	c.DueSoon += o.DueSoon
}

// Targets are a group's targets summed.
type Targets struct {
	Target    int `json:"target_count"`
	Baseline  int `json:"baseline_installed"`
	Special   int `json:"special_target"`
	Confirmed int `json:"confirmed"` // targets the street confirmed
	Rows      int `json:"rows"`      // targets
}

// Add adds o to t.
func (t *Targets) Add(o Targets) {
	t.Target += o.Target
	t.Baseline += o.Baseline
	t.Special += o.Special
	t.Confirmed += o.Confirmed
	t.Rows += o.Rows
}

// Rates are a group's rates.
type Rates struct {
	// 安装率: premises with a valid device / target_count (targets exclude
	// vacant premises).
	Installed Rate `json:"installed"`
	// 特殊户覆盖率: special premises with a valid device / special_target,
	// or / the special premises recorded when the targets set none.
	Special Rate `json:"special"`
	// 接入率: networked valid devices / valid devices.
	Networked Rate `json:"networked"`
	// 在线率: online / networked.
	Online Rate `json:"online"`
	// 达标率: valid devices meeting the campaign's requirements (networked,
	// linked shut-off) / valid devices, for the commercial premises they
	// apply to; equal to the valid devices where nothing is required.
	Compliant Rate `json:"compliant"`
	Refused   int  `json:"refused"`  // 拒装, beside the rate
	NotHome   int  `json:"not_home"` // 到访不遇, beside the rate
	DueSoon   int  `json:"due_soon"` // 到期待换 (within 90 days)
}

// RatesOf computes a group's rates from its counts and targets.
func RatesOf(c Counts, t Targets) Rates {
	special := t.Special
	if special == 0 {
		special = c.Special
	}
	return Rates{
		Installed: RateOf(c.Valid, t.Target),
		Special:   RateOf(c.SpecialValid, special),
		Networked: RateOf(c.Networked, c.Valid),
		Online:    RateOf(c.Online, c.Networked),
		Compliant: RateOf(c.Compliant, c.Valid),
		Refused:   c.Refused, NotHome: c.NotHome, DueSoon: c.DueSoon,
	}
}

// PaceBand is how far below the expected share a campaign may be and still
// count as behind rather than at risk, in percentage points.
const PaceBand = 10.0

// MilestoneDate is a milestone's day in the campaign's year: "06-30" or a
// full date.
func MilestoneDate(year int, on string) (string, error) {
	if len(on) == 5 {
		on = fmt.Sprintf("%04d-%s", year, on)
	}
	if _, err := time.Parse(time.DateOnly, on); err != nil {
		return "", fmt.Errorf("milestone %q: want MM-DD or YYYY-MM-DD", on)
	}
	return on, nil
}

// Expected is the share of its target (percent) a campaign should have
// reached on day [D]: 0 on its start, then linear between consecutive
// milestones (the start counts as a milestone of 0 %), flat at the last
// milestone after it. Before the start it is 0.
func Expected(startOn string, year int, ms []enum.Milestone, day string) float64 {
	type pt struct {
		on  time.Time
		pct float64
	}
	start, err := time.Parse(time.DateOnly, startOn)
	if err != nil {
		return 0
	}
	pts := []pt{{start, 0}}
	var sorted []pt
	for _, m := range ms {
		d, err := MilestoneDate(year, m.On)
		if err != nil {
			continue
		}
		t, _ := time.Parse(time.DateOnly, d)
		sorted = append(sorted, pt{t, m.Percent})
	}
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].on.Before(sorted[j].on) })
	pts = append(pts, sorted...)
	at, err := time.Parse(time.DateOnly, day)
	if err != nil || !at.After(start) {
		return 0
	}
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		if at.After(b.on) {
			continue
		}
		span := b.on.Sub(a.on).Hours()
		if span <= 0 {
			return b.pct
		}
		f := at.Sub(a.on).Hours() / span
		return math.Round((a.pct+(b.pct-a.pct)*f)*10) / 10
	}
	return pts[len(pts)-1].pct
}

// PaceOf is a campaign's pace [D]: its installed share (percent; nil when
// there is no target) against the expected share: at or above it on
// track, within PaceBand points below it behind, further below at risk.
// No target is on track: there is nothing to be behind on.
func PaceOf(share *float64, expected float64) enum.Pace {
	switch {
	case share == nil || *share >= expected:
		return enum.PaceOnTrack
	case *share >= expected-PaceBand:
		return enum.PaceBehind
	}
	return enum.PaceAtRisk
}

// UserTypesOf are the user types a campaign of scope covers.
func UserTypesOf(scope enum.CampaignScope) []enum.UserType {
	switch scope {
	case enum.ScopeResident:
		return []enum.UserType{enum.UserResident}
	case enum.ScopeCommercial:
		return []enum.UserType{enum.UserCommercial, enum.UserIndustrial}
	}
	return []enum.UserType{enum.UserResident, enum.UserCommercial, enum.UserIndustrial}
}

// SpecialTags are the tags that make a premise a 特殊户.
var SpecialTags = []enum.PremiseTag{enum.TagElderlyAlone, enum.TagLowIncome, enum.TagRestaurant}

// TagsString is tags as the premise keeps them: codes between commas
// (",a,b,"), sorted and once each; "" for none.
func TagsString(tags []enum.PremiseTag) string {
	if len(tags) == 0 {
		return ""
	}
	ss := make([]string, 0, len(tags))
	for _, t := range tags {
		if !slices.Contains(ss, string(t)) {
			ss = append(ss, string(t))
		}
	}
	slices.Sort(ss)
	return "," + strings.Join(ss, ",") + ","
}

// TagsOf reads a premise's tags back.
func TagsOf(s string) []enum.PremiseTag {
	var out []enum.PremiseTag
	for _, p := range strings.Split(s, ",") {
		if p != "" {
			out = append(out, enum.PremiseTag(p))
		}
	}
	return out
}

// IsSpecial tells whether tags make a premise a 特殊户.
func IsSpecial(tags []enum.PremiseTag) bool {
	for _, t := range tags {
		if slices.Contains(SpecialTags, t) {
			return true
		}
	}
	return false
}

// NeedsAlarm tells whether a premise must have a valid alarm by law
// (安全生产法 第三十六条: 餐饮等行业): a commercial or industrial premise
// tagged restaurant, in use.
func NeedsAlarm(ut enum.UserType, tags []enum.PremiseTag, st enum.PremiseStatus) bool {
	return ut != enum.UserResident && st == enum.PremiseActive && slices.Contains(tags, enum.TagRestaurant)
}

// fullWidth maps full-width ASCII (！ to ～) and the ideographic space to
// their half-width forms.
func halfWidth(r rune) rune {
	switch {
	case r == '\u3000':
		return ' '
	case r >= '\uFF01' && r <= '\uFF5E':
		return r - 0xFEE0
	}
	return r
}

// addressWords spell the parts of an address one way: 号楼/幢/座 → 栋,
// 门/单元门 → 单元, 室 (after a number) stays, "#" → 号.
var addressWords = strings.NewReplacer("号楼", "栋", "幢", "栋", "座", "栋", "单元门", "单元", "楼门", "单元", "#", "号")

// NormalizeAddress is the key an address is deduplicated by: trimmed,
// full-width characters made half-width, letters lower-cased, spaces
// collapsed (and dropped between Chinese characters and digits), and 号/栋/
// 单元 spelled one way.
func NormalizeAddress(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(halfWidth(r))
	}
	s = strings.ToLower(addressWords.Replace(b.String()))
	// Spaces carry no meaning in a Chinese address: drop them all.
	return strings.Join(strings.Fields(s), "")
}

// AddressKey is the premise's deduplication key: its parts when it names an
// estate (小区 + 栋 + 单元 + 房号, or the shop's name), else its address, each
// normalised (NormalizeAddress) and the building and unit spelled with
// their suffix ("3", "3号", "3号楼" are one 3栋; "301室" is 301).
func AddressKey(estate, building, unit, room, shop, address string) string {
	estate = NormalizeAddress(estate)
	if estate == "" {
		return NormalizeAddress(address)
	}
	k := estate
	if b := strings.TrimSuffix(NormalizeAddress(building), "栋"); b != "" {
		k += strings.TrimSuffix(b, "号") + "栋"
	}
	if u := strings.TrimSuffix(NormalizeAddress(unit), "单元"); u != "" {
		k += strings.TrimSuffix(u, "门") + "单元"
	}
	if r := strings.TrimSuffix(NormalizeAddress(room), "室"); r != "" {
		k += r
	} else if s := NormalizeAddress(shop); s != "" {
		k += s
	}
	return k
}

// AddressOf is the address shown for parts when none is given.
func AddressOf(estate, building, unit, room, shop string) string {
	var b strings.Builder
	b.WriteString(estate)
	if building != "" {
		b.WriteString(building)
		if !strings.HasSuffix(building, "栋") && !strings.HasSuffix(building, "号楼") {
			b.WriteString("栋")
		}
	}
	if unit != "" {
		b.WriteString(unit)
		if !strings.HasSuffix(unit, "单元") {
			b.WriteString("单元")
		}
	}
	if room != "" {
		b.WriteString(room)
	} else {
		b.WriteString(shop)
	}
	return b.String()
}

package readiness

// The readiness rules as pure functions over dates (YYYY-MM-DD) and facts
// read elsewhere: a season's default dates and their order (programmes §1.1,
// §1.4), the items the register needs before a season, and the gate's
// blockers. The service reads the facts; these decide.

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/equipment"
)

// Dates are a season's dates.
type Dates struct {
	CampaignStart     string   `json:"campaign_start"`
	TrialRunStart     string   `json:"trial_run_start"`
	ReadinessDeadline string   `json:"readiness_deadline"`
	HeatingStart      string   `json:"heating_start"`
	HeatingEnd        string   `json:"heating_end"`
	SummaryDays       []string `json:"summary_days"`
}

var seasonCode = regexp.MustCompile(`^(\d{4})-(\d{4})$`)

// SeasonYears reads a season's code ("2026-2027"): the year heating starts
// and the next, in which it ends.
func SeasonYears(code string) (start, end int, ok bool) {
	m := seasonCode.FindStringSubmatch(code)
	if m == nil {
		return 0, 0, false
	}
	start, _ = strconv.Atoi(m[1])
	end, _ = strconv.Atoi(m[2])
	return start, end, end == start+1 && start >= 2000 && start < 2100
}

// DefaultSummaryDays are the days (MM-DD) the bureau hears which companies
// are not ready yet.
var DefaultSummaryDays = []string{"10-15", "10-25"}

// Defaults are Tianjin's dates of the season code (天津市供热用热条例 §19 and
// the city's plans): the campaign from the day after the previous season's
// end (prevEnd; "" counts 03-15 of the start year), water-filling and cold
// circulation from 10-01, ready by 10-31, heating 11-15 to 03-15.
func Defaults(code, prevEnd string) (Dates, bool) {
	y, next, ok := SeasonYears(code)
	if !ok {
		return Dates{}, false
	}
	if prevEnd == "" || !services.ValidDate(prevEnd) {
		prevEnd = fmt.Sprintf("%d-03-15", y)
	}
	return Dates{
		CampaignStart:     AddDays(prevEnd, 1),
		TrialRunStart:     fmt.Sprintf("%d-10-01", y),
		ReadinessDeadline: fmt.Sprintf("%d-10-31", y),
		HeatingStart:      fmt.Sprintf("%d-11-15", y),
		HeatingEnd:        fmt.Sprintf("%d-03-15", next),
		SummaryDays:       append([]string(nil), DefaultSummaryDays...),
	}, true
}

// CheckDates holds a season's dates to their order: the campaign, then the
// trial run, the readiness deadline, heating start and end; heating starts
// in the code's first year and ends in its second; each summary day (MM-DD)
// is a real day of the deadline's year between the campaign's start and the
// deadline. It names every field at fault.
func CheckDates(code string, d Dates) []services.FieldError {
	var bad []services.FieldError
	y, next, ok := SeasonYears(code)
	if !ok {
		return []services.FieldError{services.Field("code", "must be two following years, as 2026-2027")}
	}
	seq := []struct{ name, v string }{{"campaign_start", d.CampaignStart}, {"trial_run_start", d.TrialRunStart},
		{"readiness_deadline", d.ReadinessDeadline}, {"heating_start", d.HeatingStart}, {"heating_end", d.HeatingEnd}}
	valid := true
	for _, f := range seq {
		if !services.ValidDate(f.v) {
			bad = append(bad, services.Field(f.name, "must be a date (YYYY-MM-DD)"))
			valid = false
		}
	}
	if !valid {
		return bad
	}
	for i := 1; i < len(seq); i++ {
		prev, cur := seq[i-1], seq[i]
		// The deadline may be the day heating starts; every other date
		// comes strictly after the one before it.
		if cur.v < prev.v || (cur.v == prev.v && cur.name != "heating_start") {
			bad = append(bad, services.Field(cur.name, "must be after "+prev.name))
		}
	}
	if d.HeatingStart[:4] != strconv.Itoa(y) {
		bad = append(bad, services.Field("heating_start", fmt.Sprintf("must be in %d", y)))
	}
	if d.HeatingEnd[:4] != strconv.Itoa(next) {
		bad = append(bad, services.Field("heating_end", fmt.Sprintf("must be in %d", next)))
	}
	seen := map[string]bool{}
	for _, md := range d.SummaryDays {
		day, ok := SummaryDate(d, md)
		switch {
		case !ok:
			bad = append(bad, services.Field("summary_days", md+" is not a day (MM-DD) of "+d.ReadinessDeadline[:4]))
		case day < d.CampaignStart || day > d.ReadinessDeadline:
			bad = append(bad, services.Field("summary_days", md+" is not between campaign_start and readiness_deadline"))
		case seen[md]:
			bad = append(bad, services.Field("summary_days", md+" is given twice"))
		}
		seen[md] = true
	}
	return bad
}

// SummaryDate is a summary day (MM-DD) as a date of the readiness
// deadline's year; false when it is no day of that year (02-29 outside a
// leap year).
func SummaryDate(d Dates, md string) (string, bool) {
	if len(md) != 5 || len(d.ReadinessDeadline) < 4 {
		return "", false
	}
	day := d.ReadinessDeadline[:4] + "-" + md
	return day, services.ValidDate(day)
}

// SummaryDaysBefore are the summary days as days before the readiness
// deadline: the season reminder's day rungs.
func SummaryDaysBefore(d Dates) []int {
	var out []int
	for _, md := range d.SummaryDays {
		if day, ok := SummaryDate(d, md); ok {
			if n := DaysBetween(day, d.ReadinessDeadline); n > 0 {
				out = append(out, n)
			}
		}
	}
	return out
}

// AddDays is date plus n days (the register's own rule).
func AddDays(date string, n int) string { return equipment.AddDays(date, n) }

// DaysBetween counts the days from a to b (negative when b is earlier).
func DaysBetween(a, b string) int {
	ta, err1 := time.Parse(time.DateOnly, a)
	tb, err2 := time.Parse(time.DateOnly, b)
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(tb.Sub(ta).Hours() / 24)
}

// Clock is one inspection a unit owes, as the generation and the gate read
// it: the register's clock with its unit's name and place.
type Clock struct {
	EquipmentID   uuid.UUID
	EquipmentName string
	Kind          enum.EquipmentKind
	SiteID        uuid.UUID
	StreetID      uuid.UUID
	Type          enum.InspectionType
	Due           *string
	Readiness     enum.ReadinessTest
}

// NeedsWork tells whether a clock is not valid for the season (the
// register's ValidForSeason): an inspection to do before it.
func NeedsWork(c Clock, d Dates) bool {
	return !equipment.ValidForSeason(c.Readiness, c.Due, d.HeatingStart, d.HeatingEnd)
}

// NewItem is an item the register says a plan needs.
type NewItem struct {
	Category    enum.ItemCategory
	Title       string
	DueOn       string
	SourceKey   string
	EquipmentID uuid.UUID
	SiteID      uuid.UUID
	StreetID    uuid.UUID
}

// SourceKey names a register item: "<equipment_id>/<type>".
func SourceKey(equipmentID uuid.UUID, t enum.InspectionType) string {
	return equipmentID.String() + "/" + string(t)
}

// Needed are the items the register asks of a season: one per inspection
// that would not be valid on heating start (on_start) or falls due before
// heating ends (through_end, inspections that need a shutdown). Each is
// due by its inspection's due date or the readiness deadline, whichever is
// first; a boiler's internal inspection is boiler work (boiler_aux), the
// rest calibration.
func Needed(clocks []Clock, d Dates) []NewItem {
	var out []NewItem
	for _, c := range clocks {
		if !NeedsWork(c, d) {
			continue
		}
		due := d.ReadinessDeadline
		if c.Due != nil && *c.Due < due {
			due = *c.Due
		}
		cat := enum.ItemCalibration
		if c.Kind == enum.EquipBoiler && c.Type == enum.InspInternal {
			cat = enum.ItemBoilerAux
		}
		title := fmt.Sprintf("%s %s：提前至%s前完成", c.EquipmentName, c.Type.Label(), monthDay(due))
		if c.Due == nil {
			title = fmt.Sprintf("%s %s：无有效记录，须于%s前完成", c.EquipmentName, c.Type.Label(), monthDay(due))
		}
		out = append(out, NewItem{Category: cat, Title: truncate(title, 200), DueOn: due,
			SourceKey: SourceKey(c.EquipmentID, c.Type), EquipmentID: c.EquipmentID, SiteID: c.SiteID, StreetID: c.StreetID})
	}
	return out
}

// monthDay is a date in words: "10月31日".
func monthDay(date string) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return fmt.Sprintf("%d月%d日", int(t.Month()), t.Day())
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// The kinds of blocker the gate reports.
const (
	BlockItemOpen    = "item_open"
	BlockDefective   = "equipment_defective"
	BlockInspection  = "inspection_invalid"
	BlockMajorHazard = "major_hazard_open"
)

// Blocker is one reason a plan may not be declared ready.
type Blocker struct {
	Code        string     `json:"code" enum:"BlockerCode"`
	Message     string     `json:"message"`
	ItemID      *uuid.UUID `json:"item_id,omitempty"`
	EquipmentID *uuid.UUID `json:"equipment_id,omitempty"`
	HazardID    *uuid.UUID `json:"hazard_id,omitempty"`
}

// BlockerCodes lists the codes in the order the gate reports them.
var BlockerCodes = []string{BlockItemOpen, BlockDefective, BlockInspection, BlockMajorHazard}

// ItemFact is a plan's item as the gate reads it.
type ItemFact struct {
	ID     uuid.UUID
	Title  string
	Status enum.ItemStatus
}

// UnitFact is a unit of the company's register as the gate reads it.
type UnitFact struct {
	ID        uuid.UUID
	Name      string
	SiteName  string
	Status    enum.EquipmentStatus
	Condition enum.Condition
}

// HazardFact is an open major hazard of the company.
type HazardFact struct {
	ID      uuid.UUID
	Code    string
	Address string
}

// Facts are what the gate decides on.
type Facts struct {
	Items   []ItemFact
	Units   []UnitFact
	Clocks  []Clock
	Hazards []HazardFact
}

// Closed tells whether an item counts as finished for the gate and the
// overhaul rate.
func Closed(s enum.ItemStatus) bool {
	return s == enum.ItemDone || s == enum.ItemVerified || s == enum.ItemWaived
}

// Blockers are every reason the facts refuse a declaration (具备供热条件),
// in order: items not finished, units in scope not intact (设备完好率 below
// 100%), inspections the season needs that are not valid for it, open
// major hazards. None: the plan may be declared.
func Blockers(f Facts, d Dates) []Blocker {
	var out []Blocker
	for _, it := range f.Items {
		if !Closed(it.Status) {
			id := it.ID
			out = append(out, Blocker{Code: BlockItemOpen, ItemID: &id,
				Message: fmt.Sprintf("任务「%s」尚未完成（当前状态：%s）", it.Title, it.Status.Label())})
		}
	}
	for _, u := range f.Units {
		if equipment.InScope(u.Status) && u.Condition != enum.ConditionIntact {
			id := u.ID
			out = append(out, Blocker{Code: BlockDefective, EquipmentID: &id,
				Message: fmt.Sprintf("%s「%s」技术状况为%s，设备完好率未达100%%", u.SiteName, u.Name, u.Condition.Label())})
		}
	}
	for _, c := range f.Clocks {
		if !NeedsWork(c, d) {
			continue
		}
		id := c.EquipmentID
		msg := fmt.Sprintf("「%s」%s无有效记录，%s", c.EquipmentName, c.Type.Label(), c.Readiness.Label())
		if c.Due != nil {
			msg = fmt.Sprintf("「%s」%s有效期至%s，不满足本采暖季要求（%s）", c.EquipmentName, c.Type.Label(), *c.Due, c.Readiness.Label())
		}
		out = append(out, Blocker{Code: BlockInspection, EquipmentID: &id, Message: msg})
	}
	for _, h := range f.Hazards {
		id := h.ID
		out = append(out, Blocker{Code: BlockMajorHazard, HazardID: &id,
			Message: fmt.Sprintf("重大隐患 %s（%s）尚未验收销号", h.Code, h.Address)})
	}
	return out
}

// Rate is a share with its numerator and denominator always shown.
type Rate struct {
	Numerator   int      `json:"numerator"`
	Denominator int      `json:"denominator"`
	Rate        *float64 `json:"rate"` // nil when there is nothing to count
}

// RateOf is n of d, rounded to four places (0.9823 is 98.23%).
func RateOf(n, d int) Rate {
	r := Rate{Numerator: n, Denominator: d}
	if d > 0 {
		v := float64(int(float64(n)/float64(d)*10000+0.5)) / 10000
		r.Rate = &v
	}
	return r
}

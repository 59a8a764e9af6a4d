package handlers

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/predicate"
)

// Hazard enums, in the order the API and the ledger list them.
var (
	hazardCategories = []string{"pipeline_occupation", "aging_pipeline", "leak", "alarm_missing",
		"illegal_use", "equipment_defect", "heating_network_defect", "other"}
	hazardLevels   = []string{"general", "major"}
	hazardSources  = []string{"self_inspection", "bureau_inspection", "street_inspection", "complaint", "hotline"}
	hazardStatuses = []string{"reported", "rectifying", "rectified", "verified"}
)

// hazardQuery is a parsed list request: the filters of GET /hazards and of
// the Excel export, the sort and the keyset position.
type hazardQuery struct {
	Statuses, Categories, Levels, Sources []string
	Company, Street, Community            *uuid.UUID
	Overdue                               *bool
	DeadlineFrom, DeadlineTo              string
	FoundFrom, FoundTo                    string
	Text                                  string
	Sort                                  string // deadline | found_on
	Desc                                  bool
	Limit                                 int
	After                                 *hazardCursor
}

// hazardCursor is the keyset position: the sort value and id of the last
// row of the previous page.
type hazardCursor struct {
	V  string    `json:"v"`
	ID uuid.UUID `json:"id"`
}

const maxTextFilter = 100

// parseHazardQuery reads the list filters. Every problem is reported at once,
// field by field; nothing unknown is silently ignored.
func parseHazardQuery(vals url.Values) (hazardQuery, error) {
	q := hazardQuery{Sort: "deadline", Limit: defaultLimit}
	var bad []FieldError
	fail := func(field, msg string) { bad = append(bad, FieldError{Field: field, Message: msg}) }
	enum := func(field string, allowed []string) []string {
		var out []string
		for _, raw := range vals[field] {
			for _, v := range strings.Split(raw, ",") {
				if v = strings.TrimSpace(v); v == "" {
					continue
				}
				if !contains(allowed, v) {
					fail(field, "must be one of: "+strings.Join(allowed, ", "))
					return nil
				}
				out = append(out, v)
			}
		}
		return out
	}
	id := func(field string) *uuid.UUID {
		s := vals.Get(field)
		if s == "" {
			return nil
		}
		u, err := uuid.Parse(s)
		if err != nil {
			fail(field, "must be a UUID")
			return nil
		}
		return &u
	}
	date := func(field string) string {
		s := vals.Get(field)
		if s != "" && !validDate(s) {
			fail(field, "must be a date, YYYY-MM-DD")
			return ""
		}
		return s
	}
	for k := range vals {
		if !contains(hazardQueryKeys, k) {
			fail(k, "is not a filter of this list")
		}
	}
	q.Statuses = enum("status", hazardStatuses)
	q.Categories = enum("category", hazardCategories)
	q.Levels = enum("level", hazardLevels)
	q.Sources = enum("source", hazardSources)
	q.Company, q.Street, q.Community = id("company_id"), id("street_id"), id("community_id")
	switch vals.Get("overdue") {
	case "":
	case "true":
		q.Overdue = ptr(true)
	case "false":
		q.Overdue = ptr(false)
	default:
		fail("overdue", "must be true or false")
	}
	q.DeadlineFrom, q.DeadlineTo = date("deadline_from"), date("deadline_to")
	q.FoundFrom, q.FoundTo = date("found_from"), date("found_to")
	if q.Text = strings.TrimSpace(vals.Get("q")); len([]rune(q.Text)) > maxTextFilter {
		fail("q", fmt.Sprintf("must be at most %d characters", maxTextFilter))
	} else if !storableText(q.Text) {
		fail("q", "must be UTF-8 text without NUL")
	}
	switch s := vals.Get("sort"); s {
	case "", "deadline":
	case "-deadline":
		q.Desc = true
	case "found_on":
		q.Sort = "found_on"
	case "-found_on":
		q.Sort, q.Desc = "found_on", true
	default:
		fail("sort", "must be deadline, -deadline, found_on or -found_on")
	}
	if s := vals.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxLimit {
			fail("limit", fmt.Sprintf("must be a whole number from 1 to %d", maxLimit))
		} else {
			q.Limit = n
		}
	}
	if s := vals.Get("cursor"); s != "" {
		var c hazardCursor
		b, err := base64.RawURLEncoding.DecodeString(s)
		if err != nil || json.Unmarshal(b, &c) != nil || !validDate(c.V) || c.ID == uuid.Nil {
			fail("cursor", "is not a cursor this API gave out")
		} else {
			q.After = &c
		}
	}
	if len(bad) > 0 {
		return q, invalid(bad...)
	}
	return q, nil
}

var hazardQueryKeys = []string{"status", "category", "level", "source", "company_id", "street_id",
	"community_id", "overdue", "deadline_from", "deadline_to", "found_from", "found_to", "q", "sort",
	"limit", "cursor"}

// where turns the filters into predicates; today is the date in the
// district's zone, for overdue.
func (q hazardQuery) where(today string) []predicate.Hazard {
	var ps []predicate.Hazard
	if len(q.Statuses) > 0 {
		ps = append(ps, enumIn(hazard.FieldStatus, hazardStatuses, q.Statuses))
	}
	if len(q.Categories) > 0 {
		ps = append(ps, enumIn(hazard.FieldCategory, hazardCategories, q.Categories))
	}
	if len(q.Levels) > 0 {
		ps = append(ps, enumIn(hazard.FieldLevel, hazardLevels, q.Levels))
	}
	if len(q.Sources) > 0 {
		ps = append(ps, enumIn(hazard.FieldSource, hazardSources, q.Sources))
	}
	if q.Company != nil {
		ps = append(ps, hazard.CompanyID(*q.Company))
	}
	if q.Street != nil {
		ps = append(ps, hazard.StreetID(*q.Street))
	}
	if q.Community != nil {
		ps = append(ps, hazard.CommunityID(*q.Community))
	}
	if q.Overdue != nil {
		if *q.Overdue {
			ps = append(ps, overdue(today))
		} else {
			ps = append(ps, hazard.Not(overdue(today)))
		}
	}
	if q.DeadlineFrom != "" {
		ps = append(ps, hazard.DeadlineGTE(q.DeadlineFrom))
	}
	if q.DeadlineTo != "" {
		ps = append(ps, hazard.DeadlineLTE(q.DeadlineTo))
	}
	if q.FoundFrom != "" {
		ps = append(ps, hazard.FoundOnGTE(q.FoundFrom))
	}
	if q.FoundTo != "" {
		ps = append(ps, hazard.FoundOnLTE(q.FoundTo))
	}
	if q.Text != "" {
		ps = append(ps, hazard.Or(hazard.DescriptionContainsFold(q.Text), hazard.AddressContainsFold(q.Text)))
	}
	return ps
}

// overdue: past the deadline in the district's zone, and not yet verified.
// "Not verified" is spelled as the open statuses, literally: that matches the
// partial index of open hazards and the (company|street, status, deadline)
// indexes as index conditions (ent/schema/hazard.go); "status <> $1" matches
// none of them.
func overdue(today string) predicate.Hazard {
	return hazard.And(hazard.DeadlineLT(today), enumIn(hazard.FieldStatus, hazardStatuses, openStatuses))
}

// openStatuses are the statuses of a hazard not yet verified.
var openStatuses = []string{"reported", "rectifying", "rectified"}

// enumIn is "field IN ('a', 'b')" with the values written into the SQL rather
// than bound. They come from a closed set whose shares of a ledger differ
// widely ('verified' is most of it, 'reported' a few per cent), and the
// planner must see them to choose an index, also in the generic plan
// PostgreSQL may reuse for a prepared statement (pgx prepares and caches
// every statement) after a few runs. A value outside allowed is bound as
// usual: only the enum's own words are ever spliced in.
func enumIn(field string, allowed, vals []string) predicate.Hazard {
	lits := make([]string, len(vals))
	for i, v := range vals {
		if !contains(allowed, v) {
			args := make([]any, len(vals))
			for j, v := range vals {
				args[j] = v
			}
			return func(s *sql.Selector) { s.Where(sql.In(s.C(field), args...)) }
		}
		lits[i] = "'" + v + "'"
	}
	return func(s *sql.Selector) {
		s.Where(sql.ExprP(s.C(field) + " IN (" + strings.Join(lits, ", ") + ")"))
	}
}

// page applies sort and keyset position, and fetches one row more than
// asked, to tell whether another page follows.
func (q hazardQuery) page(hq *ent.HazardQuery) *ent.HazardQuery {
	col := hazard.FieldDeadline
	if q.Sort == "found_on" {
		col = hazard.FieldFoundOn
	}
	if q.After != nil {
		// A row comparison, (col, id) > (v, id): unlike the equivalent
		// "col > v OR (col = v AND id > id)", it bounds the index range
		// itself, so a page deep into the list starts where the last one
		// ended instead of scanning and discarding every row before it.
		v, id := q.After.V, q.After.ID
		hq.Where(func(s *sql.Selector) {
			cols := []string{s.C(col), s.C(hazard.FieldID)}
			if q.Desc {
				s.Where(sql.CompositeLT(cols, v, id))
			} else {
				s.Where(sql.CompositeGT(cols, v, id))
			}
		})
	}
	order := ent.Asc
	if q.Desc {
		order = ent.Desc
	}
	return hq.Order(order(col), order(hazard.FieldID)).Limit(q.Limit + 1)
}

func (q hazardQuery) cursor(h *ent.Hazard) string {
	v := h.Deadline
	if q.Sort == "found_on" {
		v = h.FoundOn
	}
	return base64.RawURLEncoding.EncodeToString(must(json.Marshal(hazardCursor{V: v, ID: h.ID})))
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func ptr[T any](v T) *T { return &v }

// validDate reports whether s is a real calendar date, YYYY-MM-DD.
func validDate(s string) bool {
	if len(s) != 10 {
		return false
	}
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

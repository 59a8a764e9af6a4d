package ledger

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/hearthsafety/hearth/services"

	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/predicate"
	"github.com/hearthsafety/hearth/ent/schema/enum"
)

// The enums' values, in the order the API and the ledger list them.
var (
	hazardCategories = enum.HazardCategory("").Values()
	hazardLevels     = enum.HazardLevel("").Values()
	hazardSources    = enum.HazardSource("").Values()
	hazardStatuses   = enum.HazardStatus("").Values()
)

// Query is a parsed list request: the filters of GET /hazards and of
// the Excel export, the sort and the keyset position.
type Query struct {
	Statuses, Categories, Levels, Sources []string
	Company, Street, Community            *uuid.UUID
	Overdue                               *bool
	DeadlineFrom, DeadlineTo              string
	FoundFrom, FoundTo                    string
	Text                                  string
	Code                                  string // the hazard number, exactly
	Sort                                  string // deadline | found_on
	Desc                                  bool
	Limit                                 int
	After                                 *Cursor
}

// Cursor is the keyset position: the sort value and id of the last
// row of the previous page.
type Cursor struct {
	V  string    `json:"v"`
	ID uuid.UUID `json:"id"`
}

// ParseQuery reads the list filters. Every problem is reported at once,
// field by field; nothing unknown is silently ignored.
func ParseQuery(vals url.Values) (Query, error) {
	q := Query{Sort: "deadline", Limit: services.DefaultLimit}
	var bad []services.FieldError
	fail := func(field, msg string) { bad = append(bad, services.FieldError{Field: field, Message: msg}) }
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
		if s != "" && !services.ValidDate(s) {
			fail(field, services.DateMessage)
			return ""
		}
		return s
	}
	for k := range vals {
		if !contains(QueryKeys, k) {
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
	if q.Text = strings.TrimSpace(vals.Get("q")); len([]rune(q.Text)) > services.MaxTextFilter {
		fail("q", fmt.Sprintf("must be at most %d characters", services.MaxTextFilter))
	} else if !services.StorableText(q.Text) {
		fail("q", "must be UTF-8 text without NUL")
	}
	if c := strings.ToUpper(strings.TrimSpace(vals.Get("code"))); c != "" {
		if !codeRE.MatchString(c) {
			fail("code", "must be a hazard number such as YH-2026-000123")
		} else {
			q.Code = c
		}
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
		if err != nil || n < 1 || n > services.MaxLimit {
			fail("limit", fmt.Sprintf("must be a whole number from 1 to %d", services.MaxLimit))
		} else {
			q.Limit = n
		}
	}
	if s := vals.Get("cursor"); s != "" {
		var c Cursor
		b, err := base64.RawURLEncoding.DecodeString(s)
		if err != nil || json.Unmarshal(b, &c) != nil || !services.ValidDate(c.V) || c.ID == uuid.Nil {
			fail("cursor", "is not a cursor this API gave out")
		} else {
			q.After = &c
		}
	}
	if len(bad) > 0 {
		return q, services.Invalid(bad...)
	}
	return q, nil
}

var QueryKeys = []string{"status", "category", "level", "source", "company_id", "street_id",
	"community_id", "overdue", "deadline_from", "deadline_to", "found_from", "found_to", "q", "code", "sort",
	"limit", "cursor"}

// codeRE is the form of a hazard number.
var codeRE = regexp.MustCompile(`^YH-\d{4}-\d{6,9}$`)

// Where turns the filters into predicates; today is the date in the
// district's zone, for overdue.
func (q Query) Where(today string) []predicate.Hazard {
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
			ps = append(ps, OverdueOn(today))
		} else {
			ps = append(ps, hazard.Not(OverdueOn(today)))
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
		ps = append(ps, hazard.Or(hazard.DescriptionContainsFold(q.Text), hazard.AddressContainsFold(q.Text),
			hazard.CodeContainsFold(q.Text)))
	}
	if q.Code != "" {
		ps = append(ps, hazard.Code(q.Code))
	}
	return ps
}

// OverdueOn: past the deadline in the district's zone, and not yet verified.
// "Not verified" is spelled as the open statuses, literally: that matches the
// partial index of open hazards and the (company|street, status, deadline)
// indexes as index conditions (ent/schema/ledger_hazard.go); "status <> $1" matches
// none of them.
func OverdueOn(today string) predicate.Hazard {
	return hazard.And(hazard.DeadlineLT(today), enumIn(hazard.FieldStatus, hazardStatuses, openStatuses))
}

// openStatuses are the statuses of a hazard not yet verified.
var openStatuses = slices.DeleteFunc(slices.Clone(hazardStatuses), func(s string) bool { return s == string(enum.StatusVerified) })

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

// Page applies sort and keyset position, and fetches one row more than
// asked, to tell whether another page follows.
func (q Query) Page(hq *ent.HazardQuery) *ent.HazardQuery {
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

func (q Query) Cursor(h *ent.Hazard) string {
	v := h.Deadline
	if q.Sort == "found_on" {
		v = h.FoundOn
	}
	return base64.RawURLEncoding.EncodeToString(mustJSON(Cursor{V: v, ID: h.ID}))
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

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

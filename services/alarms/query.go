package alarms

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/predicate"
	"github.com/hearthsafety/hearth/ent/premise"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/services"
)

// Query is a parsed GET /premises (and the export): the filters and the
// keyset position. Pages go by id (UUIDv7).
type Query struct {
	Street, Community, Company *uuid.UUID
	UserTypes, Statuses        []string
	Tag                        string
	HasValid                   *bool
	Text                       string
	Limit                      int
	After                      *uuid.UUID
}

// QueryKeys are the list's parameters; ExportQueryKeys the export's.
var (
	QueryKeys       = []string{"street_id", "community_id", "company_id", "user_type", "status", "tag", "has_valid_device", "q", "limit", "cursor"}
	ExportQueryKeys = []string{"street_id", "community_id", "company_id", "user_type", "status", "tag", "has_valid_device", "q"}
)

// ParseQuery reads the filters; every problem at once.
func ParseQuery(vals url.Values, keys []string) (Query, error) {
	q := Query{Limit: services.DefaultLimit}
	var bad []services.FieldError
	fail := func(f, m string) { bad = append(bad, services.Field(f, m)) }
	for k := range vals {
		if !slices.Contains(keys, k) {
			fail(k, "is not a filter of this list")
		}
	}
	list := func(field string, allowed []string) []string {
		var out []string
		for _, raw := range vals[field] {
			for _, v := range strings.Split(raw, ",") {
				if v = strings.TrimSpace(v); v == "" {
					continue
				}
				if !slices.Contains(allowed, v) {
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
	q.Street, q.Community, q.Company = id("street_id"), id("community_id"), id("company_id")
	q.UserTypes = list("user_type", enum.UserType("").Values())
	q.Statuses = list("status", enum.PremiseStatus("").Values())
	if t := vals.Get("tag"); t != "" {
		if !enum.PremiseTag(t).Valid() {
			fail("tag", "must be one of: "+strings.Join(enum.PremiseTag("").Values(), ", "))
		}
		q.Tag = t
	}
	switch vals.Get("has_valid_device") {
	case "":
	case "true":
		b := true
		q.HasValid = &b
	case "false":
		b := false
		q.HasValid = &b
	default:
		fail("has_valid_device", "must be true or false")
	}
	if q.Text = strings.TrimSpace(vals.Get("q")); len([]rune(q.Text)) > services.MaxTextFilter {
		fail("q", fmt.Sprintf("must be at most %d characters", services.MaxTextFilter))
	} else if !services.StorableText(q.Text) {
		fail("q", "must be UTF-8 text without NUL")
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
		b, err := base64.RawURLEncoding.DecodeString(s)
		u, err2 := uuid.FromBytes(b)
		if err != nil || err2 != nil {
			fail("cursor", "is not a cursor this API gave out")
		} else {
			q.After = &u
		}
	}
	if len(bad) > 0 {
		return q, services.Invalid(bad...)
	}
	return q, nil
}

// ValidOn holds premises whose current device is valid on day.
func ValidOn(day string) predicate.Premise {
	return premise.And(premise.DeviceStatusIn(WorkingStatuses...), premise.DeviceReplaceOnGTE(day))
}

// Where turns the filters into predicates on day (has_valid_device).
func (q Query) Where(day string) []predicate.Premise {
	var ps []predicate.Premise
	if q.Street != nil {
		ps = append(ps, premise.StreetID(*q.Street))
	}
	if q.Community != nil {
		ps = append(ps, premise.CommunityID(*q.Community))
	}
	if q.Company != nil {
		ps = append(ps, premise.CompanyID(*q.Company))
	}
	if len(q.UserTypes) > 0 {
		ps = append(ps, premise.UserTypeIn(enums[enum.UserType](q.UserTypes)...))
	}
	if len(q.Statuses) > 0 {
		ps = append(ps, premise.StatusIn(enums[enum.PremiseStatus](q.Statuses)...))
	}
	if q.Tag != "" {
		ps = append(ps, premise.TagsContains(","+q.Tag+","))
	}
	if q.HasValid != nil {
		if *q.HasValid {
			ps = append(ps, ValidOn(day))
		} else {
			ps = append(ps, premise.Or(premise.DeviceStatusIsNil(), premise.DeviceReplaceOnIsNil(), premise.Not(ValidOn(day))))
		}
	}
	if q.Text != "" {
		ps = append(ps, premise.Or(premise.AddressContainsFold(q.Text), premise.ShopNameContainsFold(q.Text),
			premise.GasAccountNoContainsFold(q.Text), premise.EstateContainsFold(q.Text)))
	}
	return ps
}

func enums[T ~string](vs []string) []T {
	out := make([]T, len(vs))
	for i, v := range vs {
		out[i] = T(v)
	}
	return out
}

// Page orders by id after the cursor and fetches one row more than asked.
func (q Query) Page(pq *ent.PremiseQuery) *ent.PremiseQuery {
	if q.After != nil {
		pq.Where(premise.IDGT(*q.After))
	}
	return pq.Order(ent.Asc(premise.FieldID)).Limit(q.Limit + 1)
}

package equipment

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/equipment"
	"github.com/hearthsafety/hearth/ent/predicate"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/services"
)

// Query is a parsed GET /equipment (and its export): the filters and the
// keyset position. Pages go by id (UUIDv7: the order units were entered),
// on the (tenant_id, <filter>, id) indexes.
type Query struct {
	Site, Street, Company *uuid.UUID
	Kinds, Statuses       []string
	States                []string
	Special               *bool
	DueBefore             string
	Text                  string
	Limit                 int
	After                 *uuid.UUID
}

// QueryKeys are the list's parameters; ExportQueryKeys the export's.
var (
	QueryKeys       = []string{"site_id", "kind", "status", "special", "state", "due_before", "street_id", "company_id", "q", "limit", "cursor"}
	ExportQueryKeys = []string{"site_id", "kind", "status", "special", "state", "due_before", "street_id", "company_id", "q"}
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
	q.Site, q.Street, q.Company = id("site_id"), id("street_id"), id("company_id")
	q.Kinds = list("kind", enum.EquipmentKind("").Values())
	q.Statuses = list("status", enum.EquipmentStatus("").Values())
	q.States = list("state", enum.InspectionState("").Values())
	switch vals.Get("special") {
	case "":
	case "true":
		q.Special = ptrTo(true)
	case "false":
		q.Special = ptrTo(false)
	default:
		fail("special", "must be true or false")
	}
	if s := vals.Get("due_before"); s != "" {
		if !services.ValidDate(s) {
			fail("due_before", services.DateMessage)
		} else {
			q.DueBefore = s
		}
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

func ptrTo[T any](v T) *T { return &v }

// Where turns the filters into predicates.
func (q Query) Where() []predicate.Equipment {
	var ps []predicate.Equipment
	if q.Site != nil {
		ps = append(ps, equipment.SiteID(*q.Site))
	}
	if q.Street != nil {
		ps = append(ps, equipment.StreetID(*q.Street))
	}
	if q.Company != nil {
		ps = append(ps, equipment.CompanyID(*q.Company))
	}
	if len(q.Kinds) > 0 {
		ps = append(ps, equipment.KindIn(enums[enum.EquipmentKind](q.Kinds)...))
	}
	if len(q.Statuses) > 0 {
		ps = append(ps, equipment.StatusIn(enums[enum.EquipmentStatus](q.Statuses)...))
	}
	if len(q.States) > 0 {
		ps = append(ps, equipment.StateIn(enums[enum.InspectionState](q.States)...))
	}
	if q.Special != nil {
		ps = append(ps, equipment.Special(*q.Special))
	}
	if q.DueBefore != "" {
		ps = append(ps, equipment.NextDueOnLTE(q.DueBefore))
	}
	if q.Text != "" {
		ps = append(ps, equipment.Or(equipment.NameContainsFold(q.Text), equipment.EquipmentCodeContainsFold(q.Text),
			equipment.RegistrationNoContainsFold(q.Text), equipment.SerialNoContainsFold(q.Text)))
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
func (q Query) Page(eq *ent.EquipmentQuery) *ent.EquipmentQuery {
	if q.After != nil {
		eq.Where(equipment.IDGT(*q.After))
	}
	return eq.Order(ent.Asc(equipment.FieldID)).Limit(q.Limit + 1)
}

package handlers_test

import (
	"net/http"
	"testing"
)

// TestPointsByHazard: GET /occupation_points?hazard_id= finds the point a
// pipeline_occupation hazard is (a hazard's page asks so), among points at
// the same address; in another street's scope none; a malformed id is
// refused.
func TestPointsByHazard(t *testing.T) {
	l := newLedger(t)
	point := func(occupier string) obj {
		r := l.As(bureauAdmin, http.MethodPost, "/api/v1/occupation_points", obj{
			"company_id": l.OrgID("津燃华润燃气有限公司"), "street_id": l.OrgID("广开街"), "address": "广开四马路12号院内",
			"pipe_pressure": "low", "occupier_type": "shed", "occupier_name": occupier,
			"discovered_on": "2026-03-01", "deadline": "2026-06-30"})
		if r.Status != http.StatusCreated {
			t.Fatalf("a point: %d %s", r.Status, r.Body)
		}
		return r.JSON()
	}
	point("自行车棚")
	second := point("临建房")
	hid := second["hazard_id"].(string)
	items := asList(l.read(guangkaiOfficer, "/api/v1/occupation_points?hazard_id="+hid)["items"])
	if len(items) != 1 || items[0]["id"] != second["id"] {
		t.Fatalf("the hazard's point: %v, want only %s", items, second["id"])
	}
	if items := asList(l.read(xingnanOfficer, "/api/v1/occupation_points?hazard_id="+hid)["items"]); len(items) != 0 {
		t.Fatalf("another street sees %v", items)
	}
	if r := l.As(bureauAdmin, http.MethodGet, "/api/v1/occupation_points?hazard_id=not-a-uuid", nil); r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a malformed hazard_id: %d %s", r.Status, r.Body)
	}
}

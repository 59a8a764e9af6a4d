package handlers_test

import (
	"net/http"
	"slices"
	"testing"
)

// Texts are trimmed and a required one of blanks alone is missing, for
// every input the API takes (the validator does it, once), not only the
// hazard's: an organisation, a webhook, an extension's reason and a
// district's name of spaces were stored as given.
func TestBlankTextsRefused(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	for _, c := range []struct {
		name, login, method, path string
		body                      obj
		field                     string
	}{
		{"Org", bureauAdmin, http.MethodPost, "/api/v1/orgs", obj{"name": " \t　 ", "kind": "gas_company"}, "name"},
		{"Webhook", gas1Admin, http.MethodPost, "/api/v1/webhooks", obj{"name": "   ", "kind": "generic", "url": "https://203.0.113.10/hook"}, "name"},
		{"ExtensionNote", gas1Clerk, http.MethodPost, hazardURL(id, "extensions"), obj{"deadline": "2030-06-30", "note": "  \n "}, "note"},
		{"HazardAddress", gas1Clerk, http.MethodPost, "/api/v1/hazards", l.hazardIn("广开街", obj{"address": "   "}), "address"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := wantProblem(t, l.As(c.login, c.method, c.path, c.body), http.StatusUnprocessableEntity, "validation_failed")
			var fields []string
			for _, f := range asList(p["fields"]) {
				fields = append(fields, f["field"].(string))
			}
			if !slices.Contains(fields, c.field) {
				t.Errorf("fields %v, want %s among them", fields, c.field)
			}
		})
	}
	// Around a text that is there, the blanks go.
	res := l.As(bureauAdmin, http.MethodPost, "/api/v1/orgs", obj{"name": "  新兴燃气有限公司 ", "kind": "gas_company"})
	wantStatus(t, res, http.StatusCreated)
	if got := res.JSON()["name"]; got != "新兴燃气有限公司" {
		t.Errorf("name %q, want it trimmed", got)
	}
}

package handlers_test

import (
	"net/http"
	"testing"

	"github.com/hearthsafety/hearth/handlers/handlerstest"
)

func TestSmoke(t *testing.T) {
	e := handlerstest.New(t)
	for _, c := range []struct{ login, method, path string }{
		{"nankai/gas1.clerk", "GET", "/api/v1/me"},
		{"nankai/street.guangkai", "GET", "/api/v1/me"},
		{"nankai/bureau.admin", "GET", "/api/v1/orgs"},
		{"nankai/gas1.clerk", "GET", "/api/v1/orgs"},
		{"nankai/street.guangkai", "GET", "/api/v1/orgs"},
		{"nankai/bureau.admin", "GET", "/api/v1/users"},
		{"nankai/bureau.admin", "GET", "/api/v1/audit?limit=3"},
		{"nankai/bureau.admin", "GET", "/api/v1/audit/verify"},
		{"/platform.admin", "GET", "/api/v1/tenants"},
	} {
		res := e.As(c.login, c.method, c.path, nil)
		t.Logf("%s %s %s → %d %.600s", c.login, c.method, c.path, res.Status, res.Body)
		if res.Status != http.StatusOK {
			t.Errorf("status %d", res.Status)
		}
	}
}

package handlers_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/hearthsafety/hearth/handlers/handlerstest"
)

var update = flag.Bool("update", false, "rewrite golden files (console/src/api/openapi.json) from what the server answers")

// consoleDoc is the OpenAPI document the console's types are generated
// from (npm run build runs openapi-typescript on it).
var consoleDoc = filepath.Join("..", "console", "src", "api", "openapi.json")

// The console's copy of the OpenAPI document is the served one, so its
// generated types cannot drift from the API: a change to a route or a type
// fails here until the copy is rewritten (-update) and the console rebuilt.
func TestOpenAPIGolden(t *testing.T) {
	res := handlerstest.New(t).Do("", http.MethodGet, "/api/v1/openapi.json", nil)
	if res.Status != http.StatusOK {
		t.Fatalf("status %d", res.Status)
	}
	var doc any
	if err := json.Unmarshal(res.Body, &doc); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	enc := json.NewEncoder(&got)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(consoleDoc, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(consoleDoc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("%s is not the served document: run\n\tgo test ./handlers -run TestOpenAPIGolden -update\n\tcd console && npm run build\nand commit both", consoleDoc)
	}
}

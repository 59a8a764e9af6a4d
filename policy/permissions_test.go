package policy

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// The role templates (roles/*.csv) are held to PERMISSIONS.md, cell by cell:
// every Y of an action table is a policy line, and every policy line is a Y.

// grant is one (role, object, action) a role template gives.
type grant struct{ Role, Obj, Act string }

func (g grant) String() string { return g.Role + " " + g.Obj + ":" + g.Act }

// allRoles are the columns every action table has: the district's roles and
// the platform's.
var allRoles = append(slices.Clone(DistrictRoles), RolePlatformAdmin)

// tableGrant is a Y cell of an action table, with the row that holds it.
type tableGrant struct {
	grant
	Row  string // the row's first cell, "hazards · create"
	Line int    // the row's line in PERMISSIONS.md
}

// codeSpan is one `…` of a cell.
var codeSpan = regexp.MustCompile("`([^`]*)`")

// parsePermissions reads the action tables of a PERMISSIONS.md: every table
// whose header has a "casbin" column. Its other columns after the first are
// roles, each of allRoles once; its rows name their casbin object and
// actions in that column (`object: action, action`) and say in each role's
// cell Y (allowed, perhaps with a note of scope) or — (refused, perhaps with
// a note). Anything else is an error, so the table cannot drift out of the
// test's reach unnoticed.
func parsePermissions(text string) ([]tableGrant, error) {
	lines := strings.Split(text, "\n")
	var out []tableGrant
	seen := map[grant]int{}
	tables := 0
	for i := 0; i < len(lines); i++ {
		header, ok := tableCells(lines[i])
		if !ok || i+1 >= len(lines) || !isSeparator(lines[i+1]) {
			continue
		}
		for c, h := range header {
			header[c] = strings.Trim(h, "`") // a column may be written `role`
		}
		casbinCol := slices.Index(header, "casbin")
		if casbinCol < 0 {
			for i+1 < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i+1]), "|") {
				i++ // not an action table: skip its rows
			}
			continue
		}
		tables++
		roleCol := make([]string, len(header)) // "" for the first and the casbin column
		for c, h := range header {
			if c == 0 || c == casbinCol {
				continue
			}
			if !slices.Contains(allRoles, h) {
				return nil, fmt.Errorf("line %d: column %q is not a role", i+1, h)
			}
			if slices.Contains(roleCol, h) {
				return nil, fmt.Errorf("line %d: column %q twice", i+1, h)
			}
			roleCol[c] = h
		}
		for _, r := range allRoles {
			if !slices.Contains(roleCol, r) {
				return nil, fmt.Errorf("line %d: the table has no %s column", i+1, r)
			}
		}
		i += 2
		for ; i < len(lines); i++ {
			cells, ok := tableCells(lines[i])
			if !ok {
				break
			}
			n := i + 1
			if len(cells) != len(header) {
				return nil, fmt.Errorf("line %d: %d cells, the header has %d", n, len(cells), len(header))
			}
			objActs, err := casbinCell(cells[casbinCol])
			if err != nil {
				return nil, fmt.Errorf("line %d (%s): %w", n, cells[0], err)
			}
			for c, role := range roleCol {
				if role == "" {
					continue
				}
				allowed, err := cellAllows(cells[c])
				if err != nil {
					return nil, fmt.Errorf("line %d (%s), %s: %w", n, cells[0], role, err)
				}
				if !allowed {
					continue
				}
				for _, oa := range objActs {
					g := grant{Role: role, Obj: oa[0], Act: oa[1]}
					if prev, dup := seen[g]; dup {
						return nil, fmt.Errorf("line %d (%s): %s is already granted on line %d", n, cells[0], g, prev)
					}
					seen[g] = n
					out = append(out, tableGrant{grant: g, Row: cells[0], Line: n})
				}
			}
		}
	}
	if tables == 0 {
		return nil, fmt.Errorf("no action table (a table with a casbin column)")
	}
	return out, nil
}

// tableCells splits a Markdown table line into trimmed cells.
func tableCells(line string) ([]string, bool) {
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "|") || !strings.HasSuffix(line, "|") || len(line) < 2 {
		return nil, false
	}
	cells := strings.Split(line[1:len(line)-1], "|")
	for i, c := range cells {
		cells[i] = strings.TrimSpace(c)
	}
	return cells, true
}

func isSeparator(line string) bool {
	cells, ok := tableCells(line)
	if !ok {
		return false
	}
	for _, c := range cells {
		if strings.Trim(c, "-:") != "" || c == "" {
			return false
		}
	}
	return true
}

// casbinCell reads "`object: action, action`" (one or more spans) into
// (object, action) pairs.
func casbinCell(cell string) ([][2]string, error) {
	spans := codeSpan.FindAllStringSubmatch(cell, -1)
	if len(spans) == 0 {
		return nil, fmt.Errorf("casbin cell %q: want `object: action, action`", cell)
	}
	var out [][2]string
	for _, s := range spans {
		obj, acts, ok := strings.Cut(s[1], ":")
		obj = strings.TrimSpace(obj)
		if !ok || obj == "" || strings.ContainsAny(obj, " ,") {
			return nil, fmt.Errorf("casbin cell %q: want `object: action, action`", cell)
		}
		for _, a := range strings.Split(acts, ",") {
			a = strings.TrimSpace(a)
			if a == "" || strings.Contains(a, " ") {
				return nil, fmt.Errorf("casbin cell %q: want `object: action, action`", cell)
			}
			out = append(out, [2]string{obj, a})
		}
	}
	return out, nil
}

// cellAllows reads a role's cell: "Y" or "Y (note)" allows, "—" or "— (note)"
// refuses.
func cellAllows(cell string) (bool, error) {
	switch {
	case cell == "Y" || strings.HasPrefix(cell, "Y ("):
		return true, nil
	case cell == "—" || strings.HasPrefix(cell, "— ("):
		return false, nil
	}
	return false, fmt.Errorf("cell %q is neither Y nor —", cell)
}

// readPermissions parses this package's PERMISSIONS.md.
func readPermissions(t testing.TB) []tableGrant {
	t.Helper()
	b, err := os.ReadFile("PERMISSIONS.md")
	if err != nil {
		t.Fatal(err)
	}
	grants, err := parsePermissions(string(b))
	if err != nil {
		t.Fatalf("PERMISSIONS.md: %v", err)
	}
	return grants
}

func TestRoleTemplatesFollowPermissions(t *testing.T) {
	table := readPermissions(t)
	lines, err := templates()
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) == 0 {
		t.Fatal("no role template lines in roles/*.csv")
	}

	inTable := map[grant]tableGrant{}
	for _, g := range table {
		inTable[g.grant] = g
	}
	inFiles := map[grant]templateLine{}
	for _, l := range lines {
		role, dom, obj, act := l.rule[1], l.rule[2], l.rule[3], l.rule[4]
		where := fmt.Sprintf("%s:%d", l.file, l.line)
		if !slices.Contains(allRoles, role) {
			t.Errorf("%s: %q is not a role", where, role)
		}
		if dom != "*" {
			t.Errorf("%s: domain %q: a role template names no district (write *)", where, dom)
		}
		g := grant{Role: role, Obj: obj, Act: act}
		if prev, dup := inFiles[g]; dup {
			t.Errorf("%s: %s again (first at %s:%d)", where, g, prev.file, prev.line)
			continue
		}
		inFiles[g] = l
		if _, ok := inTable[g]; !ok {
			t.Errorf("%s grants %s, but PERMISSIONS.md has no Y for it", where, g)
		}
	}
	for _, g := range table {
		if _, ok := inFiles[g.grant]; !ok {
			t.Errorf("PERMISSIONS.md:%d %q: Y for %s has no line %q in roles/*.csv",
				g.Line, g.Row, g.Role, fmt.Sprintf("p, %s, *, %s, %s", g.Role, g.Obj, g.Act))
		}
	}
}

func TestTemplatesReadEveryFileInNameOrder(t *testing.T) {
	lines, err := templates()
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, l := range lines {
		if !slices.Contains(files, l.file) {
			files = append(files, l.file)
		}
	}
	for _, want := range []string{"roles/accounts.csv", "roles/calendar.csv", "roles/ledger.csv", "roles/reminders.csv"} {
		if !slices.Contains(files, want) {
			t.Errorf("no lines read from %s (read %v)", want, files)
		}
	}
	if !slices.IsSorted(files) {
		t.Errorf("files read out of name order: %v", files)
	}
}

func TestTemplatesRefuseOtherLines(t *testing.T) {
	for name, body := range map[string]string{
		"grouping rule":  "g, someone, bureau_admin, *\n",
		"short line":     "p, bureau_admin, *, hazard\n",
		"empty field":    "p, bureau_admin, , hazard, list\n",
		"unknown ptype":  "p2, bureau_admin, *, hazard, list\n",
		"unclosed quote": "p, \"bureau_admin, *, hazard, list\n",
	} {
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"roles/a.csv": {Data: []byte("p, bureau_admin, *, hazard, list\n")},
				"roles/x.csv": {Data: []byte("# a comment\n\n" + body)},
			}
			if _, err := templatesIn(fsys); err == nil || !strings.Contains(err.Error(), "roles/x.csv:3") {
				t.Errorf("templates() = %v, want an error naming roles/x.csv:3", err)
			}
		})
	}
}

// The parser refuses what it cannot read, rather than reading it as no grant.
func TestParsePermissionsRefusesWhatItCannotRead(t *testing.T) {
	const head = "| resource · action | bureau_admin | bureau_inspector | company_admin | company_staff | street_officer | platform_admin | casbin |\n" +
		"| --- | --- | --- | --- | --- | --- | --- | --- |\n"
	good := head + "| hazards · create | Y | Y (any) | — | — (never) | Y | — | `hazard: create, attach` |\n"
	got, err := parsePermissions(good)
	if err != nil {
		t.Fatal(err)
	}
	var gs []string
	for _, g := range got {
		gs = append(gs, g.String())
	}
	slices.Sort(gs)
	want := []string{"bureau_admin hazard:attach", "bureau_admin hazard:create", "bureau_inspector hazard:attach",
		"bureau_inspector hazard:create", "street_officer hazard:attach", "street_officer hazard:create"}
	if !slices.Equal(gs, want) {
		t.Errorf("grants = %v, want %v", gs, want)
	}

	for name, text := range map[string]string{
		"no action table": "| a | b |\n| --- | --- |\n| x | y |\n",
		"unknown cell":    head + "| x | Y | Y | maybe | — | — | — | `hazard: create` |\n",
		"empty cell":      head + "| x | Y | Y |  | — | — | — | `hazard: create` |\n",
		"no casbin names": head + "| x | Y | Y | — | — | — | — |  |\n",
		"bad casbin cell": head + "| x | Y | Y | — | — | — | — | `hazard create` |\n",
		"missing cell":    head + "| x | Y | Y | — | — | — | `hazard: create` |\n",
		"granted twice": head + "| x | Y | — | — | — | — | — | `hazard: create` |\n" +
			"| y | Y | — | — | — | — | — | `hazard: create` |\n",
		"unknown column": strings.Replace(head, "street_officer", "street_boss", 1) +
			"| x | Y | Y | — | — | — | — | `hazard: create` |\n",
		"missing column": "| resource · action | bureau_admin | casbin |\n| --- | --- | --- |\n| x | Y | `hazard: create` |\n",
	} {
		if _, err := parsePermissions(text); err == nil {
			t.Errorf("%s: parsed without an error", name)
		}
	}
}

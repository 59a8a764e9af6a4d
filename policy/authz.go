package policy

import (
	"bufio"
	"bytes"
	"context"
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	"github.com/casbin/casbin/v2/persist"
	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/casbinrule"
	"github.com/hearthsafety/hearth/ent/schema/enum"
)

//go:embed model.conf
var modelConf string

// roleFiles are the role templates, one file per module (roles/<module>.csv):
// p lines only, shared by every district. PERMISSIONS.md is their source and
// permissions_test.go holds them to it.
//
//go:embed roles/*.csv
var roleFiles embed.FS

// templateLine is one policy line of a role template file.
type templateLine struct {
	file string   // e.g. "roles/ledger.csv"
	line int      // 1-based
	rule []string // the policy type ("p"), then its fields
}

// templates reads every role template file, in name order, and returns its
// policy lines (blank lines and # comments left out).
func templates() ([]templateLine, error) { return templatesIn(roleFiles) }

func templatesIn(fsys fs.FS) ([]templateLine, error) {
	names, err := fs.Glob(fsys, "roles/*.csv")
	if err != nil {
		return nil, fmt.Errorf("policy: listing role templates: %w", err)
	}
	slices.Sort(names)
	var out []templateLine
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("policy: reading %s: %w", name, err)
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		for n := 1; sc.Scan(); n++ {
			text := strings.TrimSpace(sc.Text())
			if text == "" || strings.HasPrefix(text, "#") {
				continue
			}
			r := csv.NewReader(strings.NewReader(text))
			r.TrimLeadingSpace = true
			rule, err := r.Read()
			if err != nil {
				return nil, fmt.Errorf("policy: %s:%d: %w", name, n, err)
			}
			// Templates grant actions to roles; who holds a role is a
			// grouping rule in the database, never a template line.
			if len(rule) != 5 || rule[0] != "p" || slices.Contains(rule, "") {
				return nil, fmt.Errorf("policy: %s:%d: want \"p, role, *, object, action\", got %q", name, n, text)
			}
			out = append(out, templateLine{file: name, line: n, rule: rule})
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("policy: reading %s: %w", name, err)
		}
	}
	return out, nil
}

// DistrictRoles are the roles a district grants, in the order they are listed.
var DistrictRoles = []string{RoleBureauAdmin, RoleBureauInspector, RoleCompanyAdmin, RoleCompanyStaff, RoleStreetOfficer}

// RolesForKind are the roles a user of an org kind may hold.
func RolesForKind(kind enum.OrgKind) []string {
	switch kind {
	case enum.OrgBureau:
		return []string{RoleBureauAdmin, RoleBureauInspector}
	case enum.OrgGasCompany, enum.OrgHeatingCompany:
		return []string{RoleCompanyAdmin, RoleCompanyStaff}
	case enum.OrgStreet:
		return []string{RoleStreetOfficer}
	}
	return nil
}

// reloadChannel carries "role assignments changed" between replicas.
const reloadChannel = "hearth:authz:reload"

// Authz is the casbin enforcer over the embedded role templates and the
// grouping rules in the casbin_rules table.
type Authz struct {
	e      *casbin.SyncedCachedEnforcer
	client *ent.Client
	rdb    redis.UniversalClient
	log    *slog.Logger
}

// NewAuthz loads the enforcer. rdb may be nil (no replicas to tell).
func NewAuthz(client *ent.Client, rdb redis.UniversalClient, log *slog.Logger) (*Authz, error) {
	m, err := model.NewModelFromString(modelConf)
	if err != nil {
		return nil, fmt.Errorf("policy: casbin model: %w", err)
	}
	e, err := casbin.NewSyncedCachedEnforcer(m, &adapter{client: client})
	if err != nil {
		return nil, fmt.Errorf("policy: casbin enforcer: %w", err)
	}
	e.EnableAutoSave(false)
	e.SetExpireTime(10 * time.Minute)
	return &Authz{e: e, client: client, rdb: rdb, log: log}, nil
}

// Allow reports whether the viewer's roles let it take act on obj.
func (a *Authz) Allow(v *Viewer, obj, act string) bool {
	if v == nil {
		return false
	}
	if !v.KindAllows(obj) {
		return false
	}
	sub, dom := v.Subject()
	ok, err := a.e.Enforce(sub, dom, obj, act)
	if err != nil {
		a.log.Error("casbin enforce", "err", err)
		return false
	}
	return ok
}

// Roles returns a user's roles in its district.
func (a *Authz) Roles(userID, tenantID uuid.UUID) []string {
	roles := a.e.GetRolesForUserInDomain(userID.String(), tenantID.String())
	slices.Sort(roles)
	return roles
}

// Reload re-reads the grouping rules (after a committed role change) and
// tells the other replicas to do the same.
func (a *Authz) Reload(ctx context.Context) error {
	if err := a.reloadLocal(); err != nil {
		return err
	}
	if a.rdb != nil {
		if err := a.rdb.Publish(ctx, reloadChannel, "1").Err(); err != nil {
			a.log.Warn("authz: telling replicas to reload", "err", err)
		}
	}
	return nil
}

func (a *Authz) reloadLocal() error {
	if err := a.e.LoadPolicy(); err != nil {
		return fmt.Errorf("policy: reloading roles: %w", err)
	}
	return a.e.InvalidateCache() // drop answers cached while loading
}

// Watch reloads on other replicas' changes, and every interval in case a
// message was missed, until ctx ends.
func (a *Authz) Watch(ctx context.Context, interval time.Duration) {
	var msgs <-chan *redis.Message
	if a.rdb != nil {
		sub := a.rdb.Subscribe(ctx, reloadChannel)
		defer sub.Close()
		msgs = sub.Channel()
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-msgs:
		case <-t.C:
		}
		if err := a.reloadLocal(); err != nil {
			a.log.Error("authz: reload", "err", err)
		}
	}
}

// WriteRoles replaces a user's roles in its district, writing through client
// (bound to the caller's transaction). It returns the roles held before. The
// caller calls Reload after the transaction commits.
func WriteRoles(ctx context.Context, client *ent.Client, tenantID, userID uuid.UUID, roles []string) ([]string, error) {
	sys := System(ctx) // casbin_rules is reached only through this writer and the adapter
	rows, err := client.CasbinRule.Query().Where(
		casbinrule.Ptype("g"), casbinrule.V0(userID.String()), casbinrule.V2(tenantID.String()),
	).All(sys)
	if err != nil {
		return nil, fmt.Errorf("policy: reading roles: %w", err)
	}
	before := []string{}
	for _, r := range rows {
		before = append(before, r.V1)
		if !slices.Contains(roles, r.V1) {
			if err := client.CasbinRule.DeleteOneID(r.ID).Exec(sys); err != nil {
				return nil, fmt.Errorf("policy: revoking role: %w", err)
			}
		}
	}
	for _, role := range roles {
		if slices.Contains(before, role) {
			continue
		}
		if err := client.CasbinRule.Create().SetPtype("g").SetV0(userID.String()).
			SetV1(role).SetV2(tenantID.String()).Exec(sys); err != nil {
			return nil, fmt.Errorf("policy: granting role: %w", err)
		}
	}
	slices.Sort(before)
	return before, nil
}

// adapter loads the role templates from the embedded files and the grouping
// rules from the database. Writes go through WriteRoles, inside the
// transaction of the user they belong to, so the adapter refuses them.
type adapter struct{ client *ent.Client }

var errReadOnly = errors.New("policy: casbin adapter is read-only; use WriteRoles")

func (a *adapter) LoadPolicy(m model.Model) error {
	lines, err := templates()
	if err != nil {
		return err
	}
	for _, l := range lines {
		if err := persist.LoadPolicyArray(l.rule, m); err != nil {
			return fmt.Errorf("policy: %s:%d: %w", l.file, l.line, err)
		}
	}
	const page = 5000
	ctx := System(context.Background()) // the enforcer needs every district's grants
	for offset := 0; ; offset += page {
		rows, err := a.client.CasbinRule.Query().Order(ent.Asc(casbinrule.FieldID)).
			Offset(offset).Limit(page).All(ctx)
		if err != nil {
			return fmt.Errorf("policy: loading rules: %w", err)
		}
		for _, r := range rows {
			rule := []string{r.Ptype, r.V0, r.V1, r.V2, r.V3, r.V4, r.V5}
			for len(rule) > 1 && rule[len(rule)-1] == "" {
				rule = rule[:len(rule)-1]
			}
			if err := persist.LoadPolicyArray(rule, m); err != nil {
				return err
			}
		}
		if len(rows) < page {
			return nil
		}
	}
}

func (a *adapter) SavePolicy(model.Model) error                { return errReadOnly }
func (a *adapter) AddPolicy(string, string, []string) error    { return errReadOnly }
func (a *adapter) RemovePolicy(string, string, []string) error { return errReadOnly }
func (a *adapter) RemoveFilteredPolicy(string, string, int, ...string) error {
	return errReadOnly
}

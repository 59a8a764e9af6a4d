package handlers_test

import (
	"context"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/ent/user"
	"github.com/hearthsafety/hearth/handlers/handlerstest"
	"github.com/hearthsafety/hearth/policy"
)

const (
	loginPath   = "/api/v1/auth/login"
	refreshPath = "/api/v1/auth/refresh"
	mePath      = "/api/v1/me"
	gas1Org     = "津燃华润燃气有限公司"
)

// signIn posts a sign-in and returns the answer as it is.
func signIn(e *handlerstest.Env, tenantSlug, username, password string) handlerstest.Response {
	e.T.Helper()
	return e.Do("", http.MethodPost, loginPath,
		map[string]string{"tenant": tenantSlug, "username": username, "password": password})
}

// tokenPair signs a demo login ("nankai/gas1.clerk") in afresh and returns
// both of its tokens.
func tokenPair(e *handlerstest.Env, login string) (access, refresh string) {
	e.T.Helper()
	slug, username, _ := strings.Cut(login, "/")
	res := signIn(e, slug, username, handlerstest.Password)
	if res.Status != http.StatusOK {
		e.T.Fatalf("sign-in %s: %d %s", login, res.Status, res.Body)
	}
	m := res.JSON()
	return m["access_token"].(string), m["refresh_token"].(string)
}

// refreshWith trades a refresh token for a new pair.
func refreshWith(e *handlerstest.Env, token string) handlerstest.Response {
	e.T.Helper()
	return e.Do("", http.MethodPost, refreshPath, map[string]string{"refresh_token": token})
}

// tenantID returns a demo district's id, read under System.
func tenantID(e *handlerstest.Env, slug string) string {
	e.T.Helper()
	id, err := e.DB.Client.Tenant.Query().Where(tenant.Slug(slug)).OnlyID(policy.System(context.Background()))
	if err != nil {
		e.T.Fatalf("district %q: %v", slug, err)
	}
	return id.String()
}

// userID returns the id of a demo login ("nankai/gas1.clerk"), read under
// System.
func userID(e *handlerstest.Env, login string) string {
	e.T.Helper()
	slug, username, _ := strings.Cut(login, "/")
	id, err := e.DB.Client.User.Query().Where(user.Username(username), user.HasTenantWith(tenant.Slug(slug))).
		OnlyID(policy.System(context.Background()))
	if err != nil {
		e.T.Fatalf("user %q: %v", login, err)
	}
	return id.String()
}

// etagOf reads a record as login and returns its ETag.
func etagOf(e *handlerstest.Env, login, path string) string {
	e.T.Helper()
	res := e.As(login, http.MethodGet, path, nil)
	if res.Status != http.StatusOK || res.Header.Get("ETag") == "" {
		e.T.Fatalf("GET %s as %s: %d, ETag %q: %s", path, login, res.Status, res.Header.Get("ETag"), res.Body)
	}
	return res.Header.Get("ETag")
}

func TestLoginReturnsBearerPair(t *testing.T) {
	e := handlerstest.New(t)
	res := signIn(e, "nankai", "gas1.clerk", handlerstest.Password)
	if res.Status != http.StatusOK {
		t.Fatalf("status %d: %s", res.Status, res.Body)
	}
	m := res.JSON()
	for _, k := range []string{"access_token", "refresh_token"} {
		if s, _ := m[k].(string); strings.Count(s, ".") != 2 {
			t.Errorf("%s = %v, want a JWT", k, m[k])
		}
	}
	if m["token_type"] != "Bearer" {
		t.Errorf("token_type = %v, want Bearer", m["token_type"])
	}
	if m["expires_in"] != float64(15*60) {
		t.Errorf("expires_in = %v, want 900", m["expires_in"])
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", cc)
	}
	if me := e.Do(m["access_token"].(string), http.MethodGet, mePath, nil); me.Status != http.StatusOK {
		t.Errorf("the new access token on /me: %d %s", me.Status, me.Body)
	}
}

// A failed sign-in never tells which of district, username or password was
// wrong: every failure answers the same problem.
func TestLoginFailuresAreIndistinguishable(t *testing.T) {
	e := handlerstest.New(t)
	var first map[string]any
	for _, c := range []struct{ name, tenant, username, password string }{
		{"WrongPassword", "nankai", "gas1.clerk", "not-the-password"},
		{"UnknownDistrict", "nowhere", "gas1.clerk", handlerstest.Password},
		{"UnknownUser", "nankai", "nobody", handlerstest.Password},
		{"UserOfAnotherDistrict", "hexi", "gas1.admin", handlerstest.Password},
		{"OperatorAsDistrictUser", "nankai", "platform.admin", handlerstest.Password},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := wantProblem(t, signIn(e, c.tenant, c.username, c.password), http.StatusUnauthorized, "invalid_credentials")
			delete(m, "request_id")
			if first == nil {
				first = m
			} else if !reflect.DeepEqual(m, first) {
				t.Errorf("body %v differs from the first failure's %v", m, first)
			}
		})
	}
}

// Each way an account stops is checked the same way: its access and refresh
// tokens answer 401 at once, it cannot sign in, and accounts beside it carry on.
func TestEndedAccountLosesTokensAndSignIn(t *testing.T) {
	const newPassword = "a-brand-new-password-2"
	for _, c := range []struct {
		name       string
		end        func(e *handlerstest.Env) handlerstest.Response
		ended      []string
		unaffected []string
		password   string // the password the ended accounts now have, if any
	}{
		{
			name: "UserDisabled",
			end: func(e *handlerstest.Env) handlerstest.Response {
				return e.As("nankai/bureau.admin", http.MethodPost, "/api/v1/users/"+userID(e, "nankai/gas1.clerk")+"/disable", nil)
			},
			ended:      []string{"nankai/gas1.clerk"},
			unaffected: []string{"nankai/gas1.admin", "hexi/gas1.clerk"},
		},
		{
			name: "UserDisabledByCompanyAdmin",
			end: func(e *handlerstest.Env) handlerstest.Response {
				return e.As("nankai/gas1.admin", http.MethodPost, "/api/v1/users/"+userID(e, "nankai/gas1.clerk")+"/disable", nil)
			},
			ended:      []string{"nankai/gas1.clerk"},
			unaffected: []string{"nankai/gas1.admin"},
		},
		{
			name: "OrgDisabled",
			end: func(e *handlerstest.Env) handlerstest.Response {
				return e.As("nankai/bureau.admin", http.MethodPost, "/api/v1/orgs/"+e.OrgID(gas1Org)+"/disable", nil)
			},
			ended:      []string{"nankai/gas1.admin", "nankai/gas1.clerk"},
			unaffected: []string{"nankai/gas2.clerk", "nankai/bureau.admin"},
		},
		{
			name: "PasswordChanged",
			end: func(e *handlerstest.Env) handlerstest.Response {
				path := "/api/v1/users/" + userID(e, "nankai/gas1.clerk")
				return e.As("nankai/bureau.admin", http.MethodPatch, path, map[string]string{"password": newPassword},
					"If-Match", etagOf(e, "nankai/bureau.admin", path))
			},
			ended:      []string{"nankai/gas1.clerk"},
			unaffected: []string{"nankai/gas1.admin"},
			password:   newPassword,
		},
		{
			name: "DistrictDisabled",
			end: func(e *handlerstest.Env) handlerstest.Response {
				path := "/api/v1/tenants/" + tenantID(e, "hexi")
				return e.As("/platform.admin", http.MethodPatch, path, map[string]bool{"disabled": true},
					"If-Match", etagOf(e, "/platform.admin", path))
			},
			ended:      []string{"hexi/bureau.admin", "hexi/gas1.clerk"},
			unaffected: []string{"nankai/bureau.admin", "nankai/gas1.clerk"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := handlerstest.New(t)
			refresh := map[string]string{}
			for _, l := range c.ended {
				_, refresh[l] = tokenPair(e, l)
			}
			if res := c.end(e); res.Status != http.StatusOK {
				t.Fatalf("ending the account: %d %s", res.Status, res.Body)
			}
			for _, l := range c.ended {
				wantProblem(t, e.As(l, http.MethodGet, mePath, nil), http.StatusUnauthorized, "invalid_token")
				wantProblem(t, refreshWith(e, refresh[l]), http.StatusUnauthorized, "invalid_token")
				slug, username, _ := strings.Cut(l, "/")
				wantProblem(t, signIn(e, slug, username, handlerstest.Password), http.StatusUnauthorized, "invalid_credentials")
				if c.password != "" {
					if res := signIn(e, slug, username, c.password); res.Status != http.StatusOK {
						t.Errorf("%s with the new password: %d %s", l, res.Status, res.Body)
					}
				}
			}
			for _, l := range c.unaffected {
				if res := e.As(l, http.MethodGet, mePath, nil); res.Status != http.StatusOK {
					t.Errorf("%s, not ended, on /me: %d %s", l, res.Status, res.Body)
				}
			}
		})
	}
}

// Enabling a disabled user lets it sign in again, but the tokens it held when
// it was disabled stay dead.
func TestReenabledUserSignsInAfreshOnly(t *testing.T) {
	e := handlerstest.New(t)
	users := "/api/v1/users/" + userID(e, "nankai/gas1.clerk")
	for _, act := range []string{"/disable", "/enable"} {
		if res := e.As("nankai/bureau.admin", http.MethodPost, users+act, nil); res.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", act, res.Status, res.Body)
		}
	}
	wantProblem(t, e.As("nankai/gas1.clerk", http.MethodGet, mePath, nil), http.StatusUnauthorized, "invalid_token")
	access, _ := tokenPair(e, "nankai/gas1.clerk")
	if res := e.Do(access, http.MethodGet, mePath, nil); res.Status != http.StatusOK {
		t.Errorf("a token issued after enabling: %d %s", res.Status, res.Body)
	}
}

func TestTokensExpireAfterTheirLifetime(t *testing.T) {
	e := handlerstest.New(t)
	access, refresh := tokenPair(e, "nankai/gas1.clerk")
	for _, c := range []struct {
		name    string
		later   time.Duration
		refresh bool // use the refresh token at /auth/refresh, else the access token at /me
		want    int
	}{
		{"AccessWithinFifteenMinutes200", 14 * time.Minute, false, http.StatusOK},
		{"AccessAfterFifteenMinutes401", 16 * time.Minute, false, http.StatusUnauthorized},
		{"RefreshAfterFifteenMinutes200", 16 * time.Minute, true, http.StatusOK},
		{"RefreshAfterEightDays401", 8 * 24 * time.Hour, true, http.StatusUnauthorized},
	} {
		t.Run(c.name, func(t *testing.T) {
			e.Tokens.Now = func() time.Time { return time.Now().Add(c.later) }
			defer func() { e.Tokens.Now = nil }()
			var res handlerstest.Response
			if c.refresh {
				res = refreshWith(e, refresh)
			} else {
				res = e.Do(access, http.MethodGet, mePath, nil)
			}
			if c.want != http.StatusOK {
				wantProblem(t, res, c.want, "invalid_token")
			} else if res.Status != http.StatusOK {
				t.Errorf("status %d, want 200: %s", res.Status, res.Body)
			}
		})
	}
}

// A token is good only for what it was issued for, unaltered.
func TestBadTokensAre401(t *testing.T) {
	e := handlerstest.New(t)
	access, refresh := tokenPair(e, "nankai/bureau.admin")
	// Another signature: the first character of the third part carries six
	// bits of the signature, so changing it always breaks the signature.
	parts := strings.Split(access, ".")
	sig := []byte(parts[2])
	if sig[0] == 'A' {
		sig[0] = 'B'
	} else {
		sig[0] = 'A'
	}
	forged := strings.Join([]string{parts[0], parts[1], string(sig)}, ".")
	for _, c := range []struct {
		name string
		res  func() handlerstest.Response
	}{
		{"RefreshTokenAsAccessToken", func() handlerstest.Response { return e.Do(refresh, http.MethodGet, mePath, nil) }},
		{"AccessTokenAsRefreshToken", func() handlerstest.Response { return refreshWith(e, access) }},
		{"AlteredSignature", func() handlerstest.Response { return e.Do(forged, http.MethodGet, mePath, nil) }},
		{"NotAJWT", func() handlerstest.Response { return e.Do("not-a-token", http.MethodGet, mePath, nil) }},
	} {
		t.Run(c.name, func(t *testing.T) { wantProblem(t, c.res(), http.StatusUnauthorized, "invalid_token") })
	}
}

func TestRefreshReturnsWorkingPair(t *testing.T) {
	e := handlerstest.New(t)
	_, refresh := tokenPair(e, "nankai/gas1.clerk")
	res := refreshWith(e, refresh)
	if res.Status != http.StatusOK {
		t.Fatalf("refresh: %d %s", res.Status, res.Body)
	}
	m := res.JSON()
	if m["token_type"] != "Bearer" || m["expires_in"] != float64(15*60) {
		t.Errorf("token_type %v, expires_in %v", m["token_type"], m["expires_in"])
	}
	me := e.Do(m["access_token"].(string), http.MethodGet, mePath, nil)
	if me.Status != http.StatusOK {
		t.Fatalf("the refreshed access token on /me: %d %s", me.Status, me.Body)
	}
	if u := me.JSON()["user"].(map[string]any)["username"]; u != "gas1.clerk" {
		t.Errorf("the refreshed token signs in as %v, want gas1.clerk", u)
	}
	if again := refreshWith(e, m["refresh_token"].(string)); again.Status != http.StatusOK {
		t.Errorf("the new refresh token: %d %s", again.Status, again.Body)
	}
}

// A district's bureau admin holds every role in its own district; in another
// district its token reaches nothing, and a record there answers 404 exactly
// as a missing one does, whatever the verb.
func TestOtherDistrictRecordsAre404(t *testing.T) {
	e := handlerstest.New(t)
	orgPath := "/api/v1/orgs/" + e.OrgID(gas1Org)
	userPath := "/api/v1/users/" + userID(e, "nankai/gas1.clerk")
	orgTag, userTag := etagOf(e, "nankai/bureau.admin", orgPath), etagOf(e, "nankai/bureau.admin", userPath)
	for _, c := range []struct {
		name, method, path string
		body               any
		headers            []string
	}{
		{"GetOrg", http.MethodGet, orgPath, nil, nil},
		{"GetUser", http.MethodGet, userPath, nil, nil},
		{"PatchOrg", http.MethodPatch, orgPath, map[string]string{"name": "taken over"}, []string{"If-Match", orgTag}},
		{"PatchUser", http.MethodPatch, userPath, map[string]string{"password": "taken-over-password"}, []string{"If-Match", userTag}},
		{"DisableOrg", http.MethodPost, orgPath + "/disable", nil, nil},
		{"DisableUser", http.MethodPost, userPath + "/disable", nil, nil},
		{"GetMissingOrg", http.MethodGet, "/api/v1/orgs/00000000-0000-7000-8000-000000000000", nil, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantProblem(t, e.As("hexi/bureau.admin", c.method, c.path, c.body, c.headers...), http.StatusNotFound, "not_found")
		})
	}
	// Nothing changed in nankai.
	if tag := etagOf(e, "nankai/bureau.admin", orgPath); tag != orgTag {
		t.Errorf("the nankai org's ETag moved from %s to %s", orgTag, tag)
	}
	if tag := etagOf(e, "nankai/bureau.admin", userPath); tag != userTag {
		t.Errorf("the nankai user's ETag moved from %s to %s", userTag, tag)
	}
	if res := signIn(e, "nankai", "gas1.clerk", handlerstest.Password); res.Status != http.StatusOK {
		t.Errorf("nankai/gas1.clerk signs in: %d %s", res.Status, res.Body)
	}
}

// After five wrong passwords an account is locked for a while, even against
// the right password; other accounts, including the same username in another
// district, sign in as usual.
func TestRepeatedFailuresThrottleOneAccount(t *testing.T) {
	e := handlerstest.New(t)
	for i := range 5 {
		wantProblem(t, signIn(e, "nankai", "gas1.clerk", "wrong-password-"+strconv.Itoa(i)),
			http.StatusUnauthorized, "invalid_credentials")
	}
	res := signIn(e, "nankai", "gas1.clerk", handlerstest.Password)
	wantProblem(t, res, http.StatusTooManyRequests, "too_many_attempts")
	if s, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || s < 1 {
		t.Errorf("Retry-After = %q, want whole seconds ≥ 1", res.Header.Get("Retry-After"))
	}
	for _, l := range [][2]string{{"nankai", "gas1.admin"}, {"hexi", "gas1.clerk"}} {
		if res := signIn(e, l[0], l[1], handlerstest.Password); res.Status != http.StatusOK {
			t.Errorf("%s/%s signs in: %d %s", l[0], l[1], res.Status, res.Body)
		}
	}
}

func TestOperatorSignsInWithoutDistrict(t *testing.T) {
	e := handlerstest.New(t)
	op, _ := tokenPair(e, "/platform.admin") // no district: tenant ""
	res := e.Do(op, http.MethodGet, "/api/v1/tenants", nil)
	if res.Status != http.StatusOK {
		t.Fatalf("operator lists districts: %d %s", res.Status, res.Body)
	}
	var slugs []string
	for _, it := range res.JSON()["items"].([]any) {
		slugs = append(slugs, it.(map[string]any)["slug"].(string))
	}
	for _, s := range []string{"nankai", "hexi"} {
		if !slices.Contains(slugs, s) {
			t.Errorf("districts %v lack %s", slugs, s)
		}
	}
	for _, l := range []string{"nankai/bureau.admin", "hexi/gas1.clerk"} {
		wantProblem(t, e.As(l, http.MethodGet, "/api/v1/tenants", nil), http.StatusForbidden, "forbidden")
	}
}

func TestMeListsJurisdiction(t *testing.T) {
	e := handlerstest.New(t)
	for _, c := range []struct {
		login, org string
		want       []string
	}{
		{"nankai/street.guangkai", "广开街", []string{"广开街", "广开街万德庄社区", "广开街南门外社区"}},
		{"nankai/street.xingnan", "兴南街", []string{"兴南街", "兴南街广开四马路社区", "兴南街兴南社区"}},
		{"nankai/gas1.clerk", gas1Org, nil},
	} {
		t.Run(c.login, func(t *testing.T) {
			res := e.As(c.login, http.MethodGet, mePath, nil)
			if res.Status != http.StatusOK {
				t.Fatalf("status %d: %s", res.Status, res.Body)
			}
			m := res.JSON()
			if got := m["org"].(map[string]any)["name"]; got != c.org {
				t.Errorf("org %v, want %s", got, c.org)
			}
			var got []string
			for _, o := range asSlice(m["jurisdiction"]) {
				got = append(got, o.(map[string]any)["name"].(string))
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(c.want))
			if !slices.Equal(got, want) {
				t.Errorf("jurisdiction %v, want %v", got, want)
			}
		})
	}
}

// asSlice reads an optional JSON array.
func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

// TestMeForOperator: an operator is no district's user: no org, real times.
func TestMeForOperator(t *testing.T) {
	e := handlerstest.New(t)
	me := e.As("/platform.admin", "GET", "/api/v1/me", nil).JSON()
	u, _ := me["user"].(map[string]any)
	if me["operator"] != true || u["org_id"] != nil || u["username"] != "platform.admin" ||
		strings.HasPrefix(u["created_at"].(string), "0001") {
		t.Fatalf("operator /me: %v", me)
	}
	me = e.As("nankai/gas1.clerk", "GET", "/api/v1/me", nil).JSON()
	if u, _ := me["user"].(map[string]any); u["org_id"] != e.OrgID("津燃华润燃气有限公司") {
		t.Fatalf("user /me org_id: %v", me)
	}
}

// Enabling a disabled organisation or district again lets its users sign
// in, but the tokens they held before the disable stay dead (they came back
// to life before).
func TestReenabledOrgOrDistrictSignsInAfreshOnly(t *testing.T) {
	for _, c := range []struct {
		name, login string
		toggle      func(e *handlerstest.Env, disabled bool) handlerstest.Response
	}{
		{"Org", "nankai/gas1.clerk", func(e *handlerstest.Env, disabled bool) handlerstest.Response {
			act := map[bool]string{true: "/disable", false: "/enable"}[disabled]
			return e.As("nankai/bureau.admin", http.MethodPost, "/api/v1/orgs/"+e.OrgID(gas1Org)+act, nil)
		}},
		{"District", "hexi/gas1.clerk", func(e *handlerstest.Env, disabled bool) handlerstest.Response {
			path := "/api/v1/tenants/" + tenantID(e, "hexi")
			return e.As("/platform.admin", http.MethodPatch, path, map[string]bool{"disabled": disabled},
				"If-Match", etagOf(e, "/platform.admin", path))
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := handlerstest.New(t)
			_, refresh := tokenPair(e, c.login) // held before the disable
			// iat counts whole seconds: the disable comes in the next one.
			time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second)))
			for _, disabled := range []bool{true, false} {
				if res := c.toggle(e, disabled); res.Status != http.StatusOK {
					t.Fatalf("disabled=%v: %d %s", disabled, res.Status, res.Body)
				}
			}
			wantProblem(t, e.As(c.login, http.MethodGet, mePath, nil), http.StatusUnauthorized, "invalid_token")
			res := e.Do("", http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": refresh})
			wantProblem(t, res, http.StatusUnauthorized, "invalid_token")
			access, _ := tokenPair(e, c.login)
			if res := e.Do(access, http.MethodGet, mePath, nil); res.Status != http.StatusOK {
				t.Errorf("a token issued after enabling: %d %s", res.Status, res.Body)
			}
			// Enabling what is enabled already ends nobody's tokens.
			time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second)))
			if res := c.toggle(e, false); res.Status != http.StatusOK {
				t.Fatalf("enabling again: %d %s", res.Status, res.Body)
			}
			if res := e.Do(access, http.MethodGet, mePath, nil); res.Status != http.StatusOK {
				t.Errorf("a second enable ended a token: %d %s", res.Status, res.Body)
			}
		})
	}
}

// A token issued in the same second as a disable and the enable after it
// stayed alive: iat counts whole seconds, so "issued before the enable"
// could not tell it apart from one issued after. The disable ends the
// sessions of everyone it shuts out, so nothing held before it comes back.
func TestReenabledInTheSameSecondStaysDead(t *testing.T) {
	for _, c := range []struct {
		name, login string
		toggle      func(e *handlerstest.Env, disabled bool) handlerstest.Response
	}{
		{"Org", "nankai/gas1.clerk", func(e *handlerstest.Env, disabled bool) handlerstest.Response {
			act := map[bool]string{true: "/disable", false: "/enable"}[disabled]
			return e.As("nankai/bureau.admin", http.MethodPost, "/api/v1/orgs/"+e.OrgID(gas1Org)+act, nil)
		}},
		{"District", "hexi/gas1.clerk", func(e *handlerstest.Env, disabled bool) handlerstest.Response {
			path := "/api/v1/tenants/" + tenantID(e, "hexi")
			return e.As("/platform.admin", http.MethodPatch, path, map[string]bool{"disabled": disabled},
				"If-Match", etagOf(e, "/platform.admin", path))
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := handlerstest.New(t)
			e.As("nankai/bureau.admin", http.MethodGet, mePath, nil) // signed in before the clock starts
			e.As("/platform.admin", http.MethodGet, mePath, nil)
			// Start just after a second begins, so the sign-in, the disable
			// and the enable share one second.
			time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 20*time.Millisecond)))
			access, refresh := tokenPair(e, c.login)
			for _, disabled := range []bool{true, false} {
				if res := c.toggle(e, disabled); res.Status != http.StatusOK {
					t.Fatalf("disabled=%v: %d %s", disabled, res.Status, res.Body)
				}
			}
			wantProblem(t, e.Do(access, http.MethodGet, mePath, nil), http.StatusUnauthorized, "invalid_token")
			res := e.Do("", http.MethodPost, "/api/v1/auth/refresh", map[string]string{"refresh_token": refresh})
			wantProblem(t, res, http.StatusUnauthorized, "invalid_token")
		})
	}
}

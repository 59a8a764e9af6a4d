package handlers_test

import (
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/hearthsafety/hearth/handlers/handlerstest"
)

const logoutPath = "/api/v1/auth/logout"

// TestRefreshRotates: a refresh token buys one new pair and is spent; the
// new refresh token buys the next; the access tokens of the session go on
// working.
func TestRefreshRotates(t *testing.T) {
	e := handlerstest.New(t)
	access, refresh := tokenPair(e, "nankai/gas1.clerk")
	res := refreshWith(e, refresh)
	if res.Status != http.StatusOK {
		t.Fatalf("refresh: %d %s", res.Status, res.Body)
	}
	next := res.JSON()["refresh_token"].(string)
	if next == refresh {
		t.Fatal("the refresh answered the same refresh token: it must rotate")
	}
	if res := refreshWith(e, next); res.Status != http.StatusOK {
		t.Fatalf("refresh with the new token: %d %s", res.Status, res.Body)
	}
	if me := e.Do(access, http.MethodGet, mePath, nil); me.Status != http.StatusOK {
		t.Errorf("the first access token after two refreshes: %d, want 200", me.Status)
	}
}

// TestRefreshReuseEndsSession: presenting a spent refresh token (a thief's
// copy, or the owner's after a thief) ends the whole session: the spent
// token, the one that replaced it and every access token of the session.
// Another session of the same account is untouched.
func TestRefreshReuseEndsSession(t *testing.T) {
	e := handlerstest.New(t)
	access, refresh := tokenPair(e, "nankai/gas1.clerk")
	otherAccess, _ := tokenPair(e, "nankai/gas1.clerk")
	res := refreshWith(e, refresh)
	if res.Status != http.StatusOK {
		t.Fatalf("refresh: %d %s", res.Status, res.Body)
	}
	m := res.JSON()
	newAccess, newRefresh := m["access_token"].(string), m["refresh_token"].(string)

	res = refreshWith(e, refresh)
	if res.Status != http.StatusUnauthorized || res.JSON()["code"] != "refresh_reused" {
		t.Fatalf("reusing a spent refresh token: %d %s; want 401 refresh_reused", res.Status, res.Body)
	}
	if res := refreshWith(e, newRefresh); res.Status != http.StatusUnauthorized {
		t.Errorf("the refresh token that replaced the reused one: %d, want 401", res.Status)
	}
	for name, tok := range map[string]string{"first": access, "rotated": newAccess} {
		if me := e.Do(tok, http.MethodGet, mePath, nil); me.Status != http.StatusUnauthorized {
			t.Errorf("the %s access token of the ended session: %d, want 401", name, me.Status)
		}
	}
	if me := e.Do(otherAccess, http.MethodGet, mePath, nil); me.Status != http.StatusOK {
		t.Errorf("another session of the account: %d, want 200", me.Status)
	}
}

// TestRefreshRace: fifty parallel refreshes with one token: at most one
// succeeds, and then the session ends (the others are reuse).
func TestRefreshRace(t *testing.T) {
	e := handlerstest.New(t)
	_, refresh := tokenPair(e, "nankai/gas1.clerk")
	const n = 50
	status := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { status[i] = refreshWith(e, refresh).Status })
	}
	wg.Wait()
	ok := 0
	for _, s := range status {
		switch s {
		case http.StatusOK:
			ok++
		case http.StatusUnauthorized:
		default:
			t.Errorf("a parallel refresh answered %d", s)
		}
	}
	if ok > 1 {
		t.Errorf("%d of %d parallel refreshes with one token succeeded; at most one may", ok, n)
	}
}

// TestLogoutEndsSession: signing out ends the refresh token and the access
// tokens of that session at once; signing out twice is no error.
func TestLogoutEndsSession(t *testing.T) {
	e := handlerstest.New(t)
	access, refresh := tokenPair(e, "nankai/street.guangkai")
	body := map[string]string{"refresh_token": refresh}
	if res := e.Do("", http.MethodPost, logoutPath, body); res.Status != http.StatusNoContent {
		t.Fatalf("logout: %d %s", res.Status, res.Body)
	}
	if me := e.Do(access, http.MethodGet, mePath, nil); me.Status != http.StatusUnauthorized {
		t.Errorf("access token after logout: %d, want 401", me.Status)
	}
	if res := refreshWith(e, refresh); res.Status != http.StatusUnauthorized {
		t.Errorf("refresh after logout: %d, want 401", res.Status)
	}
	if res := e.Do("", http.MethodPost, logoutPath, body); res.Status != http.StatusNoContent {
		t.Errorf("second logout: %d, want 204", res.Status)
	}
	if res := e.Do("", http.MethodPost, logoutPath, map[string]string{"refresh_token": "x.y.z"}); res.Status != http.StatusUnauthorized {
		t.Errorf("logout with a forged token: %d, want 401", res.Status)
	}
}

// TestChangeOwnPassword: a user changes their own password with the
// current one; every session ends; the new password signs in, the old does
// not. A wrong current password or a weak new one changes nothing.
func TestChangeOwnPassword(t *testing.T) {
	e := handlerstest.New(t)
	access, refresh := tokenPair(e, "nankai/gas1.clerk")
	const path = "/api/v1/me/password"
	for _, c := range []struct {
		name  string
		body  map[string]string
		field string
	}{
		{"WrongCurrent", map[string]string{"current_password": "wrong-password", "new_password": "new-password-123"}, "current_password"},
		{"WeakNew", map[string]string{"current_password": handlerstest.Password, "new_password": "short"}, "new_password"},
		{"Same", map[string]string{"current_password": handlerstest.Password, "new_password": handlerstest.Password}, "new_password"},
	} {
		res := e.Do(access, http.MethodPost, path, c.body)
		if res.Status != http.StatusUnprocessableEntity || !slices.Contains(problemFields(res.JSON()), c.field) {
			t.Errorf("%s: %d %s; want 422 naming %s", c.name, res.Status, res.Body, c.field)
		}
	}
	res := e.Do(access, http.MethodPost, path, map[string]string{"current_password": handlerstest.Password, "new_password": "new-password-123"})
	if res.Status != http.StatusNoContent {
		t.Fatalf("change: %d %s", res.Status, res.Body)
	}
	if me := e.Do(access, http.MethodGet, mePath, nil); me.Status != http.StatusUnauthorized {
		t.Errorf("the old access token after a password change: %d, want 401", me.Status)
	}
	if res := refreshWith(e, refresh); res.Status != http.StatusUnauthorized {
		t.Errorf("the old refresh token after a password change: %d, want 401", res.Status)
	}
	if res := signIn(e, "nankai", "gas1.clerk", handlerstest.Password); res.Status != http.StatusUnauthorized {
		t.Errorf("sign-in with the old password: %d, want 401", res.Status)
	}
	if res := signIn(e, "nankai", "gas1.clerk", "new-password-123"); res.Status != http.StatusOK {
		t.Errorf("sign-in with the new password: %d, want 200", res.Status)
	}
}

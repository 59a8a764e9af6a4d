package main

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// TestHelp: `hearth -h` and `hearth help` list every command, one line
// each, then the settings; a help line never swallows words as a flag's
// argument name (the flag package takes `backquoted` words for one).
func TestHelp(t *testing.T) {
	getenv := testEnv(t, map[string]string{"HEARTH_DATABASE_URL": "postgres://hearth:s3cret@db.internal/hearth"})
	ctx := context.Background()
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}} {
		var out syncBuffer
		if err := run(ctx, args, std(&out), getenv); err != nil {
			t.Fatalf("hearth %s: %v", strings.Join(args, " "), err)
		}
		h := out.String()
		commandsAt, settingsAt := strings.Index(h, "Commands:"), strings.Index(h, "Settings")
		if commandsAt < 0 || settingsAt < commandsAt {
			t.Fatalf("hearth %s: no commands before the settings:\n%s", strings.Join(args, " "), h)
		}
		for _, c := range commands {
			line := regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(c.name) + ` +` + regexp.QuoteMeta(c.summary) + `$`)
			if !line.MatchString(h[commandsAt:settingsAt]) {
				t.Errorf("hearth %s: no line for %q:\n%s", strings.Join(args, " "), c.name, h[commandsAt:settingsAt])
			}
		}
		for _, want := range []string{"user set-password", "version", "-addr string", "(env HEARTH_ADDR)", "-worker string"} {
			if !strings.Contains(h, want) {
				t.Errorf("hearth %s lacks %q", strings.Join(args, " "), want)
			}
		}
		if bad := regexp.MustCompile(`(?m)^  -\S+ hearth`).FindString(h); bad != "" {
			t.Errorf("a flag's help renders as %q", bad)
		}
		if strings.Contains(h, "s3cret") {
			t.Errorf("the help shows a secret of the environment as a default")
		}
	}
}

// TestCommandHelp: a command's help shows its usage and its own flags.
func TestCommandHelp(t *testing.T) {
	getenv := testEnv(t, nil)
	ctx := context.Background()
	for _, args := range [][]string{{"user", "set-password", "-h"}, {"help", "user", "set-password"}} {
		var out syncBuffer
		if err := run(ctx, args, std(&out), getenv); err != nil {
			t.Fatalf("hearth %s: %v", strings.Join(args, " "), err)
		}
		h := out.String()
		for _, want := range []string{"hearth user set-password --tenant T --username U", "Flags:", "-tenant string", "-username string", "Settings"} {
			if !strings.Contains(h, want) {
				t.Errorf("hearth %s lacks %q:\n%s", strings.Join(args, " "), want, h)
			}
		}
	}
	var out syncBuffer
	for args, want := range map[string]string{
		"help bogus":         `unknown command "bogus"`,
		"tenant":             "tenant: say which: hearth tenant create",
		"migrate now":        `migrate takes no argument "now"`,
		"seed --demo --pw x": "flag provided but not defined: -pw (hearth help seed lists its flags)",
	} {
		err := run(ctx, strings.Fields(args), std(&out), getenv)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("hearth %s: %v, want %q", args, err, want)
		}
	}
}

func TestVersion(t *testing.T) {
	var out syncBuffer
	if err := run(context.Background(), []string{"version"}, std(&out), testEnv(t, nil)); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "hearth ") || !strings.Contains(out.String(), "built with "+runtime.Version()) {
		t.Fatalf("hearth version:\n%s", out.String())
	}
	stamped := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-05-01T10:00:00Z"},
		{Key: "vcs.modified", Value: "true"}}}
	for _, c := range []struct {
		name, set  string
		bi         *debug.BuildInfo
		ok         bool
		want, goes string
	}{
		{"Stamped", "", stamped, true, "v1.4.0 (revision 0123456789ab, 2026-05-01T10:00:00Z, modified)", "go1.26.8"},
		{"SetAtBuild", "v2.0.0", stamped, true, "v2.0.0 (revision 0123456789ab, 2026-05-01T10:00:00Z, modified)", "go1.26.8"},
		{"DevelNoVCS", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true, "dev", runtime.Version()},
		{"NoBuildInfo", "", nil, false, "dev", runtime.Version()},
	} {
		if v, g := describeBuild(c.set, c.bi, c.ok); v != c.want || g != c.goes {
			t.Errorf("%s: %q %q, want %q %q", c.name, v, g, c.want, c.goes)
		}
	}
}

// TestUserSetPassword: `hearth user set-password` reads the password from
// standard input (or asks twice at a terminal), holds it to the API's rules,
// and the user signs in with the new password only, its old tokens dead.
func TestUserSetPassword(t *testing.T) {
	getenv := testEnv(t, nil)
	ctx := context.Background()
	base, _, _ := start(t, getenv)
	login := func(pw string) (int, string) {
		code, m := call(t, "POST", base+"/api/v1/auth/login", "", map[string]string{"tenant": "nankai", "username": "gas1.clerk", "password": pw})
		tok, _ := m["access_token"].(string)
		return code, tok
	}
	_, old := login("e2e-password-1")
	if old == "" {
		t.Fatal("the demo login does not sign in")
	}
	setPW := func(in string, secret func(context.Context, string) (string, error), args ...string) (string, error) {
		var out syncBuffer
		std := stdio{in: strings.NewReader(in), out: &out, err: &out, secret: secret}
		err := run(ctx, append([]string{"user", "set-password"}, args...), std, getenv)
		return out.String(), err
	}
	clerk := []string{"--tenant", "nankai", "--username", "gas1.clerk"}

	// Refused: nothing changes.
	for _, c := range []struct {
		name, in string
		args     []string
		want     string
	}{
		{"Short", "short\n", clerk, "password must be at least 10 characters"},
		{"Empty", "", clerk, "no password on standard input"},
		{"UnknownDistrict", "fresh-password-1\n", []string{"--tenant", "heping", "--username", "gas1.clerk"}, `没有标识为 "heping" 的区 (no district has the slug "heping")`},
		{"UnknownUser", "fresh-password-1\n", []string{"--tenant", "nankai", "--username", "gas9.clerk"}, `没有用户名为 "gas9.clerk" 的用户 (district nankai has no user "gas9.clerk")`},
		{"NoUsername", "fresh-password-1\n", []string{"--tenant", "nankai"}, "say whose"},
	} {
		if out, err := setPW(c.in, nil, c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q\n%s", c.name, err, c.want, out)
		}
	}
	differ := func(_ context.Context, prompt string) (string, error) {
		if strings.Contains(prompt, "Again") {
			return "other-password-1", nil
		}
		return "fresh-password-1", nil
	}
	if _, err := setPW("", differ, clerk...); err == nil || !strings.Contains(err.Error(), "the two entries differ") {
		t.Errorf("two different entries: %v", err)
	}
	interrupted := func(context.Context, string) (string, error) { return "", context.Canceled }
	if _, err := setPW("", interrupted, clerk...); !errors.Is(err, context.Canceled) {
		t.Errorf("an interrupted prompt: %v", err)
	}
	if code, _ := login("e2e-password-1"); code != http.StatusOK {
		t.Fatalf("a refused change changed the password: sign-in %d", code)
	}

	// From a pipe, the line end dropped.
	if out, err := setPW("fresh-password-1\r\n", nil, clerk...); err != nil || !strings.Contains(out, "nankai/gas1.clerk has a new password") {
		t.Fatalf("%v\n%s", err, out)
	}
	if code, _ := login("e2e-password-1"); code != http.StatusUnauthorized {
		t.Errorf("the old password signs in: %d", code)
	}
	if code, _ := login("fresh-password-1"); code != http.StatusOK {
		t.Errorf("the new password does not sign in: %d", code)
	}
	if code, _ := call(t, "GET", base+"/api/v1/me", old, nil); code != http.StatusUnauthorized {
		t.Errorf("a token issued before the change still works: %d", code)
	}

	// At a terminal: asked twice, the same.
	var prompts []string
	same := func(_ context.Context, prompt string) (string, error) {
		prompts = append(prompts, prompt)
		return "second-password-1", nil
	}
	if _, err := setPW("ignored\n", same, clerk...); err != nil || len(prompts) != 2 {
		t.Fatalf("%v after prompts %q", err, prompts)
	}
	if code, _ := login("second-password-1"); code != http.StatusOK {
		t.Errorf("the password typed twice does not sign in: %d", code)
	}
}

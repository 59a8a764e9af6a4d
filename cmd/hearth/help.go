package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// version is hearth's version when the build sets it
// (-ldflags "-X main.version=v1.2.0"); empty: what the Go toolchain stamped
// into the binary (the module version, the VCS revision), else "dev".
var version string

// versionText is what `hearth version` prints.
func versionText() string {
	bi, ok := debug.ReadBuildInfo()
	v, goVersion := describeBuild(version, bi, ok)
	return fmt.Sprintf("hearth %s\nbuilt with %s %s/%s\n", v, goVersion, runtime.GOOS, runtime.GOARCH)
}

// buildVersion is the version the start of the log names.
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	v, _ := describeBuild(version, bi, ok)
	return v
}

// describeBuild says which hearth this is: the version set at build time,
// else the module's (a `go install …@v1.2.0`), else "dev"; the VCS revision
// and time when the build recorded them (and "modified" for uncommitted
// changes); and the Go it was built with.
func describeBuild(set string, bi *debug.BuildInfo, ok bool) (v, goVersion string) {
	v, goVersion = set, runtime.Version()
	var vcs []string
	if ok {
		if v == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		if bi.GoVersion != "" {
			goVersion = bi.GoVersion
		}
		var rev, at, modified string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				at = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					modified = "modified"
				}
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" {
			rev = "revision " + rev
		}
		for _, s := range []string{rev, at, modified} {
			if s != "" {
				vcs = append(vcs, s)
			}
		}
	}
	if v == "" {
		v = "dev"
	}
	if len(vcs) > 0 {
		v += " (" + strings.Join(vcs, ", ") + ")"
	}
	return v, goVersion
}

// help is `hearth help [COMMAND]`: the overview, or `hearth COMMAND -h`.
func help(ctx context.Context, w io.Writer, args []string) error {
	if len(args) == 0 {
		args = []string{"-h"}
	} else {
		args = append(args, "-h")
	}
	return run(ctx, args, stdio{out: w, err: io.Discard}, func(string) string { return "" })
}

// writeHelp is `hearth -h`: what hearth is, its commands one a line, then
// the settings every command reads.
func writeHelp(w io.Writer, settings *flag.FlagSet) {
	fmt.Fprint(w, `hearth: the Hearth API (gas and heating safety supervision for a district) and its maintenance tasks.

Usage:
  hearth [COMMAND] [FLAGS]

Commands:
`)
	width := 0
	for _, c := range commands {
		width = max(width, len(c.name))
	}
	for _, c := range commands {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.name, c.summary)
	}
	fmt.Fprint(w, `
hearth help COMMAND (or hearth COMMAND -h) shows a command's own flags.

Settings, read by every command: each flag has an environment variable twin (the flag wins):
`)
	settings.SetOutput(w)
	settings.PrintDefaults()
}

// writeCommandHelp is `hearth COMMAND -h`: its usage, its own flags, and
// the settings.
func writeCommandHelp(w io.Writer, c command, own, settings *flag.FlagSet) {
	fmt.Fprintf(w, "Usage:\n  hearth %s\n\n%s.\n", strings.TrimSpace(c.name+" "+c.args), upperFirst(c.summary))
	if hasFlags(own) {
		fmt.Fprint(w, "\nFlags:\n")
		own.SetOutput(w)
		own.PrintDefaults()
	}
	fmt.Fprint(w, "\nSettings (each flag has an environment variable twin; the flag wins):\n")
	settings.SetOutput(w)
	settings.PrintDefaults()
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Command hearth runs the Hearth API and its maintenance tasks. `hearth -h`
// (or `hearth help`) lists the commands, one line each, and the settings;
// `hearth help COMMAND` shows one command's flags. The commands are the
// table below.
//
// Every setting is an environment variable with a flag twin, read by every
// command (they all open the same database).
//
// Standard output carries what a command is for: a server's JSON log
// (serve, worker), a one-shot command's result (the logins seed prints, the
// id tenant create gives). Standard error carries the rest: the log of a
// one-shot command, the demo logins a server's first start prints once, the
// password prompt.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"golang.org/x/term"

	"github.com/hearthsafety/hearth/services/accounts"
	"github.com/hearthsafety/hearth/services/seed"
)

// command is one of hearth's commands as its help shows it.
type command struct {
	name    string // "serve", "tenant create"
	args    string // what follows the name in its usage line
	summary string // one line
}

// commands are hearth's commands, in the order `hearth -h` lists them.
var commands = []command{
	{"serve", "", "serve the API (the default), with the reminder workers unless -worker=false"},
	{"worker", "", "the reminder relay and workers alone, beside servers run with -worker=false"},
	{"migrate", "", "apply pending migrations and stop"},
	{"seed", "--demo [--password P] | --bench --hazards N [--premises N [--alarm-devices N]] [--districts 20] [--password P]",
		"seed the demo districts, or synthetic load data for the benchmarks"},
	{"tenant create", "--slug S --name N --admin-password P [--admin-username U] [--timezone Z]",
		"provision a district with its bureau and first admin"},
	{"operator create", "--username U --password P", "add a platform operator"},
	{"operator password", "--username U --password P", "give an operator a new password; its sessions end"},
	{"user set-password", "--tenant T --username U",
		"give a district user a new password (stdin, or asked twice); its sessions end"},
	{"audit verify", "[--tenant S]", "verify the audit hash chains (all districts, or one) against their signed checkpoints"},
	{"audit checkpoint", "[--tenant S]", "sign a checkpoint of each district's audit chain head, kept under the data dir"},
	{"backup", "--out FILE", "write a backup (.tar.gz): the database (SQLite: an online copy; PostgreSQL: pg_dump), checkpoints and files, not the keys"},
	{"restore", "--in FILE", "restore a backup into an empty data dir (and an empty PostgreSQL database), under its audit key"},
	{"calendar show", "YEAR", "a year of the working-day calendar as Hearth counts it"},
	{"calendar load", "FILE", "load a year from the State Council's notice (JSON, as services/calendar/years/2026.json)"},
	{"version", "", "hearth's version and the Go it was built with"},
	{"help", "[COMMAND]", "this help, or one command's flags"},
}

func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// stdio are a command's standard files.
type stdio struct {
	in  io.Reader
	out io.Writer // what the command is for: a server's JSON log, a command's result
	err io.Writer // the rest: a one-shot command's log, a first start's banner, prompts
	// secret reads a line from the terminal without echoing it, after
	// printing prompt; nil when standard input is not a terminal.
	secret func(ctx context.Context, prompt string) (string, error)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	std := stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr}
	if fd := int(os.Stdin.Fd()); term.IsTerminal(fd) {
		std.secret = func(ctx context.Context, prompt string) (string, error) { return readSecret(ctx, fd, prompt) }
	}
	if err := run(ctx, os.Args[1:], std, getenv); err != nil {
		fmt.Fprintln(os.Stderr, "hearth:", err)
		os.Exit(1)
	}
}

// readSecret reads a line from the terminal fd without echo. Interrupted
// (Ctrl-C reaches ctx, not the process), it puts the terminal back as it
// was and gives up.
func readSecret(ctx context.Context, fd int, prompt string) (string, error) {
	state, err := term.GetState(fd)
	if err != nil {
		return "", err
	}
	fmt.Fprint(os.Stderr, prompt)
	type line struct {
		b   []byte
		err error
	}
	got := make(chan line, 1)
	go func() {
		b, err := term.ReadPassword(fd)
		got <- line{b, err}
	}()
	defer fmt.Fprintln(os.Stderr)
	select {
	case l := <-got:
		return string(l.b), l.err
	case <-ctx.Done():
		term.Restore(fd, state)
		return "", ctx.Err()
	}
}

// run parses a command line and runs it until ctx ends.
func run(ctx context.Context, args []string, std stdio, getenv func(string) string) error {
	name, given := "serve", false
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		name, args, given = args[0], args[1:], true
		if len(args) > 0 {
			if _, ok := lookup(name + " " + args[0]); ok {
				name, args = name+" "+args[0], args[1:]
			}
		}
	}
	cmd, ok := lookup(name)
	if !ok {
		var sub []string
		for _, c := range commands {
			if strings.HasPrefix(c.name, name+" ") {
				sub = append(sub, "hearth "+c.name)
			}
		}
		if len(sub) > 0 {
			return fmt.Errorf("%s: say which: %s", name, strings.Join(sub, ", "))
		}
		return fmt.Errorf("unknown command %q; hearth -h lists the commands (%s)", name, commandNames())
	}

	// The command's own flags, then the settings: two sets, so that help
	// shows them apart; parsed as one.
	own := flag.NewFlagSet("hearth "+cmd.name, flag.ContinueOnError)
	var (
		demo                                                       bool
		password, slug, districtName, tz, adminUser, adminPassword string
		username                                                   string
		archive                                                    string
		bench                                                      seed.BenchOptions
		benchOn                                                    bool
	)
	switch cmd.name {
	case "seed":
		own.BoolVar(&demo, "demo", false, "seed the demo districts")
		own.StringVar(&password, "password", "", "password of every demo (or bench) login (default: random, printed once)")
		own.BoolVar(&benchOn, "bench", false, "generate synthetic load data for the list benchmarks: districts bench01…, "+
			"their organisations and logins, and --hazards hazards written in bulk (COPY on PostgreSQL), "+
			"bypassing the audit hook: load data, not a ledger; never on a production database")
		own.IntVar(&bench.Hazards, "hazards", 0, "with --bench: how many hazards, spread evenly over the districts")
		own.IntVar(&bench.Districts, "districts", 20, "with --bench: how many districts (bench01…)")
		own.IntVar(&bench.Premises, "premises", 0, "with --bench: how many gas users (premises) in bench01, with an alarm campaign and its targets")
		own.IntVar(&bench.AlarmDevices, "alarm-devices", 0, "with --bench --premises: how many of them have an alarm (default 80%)")
	case "tenant create":
		own.StringVar(&slug, "slug", "", "district slug, used at sign-in (e.g. nankai)")
		own.StringVar(&districtName, "name", "", "district name (e.g. 南开区)")
		own.StringVar(&tz, "timezone", "", "district time zone, an IANA name (default Asia/Shanghai)")
		own.StringVar(&adminUser, "admin-username", accounts.DefaultAdminUsername, "username of the first bureau admin")
		own.StringVar(&adminPassword, "admin-password", "", "password of the first bureau admin")
	case "operator create", "operator password":
		own.StringVar(&username, "username", "", "operator username")
		own.StringVar(&password, "password", "", "operator password (10+ characters)")
	case "user set-password":
		own.StringVar(&slug, "tenant", "", "the user's district slug (e.g. nankai)")
		own.StringVar(&username, "username", "", "the user's username (e.g. bureau.admin)")
	case "audit verify", "audit checkpoint":
		own.StringVar(&slug, "tenant", "", "district slug (default: every district)")
	case "backup":
		own.StringVar(&archive, "out", "", "the backup file to write (.tar.gz)")
	case "restore":
		own.StringVar(&archive, "in", "", "the backup file to restore (made by hearth backup)")
	}
	var cfg Config
	settings := flag.NewFlagSet("settings", flag.ContinueOnError)
	if err := cfg.register(settings, getenv); err != nil {
		return err
	}
	fs := flag.NewFlagSet("hearth "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // help and errors are ours to print
	fs.Usage = func() {}
	for _, set := range []*flag.FlagSet{own, settings} {
		set.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, f.Name, f.Usage) })
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			// The defaults shown are the built-in ones: the environment's
			// may hold secrets (a database URL with its password).
			var shown Config
			settings = flag.NewFlagSet("settings", flag.ContinueOnError)
			if err := shown.register(settings, func(string) string { return "" }); err != nil {
				return err
			}
			if given {
				writeCommandHelp(std.out, cmd, own, settings)
			} else {
				writeHelp(std.out, settings)
			}
			return nil
		}
		return fmt.Errorf("%s: %w (hearth help %s lists its flags)", cmd.name, err, cmd.name)
	}
	switch cmd.name {
	case "help":
		return help(ctx, std.out, fs.Args())
	case "calendar load", "calendar show": // calendarCommand checks its argument
	default:
		if fs.NArg() > 0 {
			return fmt.Errorf("%s takes no argument %q; usage: hearth %s", cmd.name, fs.Arg(0), strings.TrimSpace(cmd.name+" "+cmd.args))
		}
	}

	switch cmd.name {
	case "version":
		fmt.Fprint(std.out, versionText())
		return nil
	case "serve":
		return serve(ctx, cfg, std)
	case "worker":
		return work(ctx, cfg, std.out)
	// Neither opens what Open does: backup copies the database as it is,
	// and restore must not migrate it or make a key before it is there.
	case "backup":
		return backup(ctx, cfg, archive, std.out)
	case "restore":
		return restore(ctx, cfg, archive, std.out)
	}
	var newPW string
	if cmd.name == "user set-password" {
		if slug == "" || username == "" {
			return errors.New("user set-password: say whose: hearth user set-password --tenant T --username U")
		}
		var err error
		if newPW, err = newPassword(ctx, std); err != nil {
			return fmt.Errorf("user set-password: %w", err)
		}
	}
	// A one-shot command logs to standard error: its output is its result.
	m, err := Open(ctx, cfg, std.err)
	if err != nil {
		return err
	}
	defer m.Close()
	m.stdout = std.out
	switch cmd.name {
	case "migrate":
		return nil // Open applied the migrations
	case "seed":
		switch {
		case benchOn && demo:
			return errors.New("seed: --demo or --bench, not both")
		case benchOn:
			bench.Password = password
			return m.SeedBench(ctx, bench)
		case !demo:
			return errors.New("seed: say --demo to seed the demo districts, or --bench --hazards N for load data")
		}
		return m.SeedDemo(ctx, password, std.out)
	// The command line acts with no viewer: the accounts service lets it
	// provision and add operators, and holds it to the API's rules.
	case "tenant create":
		d, err := m.Accounts().Provision(ctx, accounts.NewDistrict{
			Slug: slug, Name: districtName, Timezone: tz, AdminUsername: adminUser, AdminPassword: adminPassword})
		if err != nil {
			return fmt.Errorf("tenant create: %w", err)
		}
		fmt.Fprintf(std.out, "district %s (%s) created: id %s, bureau admin %q\n", d.Tenant.Slug, d.Tenant.Name, d.Tenant.ID, d.Admin.Username)
		return nil
	case "operator create":
		op, err := m.Accounts().CreateOperator(ctx, accounts.NewOperator{Username: username, Password: password})
		if err != nil {
			return fmt.Errorf("operator create: %w", err)
		}
		fmt.Fprintf(std.out, "operator %q created: id %s (sign in with an empty tenant)\n", op.Username, op.ID)
		return nil
	case "operator password":
		op, err := m.Accounts().SetOperatorPassword(ctx, accounts.OperatorPassword{Username: username, Password: password})
		if err != nil {
			return fmt.Errorf("operator password: %w", err)
		}
		fmt.Fprintf(std.out, "operator %q has a new password; its sessions have ended\n", op.Username)
		return nil
	case "user set-password":
		return m.SetUserPassword(ctx, accounts.UserPassword{Tenant: slug, Username: username, Password: newPW})
	case "calendar load", "calendar show":
		return m.calendarCommand(ctx, cmd.name, fs.Args())
	case "audit verify":
		return m.VerifyAudit(ctx, slug, std.out)
	case "audit checkpoint":
		return m.CheckpointAudit(ctx, slug, std.out)
	}
	return nil
}

func commandNames() string {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

func newFlagSet() *flag.FlagSet { return flag.NewFlagSet("hearth", flag.ContinueOnError) }

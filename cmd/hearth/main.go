// Command hearth runs the Hearth API and its maintenance tasks:
//
//	hearth [serve]                 serve the API (the default), with the reminder workers
//	hearth worker                  run the reminder workers alone
//	hearth migrate                 apply pending migrations
//	hearth seed --demo [--password P]
//	hearth seed --bench --hazards N [--districts 20] [--password P]
//	hearth tenant create --slug S --name N --admin-password P [--admin-username U] [--timezone Z]
//	hearth operator create --username U --password P
//	hearth operator password --username U --password P
//	hearth audit verify --tenant S
//	hearth calendar load FILE      load a year's holidays and make-up workdays (JSON, as services/calendar/years/2026.json)
//	hearth calendar show YEAR      the year as Hearth counts it
//
// Every setting is an environment variable with a flag twin; `hearth -h`
// lists them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services/accounts"
	"github.com/hearthsafety/hearth/services/seed"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, getenv); err != nil {
		fmt.Fprintln(os.Stderr, "hearth:", err)
		os.Exit(1)
	}
}

// run parses a command line and runs it until ctx ends.
func run(ctx context.Context, args []string, stdout io.Writer, getenv func(string) string) error {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
		if (cmd == "tenant" || cmd == "operator" || cmd == "audit" || cmd == "calendar") && len(args) > 0 {
			cmd, args = cmd+" "+args[0], args[1:]
		}
	}
	fs := newFlagSet()
	fs.Init("hearth "+cmd, flag.ContinueOnError)
	fs.SetOutput(stdout)
	var cfg Config
	if err := cfg.register(fs, getenv); err != nil {
		return err
	}
	var (
		demo                                               bool
		password, slug, name, tz, adminUser, adminPassword string
		username                                           string
		bench                                              seed.BenchOptions
		benchOn                                            bool
	)
	switch cmd {
	case "serve", "migrate", "worker":
	case "seed":
		fs.BoolVar(&demo, "demo", false, "seed the demo districts")
		fs.StringVar(&password, "password", "", "password of every demo (or bench) login (default: random, printed once)")
		fs.BoolVar(&benchOn, "bench", false, "generate synthetic load data for the list benchmarks: districts bench01…, "+
			"their organisations and logins, and --hazards hazards written in bulk (COPY on PostgreSQL), "+
			"bypassing the audit hook: load data, not a ledger; never on a production database")
		fs.IntVar(&bench.Hazards, "hazards", 0, "with --bench: how many hazards, spread evenly over the districts")
		fs.IntVar(&bench.Districts, "districts", 20, "with --bench: how many districts (bench01…)")
	case "tenant create":
		fs.StringVar(&slug, "slug", "", "district slug, used at sign-in (e.g. nankai)")
		fs.StringVar(&name, "name", "", "district name (e.g. 南开区)")
		fs.StringVar(&tz, "timezone", "", "district time zone, an IANA name (default Asia/Shanghai)")
		fs.StringVar(&adminUser, "admin-username", accounts.DefaultAdminUsername, "username of the first bureau admin")
		fs.StringVar(&adminPassword, "admin-password", "", "password of the first bureau admin")
	case "operator create", "operator password":
		fs.StringVar(&username, "username", "", "operator username")
		fs.StringVar(&password, "password", "", "operator password (10+ characters)")
	case "audit verify":
		fs.StringVar(&slug, "tenant", "", "district slug")
	case "calendar load", "calendar show":
	default:
		return fmt.Errorf("unknown command %q (serve, worker, migrate, seed, tenant create, operator create, operator password, audit verify, calendar load, calendar show)", cmd)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	switch cmd {
	case "serve":
		return serve(ctx, cfg, stdout)
	case "worker":
		return work(ctx, cfg, stdout)
	}
	m, err := Open(ctx, cfg, stdout)
	if err != nil {
		return err
	}
	defer m.Close()
	switch cmd {
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
		return m.SeedDemo(ctx, password)
	// The command line acts with no viewer: the accounts service lets it
	// provision and add operators, and holds it to the API's rules.
	case "tenant create":
		d, err := m.Accounts().Provision(ctx, accounts.NewDistrict{
			Slug: slug, Name: name, Timezone: tz, AdminUsername: adminUser, AdminPassword: adminPassword})
		if err != nil {
			return fmt.Errorf("tenant create: %w", err)
		}
		fmt.Fprintf(stdout, "district %s (%s) created: id %s, bureau admin %q\n", d.Tenant.Slug, d.Tenant.Name, d.Tenant.ID, d.Admin.Username)
		return nil
	case "operator create":
		op, err := m.Accounts().CreateOperator(ctx, accounts.NewOperator{Username: username, Password: password})
		if err != nil {
			return fmt.Errorf("operator create: %w", err)
		}
		fmt.Fprintf(stdout, "operator %q created: id %s (sign in with an empty tenant)\n", op.Username, op.ID)
		return nil
	case "operator password":
		op, err := m.Accounts().SetOperatorPassword(ctx, accounts.OperatorPassword{Username: username, Password: password})
		if err != nil {
			return fmt.Errorf("operator password: %w", err)
		}
		fmt.Fprintf(stdout, "operator %q has a new password; its sessions have ended\n", op.Username)
		return nil
	case "calendar load", "calendar show":
		return m.calendarCommand(ctx, cmd, fs.Args())
	case "audit verify":
		t, err := m.DB.Client.Tenant.Query().Where(tenant.Slug(slug)).Only(policy.System(ctx)) // the CLI acts for the operator
		if err != nil {
			return fmt.Errorf("audit verify: district %q: %w", slug, err)
		}
		rep, err := audit.Verify(ctx, m.DB.Client, t.ID)
		if err != nil {
			return err
		}
		if !rep.OK {
			fmt.Fprintf(stdout, "district %s: audit chain BROKEN at entry %d (%s); %d entries verified before it\n",
				slug, rep.Broken.Seq, rep.Broken.Reason, rep.Entries)
			return errors.New("audit verify: chain broken")
		}
		fmt.Fprintf(stdout, "district %s: audit chain intact, %d entries\n", slug, rep.Entries)
		return nil
	}
	return nil
}

func newFlagSet() *flag.FlagSet { return flag.NewFlagSet("hearth", flag.ContinueOnError) }

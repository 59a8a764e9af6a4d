// Command hearth runs the Hearth API and its maintenance tasks:
//
//	hearth [serve]                 serve the API (the default), with the reminder workers
//	hearth worker                  run the reminder workers alone
//	hearth migrate                 apply pending migrations
//	hearth seed --demo [--password P]
//	hearth seed --bench --hazards N [--districts 20] [--password P]
//	hearth tenant create --slug S --name N --admin-password P [--admin-username U] [--timezone Z]
//	hearth operator create --username U --password P
//	hearth audit verify --tenant S
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
	"github.com/hearthsafety/hearth/handlers"
	"github.com/hearthsafety/hearth/policy"
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
		if (cmd == "tenant" || cmd == "operator" || cmd == "audit") && len(args) > 0 {
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
		bench                                              handlers.BenchOptions
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
		fs.StringVar(&tz, "timezone", "Asia/Shanghai", "district time zone")
		fs.StringVar(&adminUser, "admin-username", "bureau.admin", "username of the first bureau admin")
		fs.StringVar(&adminPassword, "admin-password", "", "password of the first bureau admin")
	case "operator create":
		fs.StringVar(&username, "username", "", "operator username")
		fs.StringVar(&password, "password", "", "operator password (10+ characters)")
	case "audit verify":
		fs.StringVar(&slug, "tenant", "", "district slug")
	default:
		return fmt.Errorf("unknown command %q (serve, worker, migrate, seed, tenant create, operator create, audit verify)", cmd)
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
	case "tenant create":
		if slug == "" || name == "" || adminPassword == "" {
			return errors.New("tenant create: --slug, --name and --admin-password are required")
		}
		d, err := handlers.Provision(ctx, m.DB.Client, handlers.DefaultPasswordParams, handlers.District{
			Slug: slug, Name: name, Timezone: tz, AdminUsername: adminUser, AdminPassword: adminPassword})
		if err != nil {
			return fmt.Errorf("tenant create: %w", err)
		}
		fmt.Fprintf(stdout, "district %s (%s) created: id %s, bureau admin %q\n", d.Tenant.Slug, d.Tenant.Name, d.Tenant.ID, d.Admin.Username)
		return nil
	case "operator create":
		id, err := handlers.CreateOperator(ctx, m.DB.Client, handlers.DefaultPasswordParams, username, password)
		if err != nil {
			return fmt.Errorf("operator create: %w", err)
		}
		fmt.Fprintf(stdout, "operator %q created: id %s (sign in with an empty tenant)\n", username, id)
		return nil
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

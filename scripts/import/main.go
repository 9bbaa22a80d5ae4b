// Command import brings a hand-made Cloudflare estate under management: it
// lists every resource the program manages in a stack (from the plan, so
// types, logical names and parents are exactly the program's), finds each
// one's ID in the account with read-only calls, and writes the bulk import
// file of `pulumi import --file`.
//
//	CLOUDFLARE_API_TOKEN=… go run ./scripts/import -stack prod -out import.json [-only d1,r2] [-json]
//	go run ./scripts/import -stack prod -write-config   # the account's values into Pulumi.prod.yaml; review the diff
//	pulumi import --stack prod --file import.json --generate-code=false --protect=true
//
// It never changes the account: it only sends GET requests, and the token
// needs only the Read permission of each group (README). Its report lists
// what will be imported, what the code has that the account lacks (`pulumi
// up` will create it), what the account has that the code does not
// (unmanaged: never touched) and what clashes. With a clash it writes no
// import file and fails.
//
// Groups (-only), in the order a phased migration imports them:
//
//	d1         D1 databases (IDs from config dome-infra:d1DatabaseIds when given)
//	r2         R2 buckets
//	queues     queues
//	vectorize  Vectorize indexes
//	workers    worker scripts and their cron triggers
//	consumers  queue consumers (bound to worker scripts: import with or after workers)
//	events     R2 event notifications (import with or after r2 and queues)
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/accounts"
	"github.com/cloudflare/cloudflare-go/v6/option"

	"github.com/dome/dome-infra/internal/cfapi"
	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/discovery"
	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/naming"
	"github.com/dome/dome-infra/internal/plan"
	"github.com/dome/dome-infra/internal/program"
)

// Environment variables and defaults, as the companion provider reads them.
const (
	EnvAPIToken    = "CLOUDFLARE_API_TOKEN"
	EnvAPIBaseURL  = "CLOUDFLARE_API_BASE_URL"
	EnvSDKBaseURL  = "CLOUDFLARE_BASE_URL" // cloudflare-go's own; the emulator prints it
	DefaultAPIURL  = "https://api.cloudflare.com/client/v4/"
	DefaultRetries = 4
)

// nextStep is the command that imports the file (the program already has
// the code, so none is generated). --protect follows the stack: in prod every
// resource is protected in the state from the moment it is imported, so no
// replace or delete can happen before the first up records the program's own
// options (retainOnDelete among them).
const nextStep = "pulumi import --stack %s --file %s --generate-code=false --protect=%t"

// options are the command's flags, plus the token from the environment.
type options struct {
	dir, stack, out, only, apiURL string
	asJSON, writeConfig           bool
	maxRetries                    int
	// allowEmpty lets an import file with no resources replace one with some.
	allowEmpty bool
	token      string
	// discover passes options to discovery.Discover (tests: page size).
	discover []discovery.Option
}

func main() {
	var o options
	// A FlagSet of its own: a dependency (glog) registers its flags on the
	// global one, and -h would list them as this tool's.
	flags := flag.NewFlagSet("import", flag.ExitOnError)
	flags.StringVar(&o.stack, "stack", "prod", "stack whose resources to import (dev, staging, prod)")
	flags.StringVar(&o.dir, "dir", ".", "project directory (where Pulumi.yaml is)")
	flags.StringVar(&o.out, "out", "", "where to write the import file (none: report only)")
	flags.StringVar(&o.only, "only", "", "comma-separated groups to import: "+discovery.GroupNames()+" (default: all)")
	flags.StringVar(&o.apiURL, "api-url", "", "Cloudflare API base URL (default $"+EnvAPIBaseURL+", else $"+EnvSDKBaseURL+", else "+DefaultAPIURL+")")
	flags.BoolVar(&o.asJSON, "json", false, "print the report as JSON")
	flags.IntVar(&o.maxRetries, "max-retries", DefaultRetries, "retries of a failed request (429, 5xx, network), 0 or more")
	flags.BoolVar(&o.writeConfig, "write-config", false, "write into Pulumi.<stack>.yaml the values that make the preview clean (review the diff)")
	flags.BoolVar(&o.allowEmpty, "allow-empty", false, "let an import file with no resources replace -out when it lists some")
	_ = flags.Parse(os.Args[1:])
	o.token = strings.TrimSpace(os.Getenv(EnvAPIToken))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, o, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "import: %v\n", err)
		os.Exit(1)
	}
}

// errClashes is returned when the report has clashes.
var errClashes = errors.New("clash")

// run reconciles the stack's plan with the account, prints the report to
// stdout (messages for people go to stderr) and writes the import file. Its
// error never contains the token.
func run(ctx context.Context, o options, stdout, stderr io.Writer) error {
	err := runUnscrubbed(ctx, o, stdout, stderr)
	if err != nil && len(o.token) >= 4 && strings.Contains(err.Error(), o.token) {
		return errors.New(strings.ReplaceAll(err.Error(), o.token, "[REDACTED]"))
	}
	return err
}

func runUnscrubbed(ctx context.Context, o options, stdout, stderr io.Writer) error {
	groups, err := discovery.ParseGroups(o.only)
	if err != nil {
		return fmt.Errorf("-only: %w", err)
	}
	if o.maxRetries < 0 {
		return fmt.Errorf("-max-retries %d: must be 0 or more", o.maxRetries)
	}
	_, cfg, err := config.LoadStack(o.dir, o.stack)
	if err != nil {
		return err
	}
	p, mocks, err := plan.RunStack(o.dir, o.stack, program.Run)
	if err != nil {
		return fmt.Errorf("plan %s: %w", o.stack, err)
	}
	if o.token == "" {
		return fmt.Errorf("no Cloudflare API token: export %s (a token with %s)", EnvAPIToken, readPermissions(groups))
	}
	apiURL, err := resolveAPIURL(o.apiURL)
	if err != nil {
		return err
	}
	// The client waits out Cloudflare's rate limit, saying so on stderr
	// (cfapi.NewClient), and refuses an answer of a shape it cannot decode.
	client := cfapi.NewClient(o.token, apiURL, o.maxRetries, func(_ context.Context, format string, args ...any) {
		fmt.Fprintf(stderr, "import: "+format+"\n", args...)
	}, option.WithMiddleware(checkShape))
	if err := verifyAccount(ctx, client, cfg); err != nil {
		return err
	}
	// Routes are read only in the zones the stack names (no Zone Read needed).
	inv, err := discovery.Discover(ctx, client, cfg.AccountID, groups, append([]discovery.Option{discovery.WithZones(cfg.Zones)}, o.discover...)...)
	if err != nil {
		return err
	}
	if err := checkInventory(&inv); err != nil {
		return err
	}
	providers := map[plan.Ref]string{}
	for _, reg := range mocks.Registrations() {
		if reg.Provider != "" {
			providers[plan.Ref{Type: reg.Type, Name: reg.Name}] = reg.Provider
		}
	}
	rep, err := discovery.Reconcile(discovery.Input{
		Stack: o.stack, Project: config.Project, AccountID: cfg.AccountID,
		Plan: p, Providers: providers, D1IDs: cfg.D1DatabaseIDs, Groups: groups, Inventory: inv,
	})
	if err != nil {
		return err
	}
	est, err := cfg.Apply(estate.Dome())
	if err != nil {
		return err
	}
	names, err := naming.New(cfg.NameSuffix)
	if err != nil {
		return err
	}
	diffs, fixes, err := discovery.CompareProperties(ctx, discovery.PropertyInput{
		Stack: o.stack, Report: rep, Plan: p, Estate: est, Names: names, Inv: inv, Zones: cfg.Zones,
		Token: o.token, BaseURL: apiURL, Retries: o.maxRetries,
	})
	if err != nil {
		return err
	}
	rep.Differences = diffs
	rep.GoChanges = fixes.GoChanges
	if o.writeConfig && !fixes.Empty() {
		path := filepath.Join(o.dir, "Pulumi."+o.stack+".yaml")
		if err := discovery.WriteConfig(path, cfg, fixes); err != nil {
			return fmt.Errorf("-write-config: %w", err)
		}
		fmt.Fprintf(stderr, "import: wrote Cloudflare's values into %s; review the diff (git diff %s)\n", path, filepath.Base(path))
	}

	written := ""
	if len(rep.Clashes) == 0 && o.out != "" {
		data, err := rep.File.JSON()
		if err != nil {
			return err
		}
		if n := resourcesIn(o.out); len(rep.File.Resources) == 0 && n > 0 && !o.allowEmpty {
			return fmt.Errorf("the account %s has none of the stack's resources, and %s lists %d: not replacing it with an empty import file (check the account and -only, or pass -allow-empty)",
				cfg.AccountID, o.out, n)
		}
		if err := os.WriteFile(o.out, data, 0o644); err != nil {
			return fmt.Errorf("writing the import file: %w", err)
		}
		written = o.out
	}
	if o.asJSON {
		if err := writeJSON(stdout, rep, written); err != nil {
			return err
		}
	} else {
		writeTable(stdout, rep, apiURL)
		writeDifferences(stdout, rep)
	}
	switch {
	case len(rep.Clashes) > 0:
		return fmt.Errorf("%d %s%s: resolve them (or leave their group out with -only) and run again; no import file written",
			len(rep.Clashes), plural(len(rep.Clashes), "clash", "clashes"), clashNames(rep.Clashes))
	case written != "":
		components := 0
		for _, r := range rep.File.Resources {
			if r.Component {
				components++
			}
		}
		n := len(rep.File.Resources) - components
		fmt.Fprintf(stderr, "import: wrote %s (%d %s, and the %d %s they sit in); next: "+nextStep+"\n",
			written, n, plural(n, "resource", "resources"), components, plural(components, "component", "components"), o.stack, written, cfg.Protect)
	default:
		fmt.Fprintf(stderr, "import: no -out given: no import file written\n")
	}
	return nil
}

// verifyAccount makes sure the token sees the stack's account before
// anything is listed in it: an account the token cannot see would otherwise
// look like an empty account.
func verifyAccount(ctx context.Context, client *cloudflare.Client, cfg config.Config) error {
	from := "config " + config.KeyAccountID
	if cfg.AccountSource == config.AccountFromEnv {
		from = "$" + config.EnvAccountID
	}
	var seen []string
	iter := client.Accounts.ListAutoPaging(ctx, accounts.AccountListParams{})
	for iter.Next() {
		a := iter.Current()
		if a.ID == cfg.AccountID {
			return nil
		}
		seen = append(seen, a.ID)
	}
	if err := iter.Err(); err != nil {
		return fmt.Errorf("verifying account %s (%s): listing the token's accounts failed: %w", cfg.AccountID, from, err)
	}
	if len(seen) == 0 {
		return fmt.Errorf("account %s (%s): the API token sees no account; give the token the account in its Account Resources", cfg.AccountID, from)
	}
	return fmt.Errorf("account %s (%s): the API token cannot see it (it sees %s); check the account ID, or the token's Account Resources",
		cfg.AccountID, from, strings.Join(seen, ", "))
}

// lists are the list endpoints the import reads, by path suffix, and where
// their items are: a JSON array at result (field "") or at result.<field>.
var lists = []struct{ suffix, field string }{
	{"/accounts", ""}, {"/d1/database", ""}, {"/r2/buckets", "buckets"}, {"/queues", ""},
	{"/consumers", ""}, {"/vectorize/v2/indexes", ""}, {"/workers/scripts", ""},
	{"/schedules", "schedules"},
}

// errShape is an answer the tool cannot decode.
var errShape = errors.New("an answer this tool cannot decode")

// checkShape refuses a successful answer whose shape is not Cloudflare's:
// the SDK decodes leniently, so a list that is not a list would read as an
// empty account.
func checkShape(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
	res, err := next(req)
	if err != nil || res.StatusCode/100 != 2 || req.Method != http.MethodGet {
		return res, err
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return nil, err
	}
	res.Body = io.NopCloser(strings.NewReader(string(body)))
	if !strings.Contains(res.Header.Get("Content-Type"), "json") {
		return res, nil // script content
	}
	bad := func(why string) (*http.Response, error) {
		return nil, fmt.Errorf("GET %s: %w: %s; is -api-url Cloudflare's API?", req.URL.Path, errShape, why)
	}
	var env struct {
		Success *bool           `json:"success"`
		Result  json.RawMessage `json:"result"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return bad("not a JSON object")
	}
	if env.Success == nil || !*env.Success {
		return bad(`no "success": true`)
	}
	for _, l := range lists {
		if !strings.HasSuffix(strings.TrimSuffix(req.URL.Path, "/"), l.suffix) {
			continue
		}
		items := env.Result
		if l.field != "" {
			var obj map[string]json.RawMessage
			if json.Unmarshal(items, &obj) != nil || obj[l.field] == nil {
				return bad(fmt.Sprintf("the result has no %q list", l.field))
			}
			items = obj[l.field]
		}
		var list []map[string]any
		if err := json.Unmarshal(items, &list); err != nil {
			return bad("the result is not a list of objects")
		}
		break
	}
	return res, nil
}

// checkInventory refuses an inventory with entries that name nothing: an
// answer of the right shape whose items lack their names or IDs.
func checkInventory(inv *discovery.Inventory) error {
	bad := func(what string) error {
		return fmt.Errorf("listing %s: %w: an entry has no name or ID; is -api-url Cloudflare's API?", what, errShape)
	}
	switch {
	case slices.ContainsFunc(inv.D1Databases, func(x discovery.D1Database) bool { return x.Name == "" || x.ID == "" }):
		return bad("D1 databases")
	case slices.ContainsFunc(inv.Buckets, func(x discovery.Bucket) bool { return x.Name == "" }):
		return bad("R2 buckets")
	case slices.ContainsFunc(inv.Queues, func(x discovery.Queue) bool { return x.Name == "" || x.ID == "" }):
		return bad("queues")
	case slices.ContainsFunc(inv.Consumers, func(x discovery.Consumer) bool { return x.ID == "" }):
		return bad("queue consumers")
	case slices.ContainsFunc(inv.VectorizeIndexes, func(x discovery.VectorizeIndex) bool { return x.Name == "" }):
		return bad("Vectorize indexes")
	case slices.ContainsFunc(inv.Scripts, func(x discovery.Script) bool { return x.Name == "" }):
		return bad("worker scripts")
	case slices.ContainsFunc(inv.Routes, func(x discovery.Route) bool { return x.ID == "" || x.Pattern == "" }):
		return bad("Workers routes")
	case slices.ContainsFunc(inv.Domains, func(x discovery.Domain) bool { return x.ID == "" || x.Hostname == "" }):
		return bad("Workers custom domains")
	}
	return nil
}

// resourcesIn counts the resources of an existing import file (0 when
// there is none or it cannot be read as one).
func resourcesIn(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	var f struct {
		Resources []json.RawMessage `json:"resources"`
	}
	if json.Unmarshal(data, &f) != nil {
		return 0
	}
	return len(f.Resources)
}

// resolveAPIURL: the flag, else $CLOUDFLARE_API_BASE_URL, else
// $CLOUDFLARE_BASE_URL, else Cloudflare's API.
func resolveAPIURL(flagValue string) (string, error) {
	u := strings.TrimSpace(flagValue)
	for _, env := range []string{EnvAPIBaseURL, EnvSDKBaseURL} {
		if u == "" {
			u = strings.TrimSpace(os.Getenv(env))
		}
	}
	if u == "" {
		u = DefaultAPIURL
	}
	parsed, err := url.Parse(u)
	if err != nil || parsed.Scheme == "" || parsed.Host == "" {
		return "", fmt.Errorf("-api-url %q is not an absolute URL", u)
	}
	return u, nil
}

func readPermissions(groups []discovery.Group) string {
	var perms []string
	for _, g := range groups {
		if p := fmt.Sprintf("%q", g.Permission()); !contains(perms, p) {
			perms = append(perms, p)
		}
	}
	return strings.Join(perms, ", ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func clashNames(list []discovery.Entry) string {
	names := make([]string, len(list))
	for i, e := range list {
		names[i] = e.Name
	}
	return " (" + strings.Join(names, ", ") + ")"
}

// jsonReport is the -json output: the report, plus where the file went.
type jsonReport struct {
	*discovery.Report
	ImportFile string `json:"importFile,omitempty"`
}

func writeJSON(w io.Writer, rep *discovery.Report, written string) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(jsonReport{Report: rep, ImportFile: written})
}

// writeTable prints the report for people.
func writeTable(w io.Writer, rep *discovery.Report, apiURL string) {
	groups := make([]string, len(rep.Groups))
	for i, g := range rep.Groups {
		groups[i] = string(g)
	}
	fmt.Fprintf(w, "import %s: account %s at %s; groups %s\n", rep.Stack, rep.AccountID, apiURL, strings.Join(groups, ", "))
	sections := []struct {
		title   string
		entries []discovery.Entry
		name    bool
	}{
		{"Will be imported (in the code and the account)", rep.Import, true},
		{"Will be created by `pulumi up` (in the code, not in the account)", rep.Create, true},
		{"Unmanaged (in the account, not in the code; never touched)", rep.Unmanaged, false},
		{"Clashes (same name, different resource: resolve before importing)", rep.Clashes, true},
	}
	for _, s := range sections {
		fmt.Fprintf(w, "\n%s: %d\n", s.title, len(s.entries))
		if len(s.entries) == 0 {
			continue
		}
		header := []string{"TYPE", "NAME", "CLOUDFLARE NAME", "ID"}
		if !s.name {
			header = []string{"TYPE", "CLOUDFLARE NAME", "ID"}
		}
		rows := [][]string{header}
		for _, e := range s.entries {
			id := e.ID
			if id == "" {
				id = "-"
			}
			if s.name {
				rows = append(rows, []string{e.Type, e.Name, e.CloudflareName, id})
			} else {
				rows = append(rows, []string{e.Type, e.CloudflareName, id})
			}
		}
		widths := make([]int, len(header))
		for _, row := range rows {
			for i, cell := range row {
				widths[i] = max(widths[i], utf8.RuneCountInString(cell))
			}
		}
		for i, row := range rows {
			var line strings.Builder
			line.WriteString("  ")
			for j, cell := range row {
				line.WriteString(cell)
				if j < len(row)-1 {
					line.WriteString(strings.Repeat(" ", widths[j]-utf8.RuneCountInString(cell)+2))
				}
			}
			fmt.Fprintln(w, line.String())
			if i > 0 && s.entries[i-1].Detail != "" {
				fmt.Fprintf(w, "  %s↳ %s\n", strings.Repeat(" ", widths[0]+2), s.entries[i-1].Detail)
			}
		}
	}
}

// writeDifferences prints, property by property, where the code and
// Cloudflare disagree for what will be imported, each marked DESTRUCTIVE or
// change, with the config key -write-config sets or the Go change to make.
func writeDifferences(w io.Writer, rep *discovery.Report) {
	destructive := 0
	for _, d := range rep.Differences {
		if d.Destructive {
			destructive++
		}
	}
	fmt.Fprintf(w, "\nDifferences (code → Cloudflare) of what will be imported: %d, %d destructive\n", len(rep.Differences), destructive)
	for _, d := range rep.Differences {
		mark := "change     "
		if d.Destructive {
			mark = "DESTRUCTIVE"
		}
		fmt.Fprintf(w, "  %s  %s %s  %s: code %s, Cloudflare %s\n", mark, typeName(d.Type), d.Name, d.Property, d.Code, d.Cloudflare)
		fmt.Fprintf(w, "               ↳ %s", d.Effect)
		switch {
		case d.ConfigKey != "":
			fmt.Fprintf(w, "; -write-config sets %s", d.ConfigKey)
		case d.GoChange != "":
			fmt.Fprintf(w, "; Go change: %s", d.GoChange)
		}
		fmt.Fprintln(w)
	}
	if len(rep.GoChanges) > 0 {
		fmt.Fprintf(w, "\nGo changes config cannot express (make them, then run the import again): %d\n", len(rep.GoChanges))
		for _, c := range rep.GoChanges {
			fmt.Fprintf(w, "  - %s\n", c)
		}
	}
}

func typeName(t string) string { return t[strings.LastIndex(t, ":")+1:] }

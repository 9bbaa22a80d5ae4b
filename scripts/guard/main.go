// Command guard judges a Pulumi preview before an up: it fails, naming
// each resource and step, on any destructive step in staging or prod that
// no -allow-destroy=<urn> names; in dev it reports and passes. The
// classification is internal/guard's package doc.
//
//	pulumi preview --stack prod --json > build/preview-prod.json
//	go run ./scripts/guard -stack prod -preview build/preview-prod.json [-allow-destroy=<urn>,<urn>] [-summary "$GITHUB_STEP_SUMMARY"]
//
// It reads `pulumi preview --json` output or an --event-log file (engine
// events, one JSON object a line). Exit status: 0 pass, 1 refused, 2 the
// preview could not be judged (unreadable, or the preview itself failed).
// `make preview` and `make up` run it.
package main

import (
	"os"

	"github.com/dome/dome-infra/internal/guard"
)

func main() { os.Exit(guard.Main(os.Args[1:], os.Stdout, os.Stderr)) }

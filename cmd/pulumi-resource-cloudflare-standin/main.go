// Command pulumi-resource-cloudflare-standin is the plugin binary of the TEST-ONLY
// stand-in for pulumi-cloudflare v5.49.1 (see internal/standin). It never ships and is
// never used in a deployment: it refuses any API base URL that is not a loopback address.
//
// The end-to-end tests install it as
// $PULUMI_HOME/plugins/resource-cloudflare-v5.49.1/pulumi-resource-cloudflare with
// standin.Install or standin.InstallForTest, where the engine finds "resource cloudflare
// v5.49.1".
package main

import (
	"context"
	"fmt"
	"os"

	p "github.com/pulumi/pulumi-go-provider"

	"github.com/dome/dome-infra/internal/standin"
)

func main() {
	prov, err := standin.New()
	if err != nil {
		fmt.Fprintf(os.Stderr, "error: %v\n", err)
		os.Exit(1)
	}
	if err := p.RunProvider(context.Background(), standin.Name, standin.Version, prov); err != nil {
		fmt.Fprintf(os.Stderr, "error: %v\n", err)
		os.Exit(1)
	}
}

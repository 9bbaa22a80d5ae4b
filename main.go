// dome-infra is the Pulumi program of the Cloudflare estate behind Dome.
// Everything it does is in internal/program; see README.md.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/dome/dome-infra/internal/program"
)

func main() {
	pulumi.Run(program.Run)
}

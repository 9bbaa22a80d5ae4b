package cfapi

import (
	"context"

	p "github.com/pulumi/pulumi-go-provider"
)

// UpdateConfigInPlace makes the provider's DiffConfig report every change of its
// configuration as an update, never a replace.
//
// pulumi-go-provider's infer replaces a provider on any config change but its version
// (infer/configuration.go, "We currently replace the provider on any changes",
// pulumi/pulumi-go-provider#409), and the engine replaces every resource of a replaced
// provider (pkg/resource/deploy/step_generator.go, providerChanged). A rotated API
// token in `cloudflare:apiToken` would then delete and recreate every Worker, queue
// consumer and Vectorize index of the stack, vectors included — and the move of the
// token from CLOUDFLARE_API_TOKEN into the stack config likewise. The token, the base
// URL and the retry count say how to reach the account, never what a resource is, so
// no change of them replaces anything. This is also what pulumi-cloudflare v5 does:
// pulumi-terraform-bridge's DiffConfig (pkg/tfbridge/provider.go) asks for a replace
// only for config fields marked ForcesProviderReplace, and its token is not.
func UpdateConfigInPlace(prov p.Provider) p.Provider {
	diff := prov.DiffConfig
	if diff == nil {
		return prov
	}
	prov.DiffConfig = func(ctx context.Context, req p.DiffRequest) (p.DiffResponse, error) {
		resp, err := diff(ctx, req)
		if err != nil {
			return resp, err
		}
		return inPlace(resp), nil
	}
	return prov
}

// inPlace is resp with every replacing kind of change turned into its in-place kind.
func inPlace(resp p.DiffResponse) p.DiffResponse {
	resp.DeleteBeforeReplace = false
	for path, d := range resp.DetailedDiff {
		switch d.Kind {
		case p.AddReplace:
			d.Kind = p.Add
		case p.DeleteReplace:
			d.Kind = p.Delete
		case p.UpdateReplace:
			d.Kind = p.Update
		}
		resp.DetailedDiff[path] = d
	}
	return resp
}

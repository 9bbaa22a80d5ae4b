package provider

import "github.com/dome/dome-infra/internal/cfapi"

// APIError is a Cloudflare API error reduced to what a user needs:
//
//	cloudflare: PUT /accounts/0123/workers/scripts/silo: 403 Forbidden: [10000] Authentication error
//
// It never contains request or response headers (and so never the Authorization
// header), nor the API token. The errors of the provider's resources wrap one for every
// failed API call; find it with errors.As. It is shared with the stand-in provider (see
// internal/cfapi).
type APIError = cfapi.APIError

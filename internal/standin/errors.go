package standin

import "github.com/dome/dome-infra/internal/cfapi"

// APIError is a Cloudflare API error reduced to method, path, status and the API's
// "[code] message" entries, e.g.
//
//	cloudflare: GET /accounts/0f1e.../d1/database/x: 404 Not Found: [7404] The database x could not be found
//
// It never contains headers (so never the Authorization header) and scrubs the token
// from everything it prints. Unwrap returns the SDK's *cloudflare.Error. It is the
// companion provider's error type too (see internal/cfapi).
type APIError = cfapi.APIError

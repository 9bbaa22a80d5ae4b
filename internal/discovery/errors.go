package discovery

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/cloudflare/cloudflare-go/v6"

	"github.com/dome/dome-infra/internal/cfapi"
)

// PermissionError is a 403 from one of a group's endpoints: the API token
// lacks the permission group the import needs there.
//
//	listing Vectorize indexes: the API token lacks the "Vectorize Read" permission
type PermissionError struct {
	// Operation is what was being done ("listing Vectorize indexes").
	Operation string
	// Permission is the permission group to add to the token ("Vectorize Read").
	Permission string
	cause      *cloudflare.Error
}

func (e *PermissionError) Error() string {
	return fmt.Sprintf("%s: the API token lacks the %q permission", e.Operation, e.Permission)
}

// Unwrap gives the SDK's error (status code and Cloudflare's error list).
func (e *PermissionError) Unwrap() error { return e.cause }

// APIError is any other Cloudflare API error of a discovery call, reduced to
// the operation, the status and Cloudflare's messages: never headers, never
// the token.
type APIError struct {
	Operation  string
	StatusCode int
	// Messages are the "[code] message" entries of the response's errors.
	Messages []string
	cause    *cloudflare.Error
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: Cloudflare answered %d %s", e.Operation, e.StatusCode, http.StatusText(e.StatusCode))
	if e.StatusCode == http.StatusUnauthorized {
		b.WriteString(" (the API token is missing, invalid or expired)")
	}
	if len(e.Messages) > 0 {
		b.WriteString(": ")
		b.WriteString(strings.Join(e.Messages, "; "))
	}
	return b.String()
}

// Unwrap gives the SDK's error.
func (e *APIError) Unwrap() error { return e.cause }

// wrap turns an SDK error of operation op, on an endpoint guarded by
// permission perm, into a PermissionError (403), an APIError (any other
// status) or op-prefixed error (network, context).
func wrap(op, perm string, err error) error {
	var cfErr *cloudflare.Error
	if !errors.As(err, &cfErr) {
		return fmt.Errorf("%s: %w", op, err)
	}
	status := cfapi.StatusCode(err)
	if status == http.StatusForbidden {
		return &PermissionError{Operation: op, Permission: perm, cause: cfErr}
	}
	return &APIError{Operation: op, StatusCode: status, Messages: cfapi.Messages(cfErr), cause: cfErr}
}

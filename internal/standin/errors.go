package standin

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/cloudflare/cloudflare-go/v6"
)

// APIError is a Cloudflare API error reduced to method, path, status and the API's
// "[code] message" entries, e.g.
//
//	cloudflare: GET /accounts/0f1e.../d1/database/x: 404 Not Found: [7404] The database x could not be found
//
// It never contains headers (so never the Authorization header) and scrubs the token
// from everything it prints. Unwrap returns the SDK's *cloudflare.Error.
type APIError struct {
	Method     string
	Path       string
	StatusCode int
	Messages   []string

	cause  *cloudflare.Error
	secret string
}

func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("cloudflare: ")
	if e.Method != "" || e.Path != "" {
		b.WriteString(strings.TrimSpace(e.Method + " " + e.Path))
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "%d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if len(e.Messages) > 0 {
		b.WriteString(": ")
		b.WriteString(strings.Join(e.Messages, "; "))
	}
	return redact(b.String(), e.secret)
}

// Unwrap gives access to the SDK error.
func (e *APIError) Unwrap() error { return e.cause }

// wrapAPIError converts an SDK error: *cloudflare.Error becomes an *APIError; anything
// else (connection errors, cancellation) keeps its chain with the token scrubbed.
func wrapAPIError(err error, basePath, secret string) error {
	var cfErr *cloudflare.Error
	if !errors.As(err, &cfErr) {
		return &scrubbedError{err: err, secret: secret}
	}
	out := &APIError{StatusCode: statusCode(err), cause: cfErr, secret: secret}
	if cfErr.Request != nil {
		out.Method = cfErr.Request.Method
		if cfErr.Request.URL != nil {
			path := cfErr.Request.URL.Path
			if basePath != "" && strings.HasPrefix(path, basePath+"/") {
				path = strings.TrimPrefix(path, basePath)
			}
			out.Path = path
		}
	}
	for _, e := range cfErr.Errors {
		msg := strings.TrimSpace(e.Message)
		if e.Code != 0 {
			msg = fmt.Sprintf("[%d] %s", e.Code, msg)
		}
		if msg != "" {
			out.Messages = append(out.Messages, msg)
		}
	}
	return out
}

type scrubbedError struct {
	err    error
	secret string
}

func (e *scrubbedError) Error() string { return redact(e.err.Error(), e.secret) }
func (e *scrubbedError) Unwrap() error { return e.err }

func redact(s, secret string) string {
	if len(secret) >= 4 { // never "redact" trivially short strings
		s = strings.ReplaceAll(s, secret, "[REDACTED]")
	}
	return s
}

// statusCode returns the HTTP status of a Cloudflare API error, or 0.
func statusCode(err error) int {
	var cfErr *cloudflare.Error
	if !errors.As(err, &cfErr) {
		return 0
	}
	if cfErr.StatusCode != 0 {
		return cfErr.StatusCode
	}
	if cfErr.Response != nil {
		return cfErr.Response.StatusCode
	}
	return 0
}

// isNotFound reports whether err is a Cloudflare API 404.
func isNotFound(err error) bool { return statusCode(err) == http.StatusNotFound }

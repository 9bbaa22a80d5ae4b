package provider

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/cloudflare/cloudflare-go/v6"
)

// APIError is a Cloudflare API error reduced to what a user needs:
//
//	cloudflare: PUT /accounts/0123/workers/scripts/silo: 403 Forbidden: [10000] Authentication error
//
// It never contains request or response headers (and so never the Authorization
// header). Unwrap returns the SDK's *cloudflare.Error, so callers branch on its
// StatusCode with errors.As.
type APIError struct {
	Method     string
	Path       string
	StatusCode int
	// Messages are the "[code] message" entries of the response's errors array.
	Messages []string

	cause *cloudflare.Error
	// redact holds strings (the API token) that must not appear in Error().
	redact []string
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
	return redact(b.String(), e.redact...)
}

// Unwrap gives access to the SDK error (status code, typed error list).
func (e *APIError) Unwrap() error { return e.cause }

// wrapAPIError converts an error returned by the SDK:
//   - *cloudflare.Error becomes an *APIError (method, path relative to the API base path,
//     status, the API's error codes and messages; no headers, no body dump);
//   - any other error (connection errors, context cancellation) keeps its chain but its
//     message is scrubbed of the secrets.
func wrapAPIError(err error, basePath string, secrets ...string) error {
	if err == nil {
		return nil
	}
	var cfErr *cloudflare.Error
	if !errors.As(err, &cfErr) {
		return &scrubbedError{err: err, secrets: secrets}
	}
	out := &APIError{StatusCode: cfErr.StatusCode, cause: cfErr, redact: secrets}
	if out.StatusCode == 0 && cfErr.Response != nil {
		out.StatusCode = cfErr.Response.StatusCode
	}
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

// scrubbedError keeps an error chain intact but removes secrets from its message.
type scrubbedError struct {
	err     error
	secrets []string
}

func (e *scrubbedError) Error() string { return redact(e.err.Error(), e.secrets...) }
func (e *scrubbedError) Unwrap() error { return e.err }

func redact(s string, secrets ...string) string {
	for _, secret := range secrets {
		if len(secret) >= 4 { // never "redact" trivially short strings
			s = strings.ReplaceAll(s, secret, "[REDACTED]")
		}
	}
	return s
}

// statusCode returns the HTTP status of a Cloudflare API error, or 0.
func statusCode(err error) int {
	var cfErr *cloudflare.Error
	if errors.As(err, &cfErr) {
		if cfErr.StatusCode != 0 {
			return cfErr.StatusCode
		}
		if cfErr.Response != nil {
			return cfErr.Response.StatusCode
		}
	}
	return 0
}

// isNotFound reports whether err is a Cloudflare API 404.
func isNotFound(err error) bool { return statusCode(err) == http.StatusNotFound }

package cfapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/cloudflare/cloudflare-go/v6"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"
)

// APIError is a Cloudflare API error reduced to what a user needs:
//
//	cloudflare: PUT /accounts/0123/workers/scripts/silo: 403 Forbidden: [10000] Authentication error
//
// It never contains request or response headers (and so never the Authorization
// header), and the secrets given to WrapAPIError are redacted from everything it prints.
// Unwrap returns the SDK's *cloudflare.Error, so callers branch on its StatusCode with
// errors.As.
type APIError struct {
	Method     string
	Path       string
	StatusCode int
	// Messages are the "[code] message" entries of the response's errors array.
	Messages []string

	cause *cloudflare.Error
	// secrets (the API token) must not appear in Error().
	secrets []string
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
	return redact(b.String(), e.secrets...)
}

// Unwrap gives access to the SDK error (status code, typed error list).
func (e *APIError) Unwrap() error { return e.cause }

// WrapAPIError converts an error returned by the SDK; nil stays nil.
//   - *cloudflare.Error becomes an *APIError (method, path relative to basePath, status,
//     the API's error codes and messages; no headers, no body dump);
//   - any other error (connection errors, context cancellation) keeps its chain but its
//     message is scrubbed of the secrets.
//
// basePath is the path of the API base URL without its trailing slash ("/client/v4").
func WrapAPIError(err error, basePath string, secrets ...string) error {
	if err == nil {
		return nil
	}
	var cfErr *cloudflare.Error
	if !errors.As(err, &cfErr) {
		return Scrub(err, secrets...)
	}
	out := &APIError{StatusCode: StatusCode(err), Messages: Messages(cfErr), cause: cfErr, secrets: secrets}
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
	return out
}

// Messages returns the "[code] message" entries of the errors array of a Cloudflare API
// error ("message" alone when the code is 0), skipping empty ones.
func Messages(cfErr *cloudflare.Error) []string {
	var out []string
	for _, e := range cfErr.Errors {
		msg := strings.TrimSpace(e.Message)
		if e.Code != 0 {
			msg = fmt.Sprintf("[%d] %s", e.Code, msg)
		}
		if msg != "" {
			out = append(out, msg)
		}
	}
	return out
}

// Scrub keeps an error chain intact (errors.Is and errors.As see through it) but removes
// the secrets from its message.
func Scrub(err error, secrets ...string) error {
	return &scrubbedError{err: err, secrets: secrets}
}

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

// StatusCode returns the HTTP status of a Cloudflare API error, or 0.
func StatusCode(err error) int {
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

// IsNotFound reports whether Cloudflare answered that the resource does not exist:
//   - 404, as most of the API does (workers 10007, queues 11000, D1 7404, R2 10006);
//   - 410 Gone;
//   - Vectorize's own answers, which are not 404s: code 3000 with a message
//     "vectorize.index.not_found - Index name …" sent with HTTP 400 for an index that
//     does not exist, and code 3005 "vectorize.index.deleted - … was deleted" for one
//     deleted recently (as wrangler prints them: "… [code: 3000]"). A 3000 with any
//     other message is not taken for "not found": Vectorize uses the code for other
//     failures too.
func IsNotFound(err error) bool {
	switch StatusCode(err) {
	case http.StatusNotFound, http.StatusGone:
		return true
	case 0:
		return false
	}
	var cfErr *cloudflare.Error
	if !errors.As(err, &cfErr) {
		return false
	}
	for _, e := range cfErr.Errors {
		msg := strings.ToLower(e.Message)
		switch {
		case e.Code == codeVectorizeIndexDeleted:
			return true
		case e.Code == codeVectorizeNotFound && (strings.Contains(msg, "not_found") || strings.Contains(msg, "not found")):
			return true
		}
	}
	return false
}

// Vectorize's error codes for a missing index.
const (
	codeVectorizeNotFound     = 3000
	codeVectorizeIndexDeleted = 3005
)

// IsConflict reports whether err is Cloudflare's 409: what a create names exists.
func IsConflict(err error) bool { return StatusCode(err) == http.StatusConflict }

// Deleted answers a resource's Delete from the error of the API call that deleted it
// (what names the resource, e.g. `Worker "silo"`): not found (IsNotFound) means the resource is already
// gone, which is logged as a warning and is not an error; any other error is returned
// through wrap as "delete <what>".
func Deleted(
	ctx context.Context, err error, what string, wrap func(op string, err error) error,
) (infer.DeleteResponse, error) {
	if IsNotFound(err) {
		p.GetLogger(ctx).Warningf("%s was already deleted", what)
		return infer.DeleteResponse{}, nil
	}
	if err != nil {
		return infer.DeleteResponse{}, wrap("delete "+what, err)
	}
	return infer.DeleteResponse{}, nil
}

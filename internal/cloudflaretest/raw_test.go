package cloudflaretest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
)

// Raw HTTP helpers: the requests wrangler sends, which cloudflare-go's typed
// params cannot always express (a json binding whose value is an object).

const wranglerUA = "wrangler/4.164.0"

// rawResp is a decoded v4 envelope.
type rawResp struct {
	Status  int
	Success bool `json:"success"`
	Errors  []struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
	Result json.RawMessage `json:"result"`
}

func (r rawResp) code() int {
	if len(r.Errors) == 0 {
		return 0
	}
	return r.Errors[0].Code
}

func (r rawResp) message() string {
	if len(r.Errors) == 0 {
		return ""
	}
	return r.Errors[0].Message
}

// decode unmarshals the result into v.
func (r rawResp) decode(t *testing.T, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal(r.Result, v), "result: %s", r.Result)
}

// rawCall sends one request as wrangler would (its User-Agent) and decodes
// the envelope. body is a []byte (sent with contentType), or any other
// value (sent as JSON), or nil.
func rawCall(t *testing.T, s *cloudflaretest.Server, method, path string, body any, contentType string) rawResp {
	t.Helper()
	var rdr io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rdr = bytes.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		require.NoError(t, err)
		rdr, contentType = bytes.NewReader(buf), "application/json"
	}
	url := strings.TrimSuffix(s.URL(), "/") + strings.ReplaceAll(path, "{a}", "/accounts/"+cloudflaretest.AccountID)
	req, err := http.NewRequestWithContext(t.Context(), method, url, rdr)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+s.Token())
	req.Header.Set("User-Agent", wranglerUA)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	out := rawResp{Status: res.StatusCode}
	require.NoError(t, json.Unmarshal(raw, &out), "%s %s answered %d: %s", method, path, res.StatusCode, raw)
	return out
}

// part is one file part of an upload form.
type part struct{ name, contentType, content string }

const moduleJS = "export default { async fetch() { return new Response(\"ok\"); } };\n"

var mainPart = part{"index.js", "application/javascript+module", moduleJS}

// uploadForm builds a Workers upload form as wrangler does: a "metadata"
// part, then each module as a part named (and filenamed) by the module.
func uploadForm(t *testing.T, metadata any, parts ...part) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	meta, err := json.Marshal(metadata)
	require.NoError(t, err)
	require.NoError(t, mw.WriteField("metadata", string(meta)))
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, p.name, p.name))
		h.Set("Content-Type", p.contentType)
		w, err := mw.CreatePart(h)
		require.NoError(t, err)
		_, _ = w.Write([]byte(p.content))
	}
	require.NoError(t, mw.Close())
	return buf.Bytes(), mw.FormDataContentType()
}

// upload PUTs a module worker with the given bindings and extra metadata.
func upload(t *testing.T, s *cloudflaretest.Server, script string, bindings []map[string]any, extra map[string]any, parts ...part) rawResp {
	t.Helper()
	meta := map[string]any{"main_module": "index.js", "bindings": bindings, "compatibility_date": "2025-01-01"}
	for k, v := range extra {
		meta[k] = v
	}
	body, ct := uploadForm(t, meta, append([]part{mainPart}, parts...)...)
	return rawCall(t, s, http.MethodPut, "{a}/workers/scripts/"+script+"?bindings_inherit=strict", body, ct)
}

// settingsForm is a PATCH …/settings body: one "settings" JSON part.
func settingsForm(t *testing.T, settings any) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	raw, err := json.Marshal(settings)
	require.NoError(t, err)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="settings"; filename="blob"`)
	h.Set("Content-Type", "application/json")
	w, err := mw.CreatePart(h)
	require.NoError(t, err)
	_, _ = w.Write(raw)
	require.NoError(t, mw.Close())
	return buf.Bytes(), mw.FormDataContentType()
}

func secretText(name, text string) map[string]any {
	return map[string]any{"type": "secret_text", "name": name, "text": text}
}

func plainText(name, text string) map[string]any {
	return map[string]any{"type": "plain_text", "name": name, "text": text}
}

// bindingNames lists a script's binding names in order.
func bindingNames(bs []cloudflaretest.Binding) []string {
	out := []string{}
	for _, b := range bs {
		out = append(out, b.Name)
	}
	return out
}

//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
)

// handMade is testdata/handmade-prod.json: the production estate as the
// dashboard and wrangler made it, request by request (see its "about").
type handMade struct {
	D1    map[string]string `json:"d1"`
	Steps []struct {
		What   string          `json:"what"`
		Method string          `json:"method"`
		Path   string          `json:"path"`
		JSON   json.RawMessage `json:"json"`
		Upload *struct {
			Metadata json.RawMessage `json:"metadata"`
			Modules  []struct {
				Name, Type, Content string
			} `json:"modules"`
		} `json:"upload"`
	} `json:"steps"`
}

// replayHandMade makes the hand-made production estate in the emulator's
// account, through the API, as its fixture says wrangler and the dashboard
// did. It fails the test on any answer but a success.
func replayHandMade(t *testing.T, cf *cloudflaretest.Server, account string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, "e2e", "testdata", "handmade-prod.json"))
	require.NoError(t, err)
	var fx handMade
	require.NoError(t, json.Unmarshal(data, &fx))
	for name, id := range fx.D1 {
		cf.SeedD1(account, name, id)
	}
	queueIDs := map[string]string{}
	expand := func(s string) string {
		s = strings.ReplaceAll(s, "{account}", account)
		for name, id := range fx.D1 {
			s = strings.ReplaceAll(s, "{d1:"+name+"}", id)
		}
		for name, id := range queueIDs {
			s = strings.ReplaceAll(s, "{queue:"+name+"}", id)
		}
		return s
	}
	for _, step := range fx.Steps {
		var body io.Reader
		contentType := "application/json"
		switch {
		case step.Upload != nil:
			// The multipart form of wrangler's createWorkerUploadForm: a
			// "metadata" part, then one part per module named by its file.
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			require.NoError(t, mw.WriteField("metadata", expand(string(step.Upload.Metadata))))
			for _, m := range step.Upload.Modules {
				h := textproto.MIMEHeader{}
				h.Set("Content-Disposition", `form-data; name="`+m.Name+`"; filename="`+m.Name+`"`)
				h.Set("Content-Type", m.Type)
				part, err := mw.CreatePart(h)
				require.NoError(t, err)
				_, err = part.Write([]byte(m.Content))
				require.NoError(t, err)
			}
			require.NoError(t, mw.Close())
			body, contentType = &buf, mw.FormDataContentType()
		case step.JSON != nil:
			body = strings.NewReader(expand(string(step.JSON)))
		}
		req, err := http.NewRequest(step.Method, strings.TrimSuffix(cf.URL(), "/")+expand(step.Path), body)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+cf.Token())
		req.Header.Set("Content-Type", contentType)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err, step.What)
		answer, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		require.Less(t, resp.StatusCode, 300, "%s: %s %s answered %d: %s", step.What, step.Method, step.Path, resp.StatusCode, answer)
		var envelope struct {
			Result struct {
				QueueID   string `json:"queue_id"`
				QueueName string `json:"queue_name"`
			} `json:"result"`
		}
		if json.Unmarshal(answer, &envelope) == nil && envelope.Result.QueueID != "" && envelope.Result.QueueName != "" {
			queueIDs[envelope.Result.QueueName] = envelope.Result.QueueID
		}
	}
}

package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
	"github.com/dome/dome-infra/internal/config"
)

// TestMain gives the stacks the emulator's account, as the team's setup
// does for the real one (CLOUDFLARE_ACCOUNT_ID): the stack files carry none.
func TestMain(m *testing.M) {
	os.Setenv(config.EnvAccountID, cloudflaretest.AccountID)
	os.Exit(m.Run())
}

// goodFile is an import file with resources, which a bad run must keep.
const goodFile = `{"resources":[{"type":"cloudflare:index/r2Bucket:R2Bucket","name":"dome-raw","id":"x/dome-raw"}]}`

// fakeAPI answers GET /accounts with the emulator's account and every
// other request with body, success and all.
func fakeAPI(t *testing.T, body string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/accounts") {
			_, _ = w.Write([]byte(`{"success":true,"errors":[],"messages":[],"result":[{"id":"` + cloudflaretest.AccountID + `","name":"x"}],"result_info":{"page":1,"per_page":20,"count":1,"total_count":1}}`))
			return
		}
		if p := r.URL.Query().Get("page"); p != "" && p != "1" {
			// Past the first page: an empty list, so auto-pagers stop.
			_, _ = w.Write([]byte(`{"success":true,"errors":[],"messages":[],"result":[]}`))
			return
		}
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestImportRefusesBadAnswersAndKeepsTheFile is issue 12's class 7: each
// case fails with an error that names what is wrong (the account, the
// flag, the answer), and a good import.json is never replaced.
func TestImportRefusesBadAnswersAndKeepsTheFile(t *testing.T) {
	tests := []struct {
		name string
		// api gives the options' apiURL and token; nil: the seeded emulator.
		api    func(t *testing.T) (url, token string)
		change func(o *options)
		env    string // CLOUDFLARE_ACCOUNT_ID
		want   []string
	}{
		{name: "account the token cannot see", api: func(t *testing.T) (string, string) {
			s := cloudflaretest.Start(t, cloudflaretest.WithAccounts("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"))
			return s.URL(), s.Token()
		}, want: []string{"account " + cloudflaretest.AccountID + " ($CLOUDFLARE_ACCOUNT_ID): the API token cannot see it (it sees aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa)"}},
		{name: "token that sees no account", api: func(t *testing.T) (string, string) {
			s := cloudflaretest.Start(t, cloudflaretest.WithAccounts())
			return s.URL(), s.Token()
		}, want: []string{"the API token sees no account"}},
		{name: "list that is not a list", api: func(t *testing.T) (string, string) {
			return fakeAPI(t, `{"success":true,"errors":[],"messages":[],"result":{"databases":[]}}`).URL + "/client/v4/", "tok"
		}, want: []string{"GET /client/v4/accounts/" + cloudflaretest.AccountID + "/d1/database: an answer this tool cannot decode: the result is not a list of objects"}},
		{name: "buckets without their list", api: func(t *testing.T) (string, string) {
			return fakeAPI(t, `{"success":true,"errors":[],"messages":[],"result":[]}`).URL + "/client/v4/", "tok"
		}, change: func(o *options) { o.only = "r2" }, want: []string{"/r2/buckets: an answer this tool cannot decode: the result has no \"buckets\" list"}},
		{name: "items without names", api: func(t *testing.T) (string, string) {
			return fakeAPI(t, `{"success":true,"errors":[],"messages":[],"result":[{"unexpected":1}],"result_info":{"page":1,"per_page":20,"count":1,"total_count":1}}`).URL + "/client/v4/", "tok"
		}, change: func(o *options) { o.only = "d1" }, want: []string{"listing D1 databases: an answer this tool cannot decode: an entry has no name or ID"}},
		{name: "not JSON", api: func(t *testing.T) (string, string) {
			return fakeAPI(t, `<html>maintenance</html>`).URL + "/client/v4/", "tok"
		}, want: []string{"an answer this tool cannot decode"}},
		{name: "empty account over a good file", api: func(t *testing.T) (string, string) {
			s := cloudflaretest.Start(t) // nothing seeded
			return s.URL(), s.Token()
		}, change: func(o *options) { o.only = "r2,queues" }, want: []string{"has none of the stack's resources", "lists 1: not replacing it with an empty import file", "-allow-empty"}},
		{name: "negative retries", change: func(o *options) { o.maxRetries = -1 }, want: []string{"-max-retries -1: must be 0 or more"}},
		{name: "no account", env: "-", want: []string{`config "dome-infra:accountId": is required`}},
		{name: "stand-in account", env: config.StandInAccountID, want: []string{`config "dome-infra:accountId": 0123456789abcdef0123456789abcdef (from CLOUDFLARE_ACCOUNT_ID) is a stand-in`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := handMadeProd(t)
			switch tt.env {
			case "":
			case "-":
				t.Setenv(config.EnvAccountID, "")
			default:
				t.Setenv(config.EnvAccountID, tt.env)
			}
			o := optionsFor(t, s)
			if tt.api != nil {
				o.apiURL, o.token = tt.api(t)
			}
			if tt.change != nil {
				tt.change(&o)
			}
			require.NoError(t, os.WriteFile(o.out, []byte(goodFile), 0o644))
			err := run(context.Background(), o, &bytes.Buffer{}, &bytes.Buffer{})
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
			data, rerr := os.ReadFile(o.out)
			require.NoError(t, rerr)
			assert.Equal(t, goodFile, string(data), "the good import file is kept")
			assert.Empty(t, s.WriteRequests())
		})
	}
}

func TestAllowEmptyReplacesTheFile(t *testing.T) {
	s := cloudflaretest.Start(t)
	o := optionsFor(t, s)
	o.out = filepath.Join(t.TempDir(), "import.json")
	require.NoError(t, os.WriteFile(o.out, []byte(goodFile), 0o644))
	o.allowEmpty, o.only = true, "r2"
	require.NoError(t, run(context.Background(), o, &bytes.Buffer{}, &bytes.Buffer{}))
	data, err := os.ReadFile(o.out)
	require.NoError(t, err)
	assert.JSONEq(t, `{"resources":[]}`, string(data))
}

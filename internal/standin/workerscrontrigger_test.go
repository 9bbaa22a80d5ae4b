package standin

import (
	"strings"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dome/dome-infra/internal/cloudflaretest"
)

func cronInputs(script string, schedules ...string) map[string]any {
	list := make([]any, len(schedules))
	for i, s := range schedules {
		list[i] = s
	}
	return map[string]any{"accountId": acct, "scriptName": script, "schedules": list}
}

func crons(s *cloudflaretest.Server, script string) []string {
	var out []string
	for _, sc := range s.Schedules(acct, script) {
		out = append(out, sc.Cron)
	}
	return out
}

func TestWorkersCronTriggerLifecycle(t *testing.T) {
	s, srv := configured(t)
	s.SeedScript(acct, cloudflaretest.ScriptState{Name: "dome-cron"})
	h := newHarness(t, srv, WorkersCronTriggerType)

	in := cronInputs("dome-cron", "*/5 * * * *", "0 3 * * *")
	s.ResetRequests()
	id, state := h.create(in)
	assert.Equal(t, "dome-cron", id, "the ID is the script name")
	assert.Equal(t, in, plain(state))
	assert.Equal(t, []string{"*/5 * * * *", "0 3 * * *"}, crons(s, "dome-cron"))
	assert.Equal(t, 1, s.Count("PUT", "/accounts/*/workers/scripts/dome-cron/schedules"), "create is one PUT")
	assert.Len(t, s.WriteRequests(), 1)

	read := h.refresh(id, state, props(in))
	assert.Equal(t, in, plain(read.Inputs), "schedules in the program's order")
	h.requireNoChanges(read, in)

	// schedules compare as a set (v5 declares them a set).
	_, d := h.diff(id, state, cronInputs("dome-cron", "0 3 * * *", "*/5 * * * *"))
	assert.False(t, d.HasChanges)

	newIn, d := h.diff(id, state, cronInputs("dome-cron", "*/10 * * * *"))
	assert.Equal(t, map[string]p.PropertyDiff{"schedules": {Kind: p.Update}}, d.DetailedDiff)
	state = h.update(id, state, newIn)
	assert.Equal(t, cronInputs("dome-cron", "*/10 * * * *"), plain(state))
	assert.Equal(t, []string{"*/10 * * * *"}, crons(s, "dome-cron"))

	for _, tc := range []struct {
		name   string
		inputs map[string]any
		prop   string
	}{
		{"new script replaces", cronInputs("dome-cron-2", "*/10 * * * *"), "scriptName"},
		{"new account replaces", map[string]any{"accountId": strings.Repeat("c", 32), "scriptName": "dome-cron",
			"schedules": []any{"*/10 * * * *"}}, "accountId"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.t = t
			_, d := h.diff(id, state, tc.inputs)
			assert.Equal(t, map[string]p.PropertyDiff{tc.prop: {Kind: p.UpdateReplace}}, d.DetailedDiff)
			assert.False(t, d.DeleteBeforeReplace)
		})
	}
	h.t = t

	h.delete(id, state)
	assert.Empty(t, crons(s, "dome-cron"), "delete PUTs an empty list")
	_, ok := s.Script(acct, "dome-cron")
	assert.True(t, ok, "the script stays")
}

func TestWorkersCronTriggerImport(t *testing.T) {
	s, srv := configured(t)
	s.SeedScript(acct, cloudflaretest.ScriptState{Name: "dome-cron"})
	require.NoError(t, s.SetSchedules(acct, "dome-cron", "*/5 * * * *", "30 1 * * 1"))
	h := newHarness(t, srv, WorkersCronTriggerType)
	s.ResetRequests()

	read := h.importRead(acct + "/dome-cron")
	assert.Equal(t, "dome-cron", read.ID)
	assert.Equal(t, cronInputs("dome-cron", "*/5 * * * *", "30 1 * * 1"), plain(read.Inputs), "in the API's order")
	assert.Equal(t, plain(read.Inputs), plain(read.Properties))
	h.requireNoChanges(read, cronInputs("dome-cron", "*/5 * * * *", "30 1 * * 1"))
	h.requireNoChanges(read, cronInputs("dome-cron", "30 1 * * 1", "*/5 * * * *"))
	assert.Empty(t, s.WriteRequests())

	assert.Empty(t, h.importRead(acct+"/no-such-script").ID, "a missing script")
	_, err := srv.Read(p.ReadRequest{ID: "dome-cron", Urn: h.urn})
	assert.ErrorContains(t, err, "<account_id>/<script_name>")
}

func TestWorkersCronTriggerDrift(t *testing.T) {
	s, srv := configured(t)
	s.SeedScript(acct, cloudflaretest.ScriptState{Name: "dome-cron"})
	h := newHarness(t, srv, WorkersCronTriggerType)
	in := cronInputs("dome-cron", "*/5 * * * *")
	id, state := h.create(in)

	t.Run("schedules changed", func(t *testing.T) {
		h.t = t
		require.NoError(t, s.SetSchedules(acct, "dome-cron", "0 * * * *"))
		read := h.refresh(id, state, props(in))
		assert.Equal(t, id, read.ID)
		assert.Equal(t, cronInputs("dome-cron", "0 * * * *"), plain(read.Properties))
		_, d := h.diff(id, read.Properties, in)
		assert.Equal(t, map[string]p.PropertyDiff{"schedules": {Kind: p.Update}}, d.DetailedDiff)
	})
	t.Run("schedules removed", func(t *testing.T) {
		h.t = t
		require.NoError(t, s.SetSchedules(acct, "dome-cron"))
		read := h.refresh(id, state, props(in))
		assert.Equal(t, id, read.ID, "no schedules is drift, as in v5, not a deletion")
		assert.Equal(t, map[string]any{"accountId": acct, "scriptName": "dome-cron", "schedules": []any{}}, plain(read.Properties))
		_, d := h.diff(id, read.Properties, in)
		assert.Equal(t, map[string]p.PropertyDiff{"schedules": {Kind: p.Add}}, d.DetailedDiff)
	})
	t.Run("script deleted", func(t *testing.T) {
		h.t = t
		logs := captureLogs(t)
		require.True(t, s.DeleteScript(acct, "dome-cron"))
		assert.Empty(t, h.refresh(id, state, props(in)).ID)
		h.delete(id, state)
		assert.Contains(t, logs(), "was already deleted")
	})
}

func TestWorkersCronTriggerCreateOnMissingScript(t *testing.T) {
	_, srv := configured(t)
	err := newHarness(t, srv, WorkersCronTriggerType).createErr(cronInputs("ghost", "* * * * *"))
	assert.ErrorContains(t, err, `worker "ghost"`)
	assert.ErrorContains(t, err, "404")
}

func TestWorkersCronTriggerCheck(t *testing.T) {
	h := newHarness(t, newProvider(t), WorkersCronTriggerType)
	runCheckCases(t, h, cronInputs("dome-cron", "*/5 * * * *"), []checkCase{
		{name: "valid"},
		{name: "missing schedules", mutate: map[string]any{"schedules": nil}, wantProps: []string{"schedules"}},
		{name: "empty schedules", mutate: map[string]any{"schedules": []any{}}, wantProps: []string{"schedules"}, wantIn: "at least one"},
		{name: "blank schedule", mutate: map[string]any{"schedules": []any{"* * * * *", " "}}, wantProps: []string{"schedules[1]"}},
		{name: "missing scriptName", mutate: map[string]any{"scriptName": nil}, wantProps: []string{"scriptName"}},
		{name: "scriptName with slash", mutate: map[string]any{"scriptName": "a/b"}, wantProps: []string{"scriptName"}},
		{name: "missing accountId", mutate: map[string]any{"accountId": nil}, wantProps: []string{"accountId"}},
		{name: "unknown schedules in preview", mutate: map[string]any{"schedules": unknown}},
		{name: "unknown schedule in preview", mutate: map[string]any{"schedules": []any{unknown}}},
	})
}

package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/cloudflare/cloudflare-go/v6/workers"

	"github.com/dome/dome-infra/internal/cfapi"
)

// What a Worker has in Cloudflare that WorkerScript does not model: bindings of other
// types (Durable Objects, Hyperdrive, browser, mTLS, version metadata, dispatch
// namespaces, send_email, assets, workflows, …; cloudflare-go v6's binding types) and
// settings (logpush, placement, limits, tail_consumers, usage_model).
//
// Nothing of it is dropped silently. Read reports each in the state
// (unmodelledBindings, unmodelledSettings) with a warning; Diff then shows it as a
// change for as long as it exists — a program cannot declare it — and says in a
// warning what the update does to it:
//
//   - An external Worker's update is a settings PATCH that sends every unmodelled
//     binding as `inherit` and leaves out every unmodelled setting (PATCH merges):
//     both are kept. The change is an update ("~"), and the update makes no request
//     for it.
//   - A bundle's upload keeps only secrets (keep_bindings): every unmodelled binding
//     is removed, and so are the per-version settings it leaves out (placement,
//     limits, usage_model); logpush and tail_consumers are script-level and an upload
//     that leaves them out keeps them (as the emulator models it, doc.go). When the
//     update uploads, the change is a delete ("-"), which the deploy guard refuses in
//     staging and prod and scripts/import classifies as DESTRUCTIVE; when it does not
//     upload, it is an update and the warning says the next upload removes it.

// UnmodelledBinding is a binding of a type WorkerScript does not model.
type UnmodelledBinding struct {
	Name   string `pulumi:"name"`
	Type   string `pulumi:"type"`
	Config string `pulumi:"config,optional"`
}

// Annotate documents the type.
func (b *UnmodelledBinding) Annotate(a infer.Annotator) {
	a.Describe(&b.Name, "Binding name.")
	a.Describe(&b.Type, "Cloudflare's binding type, e.g. durable_object_namespace.")
	a.Describe(&b.Config, "The binding's other fields as Cloudflare returns them, as JSON text.")
}

// scriptKeptSettings are the unmodelled settings an upload that leaves them out keeps
// (script-level, not per version).
var scriptKeptSettings = map[string]bool{"logpush": true, "tail_consumers": true}

// readUnmodelled picks out of a settings answer what WorkerScript does not model. A
// setting is reported only when it is not Cloudflare's default (logpush false, no
// placement, no limits, no tail consumers, usage model standard).
func readUnmodelled(s *workers.ScriptScriptAndVersionSettingGetResponse) ([]UnmodelledBinding, map[string]string) {
	var bindings []UnmodelledBinding
	for _, b := range s.Bindings {
		if modelledBindingTypes[string(b.Type)] || b.Type == "secret_text" || b.Type == "secret_key" {
			continue
		}
		bindings = append(bindings, UnmodelledBinding{Name: b.Name, Type: string(b.Type), Config: otherFields(b.JSON.RawJSON())})
	}
	slices.SortFunc(bindings, func(a, b UnmodelledBinding) int { return strings.Compare(a.Name, b.Name) })

	settings := map[string]string{}
	var raw map[string]json.RawMessage
	_ = json.Unmarshal([]byte(s.JSON.RawJSON()), &raw)
	for _, key := range []string{"logpush", "placement", "limits", "tail_consumers", "usage_model"} {
		v := compactJSON(raw[key])
		switch v {
		case "", "null", "false", "{}", "[]", `""`, `"standard"`:
			continue
		}
		settings[key] = v
	}
	if len(settings) == 0 {
		settings = nil
	}
	return bindings, settings
}

// otherFields is a binding's JSON without its name and type, keys sorted ("" when
// nothing is left).
func otherFields(raw string) string {
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(raw), &m) != nil {
		return ""
	}
	delete(m, "name")
	delete(m, "type")
	if len(m) == 0 {
		return ""
	}
	out, _ := json.Marshal(m) // map keys are sorted
	return compactJSON(out)
}

func compactJSON(raw []byte) string {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw)
	}
	return b.String()
}

// UnmodelledEffect is what the update does to one unmodelled binding or setting:
// whether it survives, and in words.
func UnmodelledEffect(external, uploads bool, setting string) (kept bool, effect string) {
	const fix = "; add it to the provider and the estate, or make the Worker's code external"
	switch {
	case external && setting != "":
		return true, "kept: the settings update of an external Worker leaves it out, and a PATCH keeps what it leaves out"
	case external:
		return true, "kept: the settings update of an external Worker sends it as `inherit`"
	case setting != "" && scriptKeptSettings[setting]:
		return true, "kept: an upload that leaves out a script-level setting keeps it"
	case setting != "" && uploads:
		return false, "RESET by this update's upload of the bundle, which sets the new version's placement, " +
			"limits and usage model" + fix
	case uploads:
		return false, "REMOVED by this update's upload of the bundle (an upload keeps only secrets)" + fix
	case setting != "":
		return true, "kept by this update (no upload), but the next upload of the bundle resets it" + fix
	default:
		return true, "kept by this update (no upload), but the next upload of the bundle removes it" + fix
	}
}

// diffUnmodelled adds unmodelledBindings and unmodelledSettings to the diff when the
// state has any, as a delete when this update removes one (uploads: the update
// uploads a bundle), else as an update, and returns one warning per item.
func diffUnmodelled(d *cfapi.Differ, st WorkerScriptState, in WorkerScriptArgs, uploads bool) []string {
	external := isExternal(in.WorkerSettings)
	var warnings []string
	for _, b := range st.UnmodelledBindings {
		_, effect := UnmodelledEffect(external, uploads, "")
		warnings = append(warnings, fmt.Sprintf("Worker %q has a binding %s of type %s that WorkerScript does not model: %s",
			in.Name, b.Name, b.Type, effect))
	}
	if len(st.UnmodelledBindings) > 0 {
		d.Change("unmodelledBindings", true, true, external || !uploads, false)
	}
	settingRemoved := false
	for _, k := range slices.Sorted(maps.Keys(st.UnmodelledSettings)) {
		kept, effect := UnmodelledEffect(external, uploads, k)
		settingRemoved = settingRemoved || !kept
		warnings = append(warnings, fmt.Sprintf("Worker %q has the setting %s = %s, which WorkerScript does not model: %s",
			in.Name, k, st.UnmodelledSettings[k], effect))
	}
	if len(st.UnmodelledSettings) > 0 {
		d.Change("unmodelledSettings", true, true, !settingRemoved, false)
	}
	return warnings
}

// keptUnmodelled is what an update leaves of the state's unmodelled bindings and
// settings: all of them, unless it uploaded a bundle, which keeps the script-level
// settings only.
func keptUnmodelled(st WorkerScriptState, external, uploaded bool) ([]UnmodelledBinding, map[string]string) {
	if external || !uploaded {
		return st.UnmodelledBindings, st.UnmodelledSettings
	}
	var settings map[string]string
	for k, v := range st.UnmodelledSettings {
		if scriptKeptSettings[k] {
			if settings == nil {
				settings = map[string]string{}
			}
			settings[k] = v
		}
	}
	return nil, settings
}

// readWarnings are Read's warnings (import and refresh) for what it found unmodelled.
func readWarnings(name string, external bool, bindings []UnmodelledBinding, settings map[string]string) []string {
	var out []string
	for _, b := range bindings {
		effect := "an upload of the Worker's bundle removes it (uploads keep only secrets)"
		if external {
			effect = "the settings update of this external Worker keeps it (inherit)"
		}
		out = append(out, fmt.Sprintf("Worker %q has a binding %s of type %s that WorkerScript does not model "+
			"(listed in unmodelledBindings; every preview shows it as a change): %s", name, b.Name, b.Type, effect))
	}
	for _, k := range slices.Sorted(maps.Keys(settings)) {
		effect := "an upload of the Worker's bundle resets it"
		if external || scriptKeptSettings[k] {
			effect = "every update keeps it"
		}
		out = append(out, fmt.Sprintf("Worker %q has the setting %s = %s, which WorkerScript does not model "+
			"(listed in unmodelledSettings; every preview shows it as a change): %s", name, k, settings[k], effect))
	}
	return out
}

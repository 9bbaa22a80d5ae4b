package guard

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// digest is the part of `pulumi preview --json`'s output the guard reads
// (pkg/v3/display.PreviewDigest).
type digest struct {
	Steps []struct {
		Op             apitype.OpType      `json:"op"`
		URN            string              `json:"urn"`
		OldState       *apitype.ResourceV3 `json:"oldState"`
		NewState       *apitype.ResourceV3 `json:"newState"`
		DiffReasons    []string            `json:"diffReasons"`
		ReplaceReasons []string            `json:"replaceReasons"`
		DetailedDiff   map[string]struct {
			Kind apitype.DiffKind `json:"kind"`
		} `json:"detailedDiff"`
	} `json:"steps"`
	Diagnostics []struct {
		URN      string `json:"urn"`
		Message  string `json:"message"`
		Severity string `json:"severity"`
	} `json:"diagnostics"`
}

// Read reads a preview in either format: `pulumi preview --json`'s
// document, or the JSON lines of engine events (`--event-log`).
func Read(r io.Reader) (Preview, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return Preview{}, err
	}
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return Preview{}, errors.New("the preview is empty: was `pulumi preview` run with --json or --event-log?")
	}
	var first map[string]json.RawMessage
	if err := json.NewDecoder(bytes.NewReader(b)).Decode(&first); err != nil {
		return Preview{}, fmt.Errorf("the preview is not JSON (`pulumi preview --json`, or an --event-log file): %w", err)
	}
	if _, isEvent := first["sequence"]; isEvent {
		return readEvents(b)
	}
	return readDigest(b)
}

func readDigest(b []byte) (Preview, error) {
	var d digest
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&d); err != nil {
		return Preview{}, fmt.Errorf("reading `pulumi preview --json` output: %w", err)
	}
	var p Preview
	for _, s := range d.Steps {
		step := Step{Op: s.Op, URN: s.URN, DiffReasons: s.DiffReasons, ReplaceReasons: s.ReplaceReasons}
		if s.DetailedDiff != nil {
			step.DetailedDiff = map[string]apitype.DiffKind{}
			for path, pd := range s.DetailedDiff {
				step.DetailedDiff[path] = pd.Kind
			}
		}
		if s.OldState != nil {
			step.OldInputs = s.OldState.Inputs
			step.Type = string(s.OldState.Type)
		}
		if s.NewState != nil {
			step.NewInputs = s.NewState.Inputs
			step.Type = string(s.NewState.Type)
		}
		p.Steps = append(p.Steps, named(step))
	}
	for _, d := range d.Diagnostics {
		if d.Severity == "error" {
			p.Errors = append(p.Errors, diagnostic(d.URN, d.Message))
		}
	}
	return p, nil
}

func readEvents(b []byte) (Preview, error) {
	var p Preview
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		var ev apitype.EngineEvent
		if err := json.Unmarshal(text, &ev); err != nil {
			return Preview{}, fmt.Errorf("engine event on line %d: %w", line, err)
		}
		if d := ev.DiagnosticEvent; d != nil && d.Severity == "error" {
			p.Errors = append(p.Errors, diagnostic(d.URN, d.Prefix+d.Message))
		}
		if ev.ResourcePreEvent == nil {
			continue
		}
		m := ev.ResourcePreEvent.Metadata
		step := Step{Op: m.Op, URN: m.URN, Type: m.Type, DiffReasons: m.Diffs, ReplaceReasons: m.Keys}
		if m.DetailedDiff != nil {
			step.DetailedDiff = map[string]apitype.DiffKind{}
			for path, pd := range m.DetailedDiff {
				step.DetailedDiff[path] = pd.Kind
			}
		}
		if m.Old != nil {
			step.OldInputs = m.Old.Inputs
		}
		if m.New != nil {
			step.NewInputs = m.New.Inputs
		}
		p.Steps = append(p.Steps, named(step))
	}
	if err := sc.Err(); err != nil {
		return Preview{}, fmt.Errorf("reading engine events: %w", err)
	}
	return p, nil
}

// named fills the step's type (when the state did not give it) and name
// from its URN.
func named(s Step) Step {
	if resource.URN(s.URN).IsValid() {
		u := resource.URN(s.URN)
		if s.Type == "" {
			s.Type = string(u.Type())
		}
		s.Name = u.Name()
	}
	return s
}

func diagnostic(urn, msg string) string {
	msg = strings.TrimSpace(msg)
	if urn != "" {
		return urn + ": " + msg
	}
	return msg
}

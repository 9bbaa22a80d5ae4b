package plan

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/dome/dome-infra/internal/config"
)

// Plan is what `pulumi up` of a stack would create, as the mocks saw it.
// Its JSON form is a contract that tools read: keep the shape.
type Plan struct {
	Stack     string     `json:"stack"`
	Resources []Resource `json:"resources"`
}

// Resource is one planned resource.
type Resource struct {
	Type      string         `json:"type"`
	Name      string         `json:"name"`
	ID        string         `json:"id"`
	Inputs    map[string]any `json:"inputs"`
	DependsOn []string       `json:"dependsOn"`
	// Parent is the parent component's type and name
	// ("dome:index:Service::silo"); empty at the top of the stack.
	Parent  string `json:"parent"`
	Protect bool   `json:"protect"`
	// Component marks a component resource: a parent in the state with no
	// provider, no ID and nothing in Cloudflare.
	Component bool `json:"component,omitempty"`
}

// Ref is the resource's type and name, what a child's Parent holds.
func (r Resource) Ref() Ref { return Ref{Type: r.Type, Name: r.Name} }

// Secret is how a secret value shows in a plan.
const Secret = "[secret]"

// WithConfig hands the program a stack's config the way the engine does,
// without the process environment, so runs do not leak into each other.
func WithConfig(values config.Values) pulumi.RunOption {
	return func(info *pulumi.RunInfo) {
		info.Config = map[string]string{}
		info.ConfigSecretKeys = nil
		for k, v := range values {
			info.Config[k] = v.Value
			if v.Secret {
				info.ConfigSecretKeys = append(info.ConfigSecretKeys, k)
			}
		}
		sort.Strings(info.ConfigSecretKeys)
	}
}

// WithRoot sets the project directory, against which the program resolves
// relative paths (worker bundles), as the CLI does.
func WithRoot(dir string) pulumi.RunOption {
	return func(info *pulumi.RunInfo) { info.RootDirectory = dir }
}

// Run runs program for the stack under mocks with the given config, and
// returns the plan and the mocks (for tests that look deeper). The run is
// offline (config.Offline: an offline account may stand in) and knows every
// key of values (the unknown-key check).
func Run(stack string, values config.Values, program pulumi.RunFunc, opts ...pulumi.RunOption) (*Plan, *Mocks, error) {
	return RunMode(config.Offline, stack, values, program, opts...)
}

// RunMode is Run in the given mode: config.Deploy runs the program as
// preview and up would (no offline account), still under mocks.
func RunMode(mode config.Mode, stack string, values config.Values, program pulumi.RunFunc, opts ...pulumi.RunOption) (*Plan, *Mocks, error) {
	mocks := &Mocks{}
	var info pulumi.RunInfo
	for _, o := range append([]pulumi.RunOption{pulumi.WithMocks(config.Project, stack, mocks), WithConfig(values)}, opts...) {
		o(&info)
	}
	base := config.WithRun(context.Background(), config.Run{Mode: mode, Keys: values.Keys()})
	ctx, err := pulumi.NewContext(base, info)
	if err != nil {
		return nil, mocks, err
	}
	defer ctx.Close()
	if err := pulumi.RunWithContext(ctx, program); err != nil {
		return nil, mocks, err
	}
	return FromRegistrations(stack, mocks.Registrations()), mocks, nil
}

// RunStack is Run with the stack's own Pulumi.<stack>.yaml from projectDir.
func RunStack(projectDir, stack string, program pulumi.RunFunc) (*Plan, *Mocks, error) {
	root, err := filepath.Abs(projectDir)
	if err != nil {
		return nil, nil, err
	}
	values, err := config.ReadStack(root, stack)
	if err != nil {
		return nil, nil, err
	}
	return Run(stack, values, program, WithRoot(root))
}

// FromRegistrations builds the plan, sorted by type then name.
func FromRegistrations(stack string, regs []Registration) *Plan {
	p := &Plan{Stack: stack, Resources: make([]Resource, 0, len(regs))}
	for _, r := range regs {
		deps := append([]string{}, r.DependsOn...)
		sort.Strings(deps)
		p.Resources = append(p.Resources, Resource{
			Type:      r.Type,
			Name:      r.Name,
			ID:        r.ID,
			Inputs:    plain(r.Inputs),
			DependsOn: deps,
			Parent:    r.Parent,
			Protect:   r.Protect,
			Component: !r.Custom,
		})
	}
	sort.Slice(p.Resources, func(i, j int) bool {
		a, b := p.Resources[i], p.Resources[j]
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		return a.Name < b.Name
	})
	return p
}

// plain turns resolved inputs into JSON values, hiding secrets.
func plain(m resource.PropertyMap) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if strings.HasPrefix(string(k), "__") {
			continue // engine bookkeeping such as __defaults
		}
		out[string(k)] = plainValue(v)
	}
	return out
}

func plainValue(v resource.PropertyValue) any {
	switch {
	case v.IsSecret():
		return Secret
	case v.IsOutput():
		o := v.OutputValue()
		if o.Secret {
			return Secret
		}
		if !o.Known {
			return "[unknown]"
		}
		return plainValue(o.Element)
	case v.IsComputed():
		return "[unknown]"
	case v.IsObject():
		return plain(v.ObjectValue())
	case v.IsArray():
		arr := v.ArrayValue()
		out := make([]any, len(arr))
		for i, e := range arr {
			out[i] = plainValue(e)
		}
		return out
	case v.IsNull():
		return nil
	}
	return v.V
}

// JSON is the plan in its contract form.
func (p *Plan) JSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Tree is the plan for people: resources under their parents, each with its
// protection, what it waits for and its inputs (long text as its size).
func (p *Plan) Tree() string {
	var b strings.Builder
	components := 0
	for _, r := range p.Resources {
		if r.Component {
			components++
		}
	}
	fmt.Fprintf(&b, "Stack %s: %d resources to create, plus %d components (parents in the state, nothing in Cloudflare)\n",
		p.Stack, len(p.Resources)-components, components)
	children := map[string][]Resource{}
	for _, r := range p.Resources {
		children[r.Parent] = append(children[r.Parent], r)
	}
	var walk func(parent, indent string)
	walk = func(parent, indent string) {
		for _, r := range children[parent] {
			fmt.Fprintf(&b, "%s+ %s  %s", indent, r.Type, r.Name)
			if name, ok := r.Inputs["name"].(string); ok && name != r.Name {
				fmt.Fprintf(&b, "  (%s)", name)
			}
			if r.Protect {
				b.WriteString("  [protected]")
			}
			if len(r.DependsOn) > 0 {
				fmt.Fprintf(&b, "  after %s", strings.Join(r.DependsOn, ", "))
			}
			b.WriteString("\n")
			writeInputs(&b, indent+"      ", r.Inputs)
			walk(r.Ref().String(), indent+"    ")
		}
	}
	walk("", "  ")
	return b.String()
}

// writeInputs lists inputs one per line, sorted; the account ID and name
// are on the resource's own line already.
func writeInputs(b *strings.Builder, indent string, inputs map[string]any) {
	keys := make([]string, 0, len(inputs))
	for k := range inputs {
		if k != "accountId" && k != "name" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := inputs[k]
		if s, ok := v.(string); ok && (len(s) > 80 || strings.Contains(s, "\n")) {
			fmt.Fprintf(b, "%s%s: <%d bytes>\n", indent, k, len(s))
			continue
		}
		j, err := json.Marshal(v)
		if err != nil {
			j = []byte(fmt.Sprint(v))
		}
		fmt.Fprintf(b, "%s%s: %s\n", indent, k, j)
	}
}

// String is the string input key ("" when absent or not a string).
func (r Resource) String(key string) string {
	s, _ := r.Inputs[key].(string)
	return s
}

// Int is the number input key (JSON numbers are float64; 0 when absent).
func (r Resource) Int(key string) int {
	switch v := r.Inputs[key].(type) {
	case float64:
		return int(v)
	case int:
		return v
	}
	return 0
}

// Strings is the list-of-strings input key.
func (r Resource) Strings(key string) []string {
	list, _ := r.Inputs[key].([]any)
	var out []string
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// ParseRef reads a Ref from its String form ("dome:index:Service::silo").
// Type tokens never contain "::".
func ParseRef(s string) (Ref, error) {
	typ, name, ok := strings.Cut(s, "::")
	if !ok || typ == "" || name == "" {
		return Ref{}, fmt.Errorf("%q is not a resource reference (<type>::<name>)", s)
	}
	return Ref{Type: typ, Name: name}, nil
}

// Get returns the resource of the plan with that type and name.
func (p *Plan) Get(ref Ref) (Resource, bool) {
	for _, r := range p.Resources {
		if r.Ref() == ref {
			return r, true
		}
	}
	return Resource{}, false
}

// ParentOf returns r's parent; ok is false at the top of the stack.
func (p *Plan) ParentOf(r Resource) (parent Resource, ok bool, err error) {
	if r.Parent == "" {
		return Resource{}, false, nil
	}
	ref, err := ParseRef(r.Parent)
	if err != nil {
		return Resource{}, false, fmt.Errorf("%s %q: parent: %w", r.Type, r.Name, err)
	}
	parent, found := p.Get(ref)
	if !found {
		return Resource{}, false, fmt.Errorf("%s %q: parent %s is not in the plan", r.Type, r.Name, r.Parent)
	}
	return parent, true, nil
}

// URN is the URN the engine gives r in the plan's stack of project: the
// types of its parents qualify its own
// (urn:pulumi:prod::dome-infra::dome:index:Service$dome-cloudflare:index:WorkerScript::silo).
func (p *Plan) URN(project string, r Resource) (string, error) {
	var parentType tokens.Type
	parent, ok, err := p.ParentOf(r)
	if err != nil {
		return "", err
	}
	if ok {
		urn, err := p.URN(project, parent)
		if err != nil {
			return "", err
		}
		parentType = resource.URN(urn).QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(p.Stack), tokens.PackageName(project), parentType, tokens.Type(r.Type), r.Name)), nil
}

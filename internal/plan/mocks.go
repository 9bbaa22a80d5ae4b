// Package plan runs the real program under Pulumi mocks and records what it
// registers: the offline plan behind `make plan`, and the shared mock
// harness of every test that runs the program.
package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"google.golang.org/protobuf/types/known/emptypb"
)

// Registration is one resource the program registered.
type Registration struct {
	Type   string
	Name   string
	URN    string
	ID     string
	Custom bool
	// Inputs are the resolved inputs, as the provider would receive them.
	Inputs resource.PropertyMap
	// DependsOn are the logical names of the resources this one waits for,
	// from explicit DependsOn and from the outputs its inputs use.
	DependsOn []string
	// Deps are the same dependencies with their types, since a logical
	// name alone can be shared by resources of different types.
	Deps []Ref
	// Parent is the parent's type and logical name ("dome:index:Service::silo",
	// Ref.String); empty at the top of the stack. A name alone is not
	// enough: the D1 database, the worker script and the service of silo
	// are all called "silo".
	Parent         string
	Provider       string
	Protect        bool
	RetainOnDelete bool
}

// Mocks is a pulumi.MockResourceMonitor that records every registration
// and hands out Cloudflare-shaped IDs (see ids.go). Safe for concurrent use,
// as the SDK registers resources from several goroutines.
type Mocks struct {
	mu   sync.Mutex
	regs []Registration
	// completed counts RegisterResourceOutputs calls: one per component
	// that marked itself complete, and one for the stack (its exports).
	completed int
}

var _ pulumi.MockResourceMonitor = (*Mocks)(nil)

// NewResource records the registration and echoes its inputs as outputs.
func (m *Mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	reg := Registration{
		Type:     args.TypeToken,
		Name:     args.Name,
		Custom:   args.Custom,
		Inputs:   args.Inputs,
		Provider: nameOfProviderRef(args.Provider),
	}
	if rpc := args.RegisterRPC; rpc != nil {
		if parent := rpc.GetParent(); parent != "" && !strings.Contains(parent, "::pulumi:pulumi:Stack::") {
			reg.Parent = refOfURN(parent).String() // a resource at the top has no parent in the plan
		}
		urns := rpc.GetDependencies()
		for _, deps := range rpc.GetPropertyDependencies() {
			urns = append(urns, deps.GetUrns()...)
		}
		for _, urn := range urns {
			if ref := refOfURN(urn); !contains(reg.Deps, ref) {
				reg.Deps = append(reg.Deps, ref)
				reg.DependsOn = append(reg.DependsOn, ref.Name)
			}
		}
		reg.Protect = rpc.GetProtect()
		reg.RetainOnDelete = rpc.GetRetainOnDelete()
	}
	reg.ID = args.ID
	if reg.ID == "" && args.Custom {
		reg.ID = mockID(args.TypeToken, args.Name, args.Inputs)
	}
	m.mu.Lock()
	m.regs = append(m.regs, reg)
	m.mu.Unlock()
	return reg.ID, outputs(args.TypeToken, args.Inputs), nil
}

// RegisterResourceOutputs counts a component's completion
// (pulumi.Context.RegisterResourceOutputs); the SDK's mock monitor calls it.
func (m *Mocks) RegisterResourceOutputs() (*emptypb.Empty, error) {
	m.mu.Lock()
	m.completed++
	m.mu.Unlock()
	return &emptypb.Empty{}, nil
}

// Completed is how many components registered their outputs, counting the
// stack, which registers its exports when the program returns.
func (m *Mocks) Completed() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.completed
}

// Call answers provider functions; the program calls none.
func (m *Mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return nil, fmt.Errorf("mocks: unexpected call of %s", args.Token)
}

// Registrations returns a copy of what was registered so far.
func (m *Mocks) Registrations() []Registration {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Registration(nil), m.regs...)
}

// Find returns the registrations of one type.
func (m *Mocks) Find(typ string) []Registration {
	var out []Registration
	for _, r := range m.Registrations() {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// Get returns the one registration of that type and name.
func (m *Mocks) Get(typ, name string) (Registration, bool) {
	for _, r := range m.Find(typ) {
		if r.Name == name {
			return r, true
		}
	}
	return Registration{}, false
}

// Ref names a resource by type and logical name.
type Ref struct{ Type, Name string }

func (r Ref) String() string { return r.Type + "::" + r.Name }

// refOfURN is the type and name of a URN. Its type segment is qualified
// by the parents' types ("dome:index:Service$dome-cloudflare:index:WorkerScript"):
// the resource's own type is the last.
func refOfURN(urn string) Ref {
	u := resource.URN(urn)
	return Ref{Type: string(u.Type()), Name: u.Name()}
}

func cutLast(s, sep string) (before, after string, found bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return "", s, false
	}
	return s[:i], s[i+len(sep):], true
}

func contains[T comparable](list []T, x T) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}

// nameOfURN is the logical name at the end of a URN
// (urn:pulumi:stack::project::type::name).
func nameOfURN(urn string) string {
	if urn == "" {
		return ""
	}
	return urn[strings.LastIndex(urn, "::")+2:]
}

// nameOfProviderRef is the provider's logical name from "<urn>::<id>".
func nameOfProviderRef(ref string) string {
	if ref == "" {
		return ""
	}
	urn, _, _ := strings.Cut(ref, "::"+lastSegment(ref))
	return nameOfURN(urn)
}

func lastSegment(s string) string { return s[strings.LastIndex(s, "::")+2:] }

// digest is a stable hex digest of its parts, for deterministic mock IDs.
func digest(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:])
}

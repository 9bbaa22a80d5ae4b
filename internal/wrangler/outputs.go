package wrangler

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/dome/dome-infra/internal/config"
	"github.com/dome/dome-infra/internal/estate"
	"github.com/dome/dome-infra/internal/naming"
)

// Outputs are the parts of a stack's `pulumi stack output --json` that
// wrangler needs; the program exports them (see program.export).
type Outputs struct {
	Environment string `json:"environment"`
	// D1Databases and Queues are keyed by logical name.
	D1Databases map[string]Resource `json:"d1Databases"`
	Queues      map[string]Resource `json:"queues"`
}

// Resource is one exported resource.
type Resource struct {
	Name string `json:"name"`
	ID   string `json:"id"`
}

// ReadOutputs reads the JSON that `pulumi stack output --json` prints.
func ReadOutputs(path string) (Outputs, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Outputs{}, err
	}
	var o Outputs
	if err := json.Unmarshal(data, &o); err != nil {
		return Outputs{}, fmt.Errorf("%s is not the JSON of `pulumi stack output --json`: %w", path, err)
	}
	return o, nil
}

// check refuses outputs of another stack: IDs of prod's databases in dev's
// configuration would point dev's workers at production data.
func (o Outputs) check(e estate.Estate, c config.Config, names naming.Namer) error {
	if o.Environment != "" && o.Environment != string(c.Environment) {
		return fmt.Errorf("the outputs are of a %s stack, not of %s (environment %s)", o.Environment, c.Stack, c.Environment)
	}
	known := func(kind naming.Kind, exported map[string]Resource, logical []string) error {
		declared := map[string]bool{}
		for _, l := range logical {
			declared[l] = true
		}
		for _, l := range config.SortedKeys(exported) {
			r := exported[l]
			if !declared[l] {
				return fmt.Errorf("the outputs name %s %q, which the estate does not have", kind, l)
			}
			if want := names.Name(kind, l); r.Name != "" && r.Name != want {
				return fmt.Errorf("the outputs' %s %q is named %q, but stack %s names it %q: are they the outputs of another stack?",
					kind, l, r.Name, c.Stack, want)
			}
		}
		return nil
	}
	var dbs, queues []string
	for _, d := range e.Databases {
		dbs = append(dbs, d.Name)
	}
	for _, q := range e.Queues {
		queues = append(queues, q.Name)
	}
	if err := known(naming.Database, o.D1Databases, dbs); err != nil {
		return err
	}
	return known(naming.Queue, o.Queues, queues)
}

package discovery

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"

	"gopkg.in/yaml.v3"

	"github.com/dome/dome-infra/internal/config"
)

// WriteConfig merges the fixes into the stack file at path: each override key
// (dome-infra:workers, consumers, vectorizeIndexes, bucketEvents,
// workerBundles) gets the account's values on top of what the stack already
// says. Everything else in the file, comments included, is kept. Secrets are
// never written: a secret the account has is listed by name only.
func WriteConfig(path string, current config.Config, fixes Fixes) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if len(doc.Content) == 0 {
		doc = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode}}}
	}
	cfgNode := mappingValue(doc.Content[0], "config")

	bundles := map[string]any{}
	for k, v := range fixes.Bundles {
		bundles[k] = v
	}
	keys := []struct {
		key      string
		existing any
		fix      any
	}{
		{config.KeyWorkers, current.Overrides.Workers, fixes.Overrides.Workers},
		{config.KeyConsumers, current.Overrides.Consumers, fixes.Overrides.Consumers},
		{config.KeyVectorizeIndexes, current.Overrides.Indexes, fixes.Overrides.Indexes},
		{config.KeyBucketEvents, current.Overrides.BucketEvents, fixes.Overrides.BucketEvents},
		{config.KeyWorkerBundles, current.WorkerBundles, bundles},
		{config.KeyZones, current.Zones, fixes.Zones},
	}
	for _, k := range keys {
		fix := asMap(k.fix)
		if len(fix) == 0 {
			continue
		}
		merged := merge(asMap(k.existing), fix)
		var value yaml.Node
		if err := value.Encode(merged); err != nil {
			return err
		}
		setMapping(cfgNode, k.key, &value)
	}
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return err
	}
	return os.WriteFile(path, out.Bytes(), 0o644)
}

// asMap is a value as JSON-shaped maps (omitting what its tags omit).
func asMap(v any) map[string]any {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

// merge returns a with b on top, recursively for objects.
func merge(a, b map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if bm, ok := v.(map[string]any); ok {
			if am, ok := out[k].(map[string]any); ok {
				out[k] = merge(am, bm)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// mappingValue returns the mapping under key in m, adding it when missing.
func mappingValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			if m.Content[i+1].Kind != yaml.MappingNode {
				m.Content[i+1] = &yaml.Node{Kind: yaml.MappingNode}
			}
			return m.Content[i+1]
		}
	}
	v := &yaml.Node{Kind: yaml.MappingNode}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
	return v
}

func setMapping(m *yaml.Node, key string, value *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = value
			return
		}
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, value)
}

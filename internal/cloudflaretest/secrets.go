package cloudflaretest

import "slices"

// Secrets: …/scripts/{s}/secrets. A secret is a secret_text (or
// secret_key) binding of the script; putting or deleting one adds a version
// and deploys it, as Cloudflare does. Secret material is never returned.

const (
	codeBindingInUse    = 10053 // "Binding name 'X' already in use" (workers-sdk issue #12812)
	codeBindingNotFound = 10056 // "workers.api.error.binding_not_found" (wrangler-legacy issue #1662)
)

var secretTypes = []string{"secret_text", "secret_key"}

func (s *Server) registerSecrets() {
	const secrets = "/accounts/{account_id}/workers/scripts/{script_name}/secrets"
	s.handle("GET "+secrets, groupWorkers, s.listSecrets)
	s.handle("PUT "+secrets, groupWorkers, s.putSecret)
	s.handle("GET "+secrets+"/{secret_name}", groupWorkers, s.getSecret)
	s.handle("DELETE "+secrets+"/{secret_name}", groupWorkers, s.deleteSecret)
}

// secretJSON is a secret without its material: name and type, plus a
// secret_key's algorithm, format and usages.
func secretJSON(b Binding) map[string]any {
	out := map[string]any{"name": b.Name, "type": b.Type}
	if b.Type == "secret_key" {
		out["format"] = b.Format
		if len(b.Algorithm) > 0 {
			out["algorithm"] = b.Algorithm
		}
		if len(b.Usages) > 0 {
			out["usages"] = b.Usages
		}
	}
	return out
}

func (s *Server) listSecrets(c *call) (any, error) {
	sc, err := c.script()
	if err != nil {
		return nil, err
	}
	out := []map[string]any{}
	for _, b := range sc.Bindings {
		if slices.Contains(secretTypes, b.Type) {
			out = append(out, secretJSON(b))
		}
	}
	return out, nil
}

func (c *call) secret(sc *ScriptState) (int, error) {
	name := c.param("secret_name")
	i := slices.IndexFunc(sc.Bindings, func(b Binding) bool { return b.Name == name && slices.Contains(secretTypes, b.Type) })
	if i < 0 {
		return -1, errNotFound(codeBindingNotFound, "Binding '%s' not found.", name)
	}
	return i, nil
}

func (s *Server) getSecret(c *call) (any, error) {
	sc, err := c.script()
	if err != nil {
		return nil, err
	}
	i, err := c.secret(sc)
	if err != nil {
		return nil, err
	}
	return secretJSON(sc.Bindings[i]), nil
}

// putSecret creates or replaces one secret: {name, text, type}, type
// "secret_text" (the default) or "secret_key" (format, algorithm, usages,
// key_base64 or key_jwk). A binding of another type by that name is a 400
// (code 10053).
func (s *Server) putSecret(c *call) (any, error) {
	sc, err := c.script()
	if err != nil {
		return nil, err
	}
	var in Binding
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	if in.Type == "" {
		in.Type = "secret_text"
	}
	if !slices.Contains(secretTypes, in.Type) {
		return nil, errBadRequest(codeScriptInvalid, "type must be secret_text or secret_key, got %q", in.Type)
	}
	if in.Name == "" {
		return nil, errBadRequest(codeScriptInvalid, "name is required")
	}
	if in.Type == "secret_text" {
		// Only the secret's own fields are kept.
		in = Binding{Name: in.Name, Type: in.Type, Text: in.Text}
	}
	if err := c.acct.validateBinding(in, nil); err != nil {
		return nil, errBadRequest(codeScriptInvalid, "secret %q: %v", in.Name, err)
	}
	if in.Type == "secret_key" && in.KeyBase64 == "" && len(in.KeyJwk) == 0 {
		return nil, errBadRequest(codeScriptInvalid, "secret %q: a secret_key needs key_base64 or key_jwk", in.Name)
	}
	i := slices.IndexFunc(sc.Bindings, func(b Binding) bool { return b.Name == in.Name })
	switch {
	case i < 0:
		sc.Bindings = append(sc.Bindings, cloneBinding(in))
	case !slices.Contains(secretTypes, sc.Bindings[i].Type):
		return nil, errBadRequest(codeBindingInUse, "Binding name '%s' already in use.", in.Name)
	default:
		sc.Bindings[i] = cloneBinding(in)
	}
	sc.finish(c.now)
	sc.commit(c.now, clientSource(c.r), "secret", nil)
	return secretJSON(in), nil
}

func (s *Server) deleteSecret(c *call) (any, error) {
	sc, err := c.script()
	if err != nil {
		return nil, err
	}
	i, err := c.secret(sc)
	if err != nil {
		return nil, err
	}
	sc.Bindings = slices.Delete(sc.Bindings, i, i+1)
	sc.finish(c.now)
	sc.commit(c.now, clientSource(c.r), "secret", nil)
	return nil, nil
}

package estate

import "sort"

// DeployOrder returns the workers so that each comes after the workers it
// binds as services (a service binding needs its target to exist), by name
// among equals so plans are stable. If service bindings form a cycle, it
// returns no order and the cycle, first worker repeated at the end.
// Bindings to workers the estate lacks are left to validation.
func (e Estate) DeployOrder() (order []Worker, cycle []string) {
	byName := make(map[string]Worker, len(e.Workers))
	names := make([]string, 0, len(e.Workers))
	for _, w := range e.Workers {
		byName[w.Name] = w
		names = append(names, w.Name)
	}
	sort.Strings(names)
	const (
		visiting = 1
		done     = 2
	)
	state := map[string]int{}
	var path []string
	var visit func(name string) []string
	visit = func(name string) []string {
		state[name] = visiting
		path = append(path, name)
		for _, b := range byName[name].BindingsOf(Service) {
			if _, ok := byName[b.Target]; !ok || b.Target == name {
				continue
			}
			switch state[b.Target] {
			case visiting:
				for i, n := range path {
					if n == b.Target {
						return append(append([]string{}, path[i:]...), b.Target)
					}
				}
			case 0:
				if c := visit(b.Target); c != nil {
					return c
				}
			}
		}
		path = path[:len(path)-1]
		state[name] = done
		order = append(order, byName[name])
		return nil
	}
	for _, n := range names {
		if state[n] == 0 {
			if c := visit(n); c != nil {
				return nil, c
			}
		}
	}
	return order, nil
}

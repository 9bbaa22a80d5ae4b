package estate

import "fmt"

// Synthetic is an estate of n workers for measuring how cost grows with the
// estate (issue 14): n/6 copies of Dome(), so databases, buckets, indexes,
// queues, consumers, bucket events, crons and bindings (service bindings
// included, with their dependency depth) grow in Dome's proportions. Copy 0
// is Dome() itself; copy i > 0 adds "-s<i>" to every name and binds only
// within its copy, so every policy rule that passes for Dome() passes for
// it. n must be a positive multiple of 6, the workers of Dome().
func Synthetic(n int) (Estate, error) {
	per := len(Dome().Workers)
	if n <= 0 || n%per != 0 {
		return Estate{}, fmt.Errorf("a synthetic estate has a positive multiple of %d workers, got %d", per, n)
	}
	var out Estate
	for i := range n / per {
		c := copyOf(Dome(), i)
		out.Workers = append(out.Workers, c.Workers...)
		out.Databases = append(out.Databases, c.Databases...)
		out.Buckets = append(out.Buckets, c.Buckets...)
		out.Indexes = append(out.Indexes, c.Indexes...)
		out.Queues = append(out.Queues, c.Queues...)
		out.BucketEvents = append(out.BucketEvents, c.BucketEvents...)
	}
	return out, nil
}

// copyOf renames every resource of e, and every reference to one, with the
// copy's suffix ("" for copy 0).
func copyOf(e Estate, i int) Estate {
	if i == 0 {
		return e
	}
	suffix := fmt.Sprintf("-s%d", i)
	name := func(s string) string {
		if s == "" {
			return ""
		}
		return s + suffix
	}
	for w := range e.Workers {
		wk := &e.Workers[w]
		wk.Name = name(wk.Name)
		wk.Bindings = append([]Binding(nil), wk.Bindings...)
		for b := range wk.Bindings { // AI, plain text and the like bind nothing of the estate
			switch wk.Bindings[b].Kind {
			case D1, R2, Vectorize, QueueProducer, Service:
				wk.Bindings[b].Target = name(wk.Bindings[b].Target)
			}
		}
		wk.Consumes = append([]Consumer(nil), wk.Consumes...)
		for c := range wk.Consumes {
			wk.Consumes[c].Queue = name(wk.Consumes[c].Queue)
			wk.Consumes[c].DeadLetterQueue = name(wk.Consumes[c].DeadLetterQueue)
		}
	}
	for d := range e.Databases {
		e.Databases[d].Name = name(e.Databases[d].Name)
	}
	for b := range e.Buckets {
		e.Buckets[b].Name = name(e.Buckets[b].Name)
	}
	for x := range e.Indexes {
		e.Indexes[x].Name = name(e.Indexes[x].Name)
	}
	for q := range e.Queues {
		e.Queues[q].Name = name(e.Queues[q].Name)
	}
	for b := range e.BucketEvents {
		e.BucketEvents[b].Bucket = name(e.BucketEvents[b].Bucket)
		e.BucketEvents[b].Queue = name(e.BucketEvents[b].Queue)
	}
	return e
}

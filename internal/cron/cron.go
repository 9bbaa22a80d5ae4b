// Package cron checks cron expressions the way Cloudflare's cron triggers
// read them: five fields (minute, hour, day of month, month, day of week),
// each a list of values, ranges and steps, with month and weekday names and
// Cloudflare's L, W and # extensions.
package cron

import (
	"fmt"
	"strconv"
	"strings"
)

type field struct {
	name     string
	min, max int
	names    []string // names[i] stands for min+i
	extra    string   // Cloudflare's extension characters allowed in the field
}

var fields = []field{
	{name: "minute", min: 0, max: 59},
	{name: "hour", min: 0, max: 23},
	{name: "day of month", min: 1, max: 31, extra: "LW"},
	{name: "month", min: 1, max: 12, names: []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
	{name: "day of week", min: 1, max: 7, names: []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}, extra: "L#"},
}

// Check returns nil if expr is a valid five-field cron expression.
func Check(expr string) error {
	parts := strings.Fields(expr)
	if len(parts) != len(fields) {
		return fmt.Errorf("cron %q has %d fields; want 5 (minute hour day-of-month month day-of-week)", expr, len(parts))
	}
	for i, part := range parts {
		if err := fields[i].check(part); err != nil {
			return fmt.Errorf("cron %q: %s field %q: %w", expr, fields[i].name, part, err)
		}
	}
	return nil
}

func (f field) check(s string) error {
	for _, item := range strings.Split(s, ",") {
		if err := f.item(item); err != nil {
			return err
		}
	}
	return nil
}

func (f field) item(s string) error {
	if s == "" {
		return fmt.Errorf("empty list item")
	}
	if _, err := f.value(s); err != nil && strings.ContainsAny(s, "LW#") {
		return f.extension(s) // a name such as JUL is not an extension
	}
	rng, step, hasStep := strings.Cut(s, "/")
	if hasStep {
		n, err := strconv.Atoi(step)
		if err != nil || n < 1 || n > f.max {
			return fmt.Errorf("step %q must be a number from 1 to %d", step, f.max)
		}
	}
	if rng == "*" {
		return nil
	}
	lo, hi, isRange := strings.Cut(rng, "-")
	a, err := f.value(lo)
	if err != nil {
		return err
	}
	if !isRange {
		return nil
	}
	b, err := f.value(hi)
	if err != nil {
		return err
	}
	if a > b {
		return fmt.Errorf("range %q runs backwards", rng)
	}
	return nil
}

// extension checks Cloudflare's L (last), W (weekday) and # (nth weekday).
func (f field) extension(s string) error {
	bad := fmt.Errorf("%q is not allowed in the %s field", s, f.name)
	switch {
	case s == "L" && strings.Contains(f.extra, "L"):
		return nil
	case strings.HasSuffix(s, "W") && strings.Contains(f.extra, "W"):
		_, err := f.value(strings.TrimSuffix(s, "W"))
		return err
	case strings.HasSuffix(s, "L") && strings.Contains(f.extra, "L") && f.name == "day of week":
		_, err := f.value(strings.TrimSuffix(s, "L"))
		return err
	case strings.Contains(s, "#") && strings.Contains(f.extra, "#"):
		day, nth, _ := strings.Cut(s, "#")
		if _, err := f.value(day); err != nil {
			return err
		}
		if n, err := strconv.Atoi(nth); err != nil || n < 1 || n > 5 {
			return fmt.Errorf("%q: the week after # must be 1 to 5", s)
		}
		return nil
	}
	return bad
}

func (f field) value(s string) (int, error) {
	for i, name := range f.names {
		if strings.EqualFold(s, name) {
			return f.min + i, nil
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if n < f.min || n > f.max {
		return 0, fmt.Errorf("%d is out of range %d-%d", n, f.min, f.max)
	}
	return n, nil
}

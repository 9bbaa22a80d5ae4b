package program

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// row is one worker of DEVELOPERS.md's estate table, as the owner wrote it.
type row struct {
	worker     string
	d1         []bound // databases, with the binding name when the table gives one
	r2         []bound
	vectorize  []bound
	services   []string
	ai         bool
	producers  []string
	consumes   []string
	deadLetter string
	crons      []string
}

type bound struct{ name, binding string }

var bindingName = regexp.MustCompile("^(.*?) \\(`([A-Z0-9_]+)`\\)$")

// targets parses "silo-content (`BUCKET`), dome-raw".
func targets(list string) []bound {
	var out []bound
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if m := bindingName.FindStringSubmatch(item); m != nil {
			out = append(out, bound{name: m[1], binding: m[2]})
		} else {
			out = append(out, bound{name: item})
		}
	}
	return out
}

func names(list string) []string {
	var out []string
	for _, t := range targets(list) {
		out = append(out, t.name)
	}
	return out
}

// developersTable reads the estate table of DEVELOPERS.md. It fails the
// test on a clause it does not understand, so the table cannot say
// something this check silently ignores.
func developersTable(t *testing.T) []row {
	f, err := os.Open(filepath.Join(projectDir(t), "DEVELOPERS.md"))
	require.NoError(t, err)
	defer f.Close()
	var rows []row
	sc := bufio.NewScanner(f)
	inTable := false
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "| Worker | Bindings |"):
			inTable = true
			continue
		case !inTable || strings.HasPrefix(line, "|---"):
			continue
		case !strings.HasPrefix(line, "|"):
			inTable = false
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		require.Len(t, cells, 2, line)
		r := row{worker: strings.TrimSpace(cells[0])}
		for _, clause := range strings.Split(cells[1], ";") {
			clause = strings.TrimSpace(clause)
			kind, rest, _ := strings.Cut(clause, " ")
			switch {
			case clause == "AI":
				r.ai = true
			case kind == "D1":
				r.d1 = append(r.d1, targets(rest)...)
			case kind == "R2":
				r.r2 = append(r.r2, targets(rest)...)
			case kind == "Vectorize":
				r.vectorize = append(r.vectorize, targets(rest)...)
			case strings.HasPrefix(clause, "service → "):
				r.services = append(r.services, names(strings.TrimPrefix(clause, "service → "))...)
			case kind == "producer":
				r.producers = append(r.producers, names(rest)...)
			case kind == "consumer":
				parts := strings.SplitN(rest, ", dead letters → ", 2)
				r.consumes = append(r.consumes, names(parts[0])...)
				if len(parts) == 2 {
					r.deadLetter = parts[1]
				}
			case kind == "cron":
				r.crons = append(r.crons, strings.Trim(rest, "`"))
			default:
				require.Failf(t, "DEVELOPERS.md", "worker %s: clause %q is not understood", r.worker, clause)
			}
		}
		rows = append(rows, r)
	}
	require.NoError(t, sc.Err())
	require.Len(t, rows, 6, "DEVELOPERS.md lists six workers")
	return rows
}

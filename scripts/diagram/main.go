// Command diagram writes docs/architecture.md: a Mermaid flowchart of the
// estate, generated from estate.Dome() (see package diagram).
//
//	go run ./scripts/diagram [-out docs/architecture.md]   # -out - prints it
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dome/dome-infra/internal/diagram"
	"github.com/dome/dome-infra/internal/estate"
)

func main() {
	// Its own FlagSet: a dependency (glog) registers flags on the global one.
	flags := flag.NewFlagSet("diagram", flag.ExitOnError)
	out := flags.String("out", filepath.Join("docs", "architecture.md"), `file to write, or "-" for stdout`)
	_ = flags.Parse(os.Args[1:])

	doc := diagram.Markdown(estate.Dome())
	if *out == "-" {
		fmt.Print(doc)
		return
	}
	if err := write(*out, doc); err != nil {
		fmt.Fprintf(os.Stderr, "diagram: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("diagram: wrote %s\n", *out)
}

func write(path, doc string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(doc), 0o644)
}

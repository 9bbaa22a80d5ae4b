// Command cloudflare-emulator serves the in-memory Cloudflare API v4
// emulator (internal/cloudflaretest) until interrupted, for end-to-end tests
// that run in other processes. It prints the environment that points
// cloudflare-go (CLOUDFLARE_BASE_URL) and wrangler (CLOUDFLARE_API_BASE_URL,
// no trailing slash) at it; -latency delays every response. On exit it prints its request log by route.
package main

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/dome/dome-infra/internal/cloudflaretest"
)

func main() {
	flags := flag.NewFlagSet("cloudflare-emulator", flag.ExitOnError)
	addr := flags.String("addr", "127.0.0.1:8787", "address to listen on")
	token := flags.String("token", "", "bearer token to accept (default: random)")
	latency := flags.Duration("latency", 0, "delay of every response, as a round trip to Cloudflare (about 150ms from CI)")
	_ = flags.Parse(os.Args[1:])
	if *latency < 0 {
		fmt.Fprintf(os.Stderr, "cloudflare-emulator: -latency must not be negative, got %s\n", *latency)
		os.Exit(2)
	}

	opts := []cloudflaretest.Option{cloudflaretest.WithAddr(*addr), cloudflaretest.WithLatency(*latency)}
	if *token != "" {
		opts = append(opts, cloudflaretest.WithToken(*token))
	}
	srv, err := cloudflaretest.New(opts...)
	if err != nil {
		fmt.Fprintf(os.Stderr, "cloudflare-emulator: %v\n", err)
		os.Exit(1)
	}
	defer srv.Close()

	fmt.Printf("CLOUDFLARE_BASE_URL=%s\n", srv.URL())
	fmt.Printf("CLOUDFLARE_API_BASE_URL=%s\n", strings.TrimSuffix(srv.URL(), "/"))
	fmt.Printf("CLOUDFLARE_API_TOKEN=%s\n", srv.Token())
	fmt.Printf("CLOUDFLARE_ACCOUNT_ID=%s\n", cloudflaretest.AccountID)

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	printRoutes(srv)
}

// printRoutes prints how many requests each route served (to stderr).
func printRoutes(srv *cloudflaretest.Server) {
	counts := map[string]int{}
	for _, r := range srv.Requests() {
		p := srv.RoutePattern(r.Method, r.Path)
		if p == "" {
			p = r.Method + " " + r.Path + " (no route)"
		}
		counts[p]++
	}
	for _, p := range slices.Sorted(maps.Keys(counts)) {
		fmt.Fprintf(os.Stderr, "%5d  %s\n", counts[p], p)
	}
}

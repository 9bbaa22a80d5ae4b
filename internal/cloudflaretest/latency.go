package cloudflaretest

import (
	"net/http"
	"time"
)

// WithLatency delays every response by d, as a round trip to Cloudflare's
// API does (about 150 ms from CI). Requests are delayed concurrently, so a
// client that sends n requests at once waits d, not n×d: what a deploy
// costs then follows its critical path of requests. Default 0.
func WithLatency(d time.Duration) Option { return func(c *config) { c.latency = d } }

// SetLatency changes the per-request latency of a running emulator (for a
// test that measures some operations with latency and sets up others
// without).
func (s *Server) SetLatency(d time.Duration) { s.latency.Store(int64(d)) }

// Latency is the per-request latency now.
func (s *Server) Latency() time.Duration { return time.Duration(s.latency.Load()) }

// delay waits the latency, or until the client gives up on the request.
// It holds no lock, so delayed requests overlap.
func (s *Server) delay(r *http.Request) {
	d := s.Latency()
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
}

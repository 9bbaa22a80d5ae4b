// Placeholder for the Dome worker "__WORKER__", deployed until the
// application's own build is. It answers every request with 503, so a new
// environment can be stood up before the application exists. Queue messages
// are retried, not acknowledged, so nothing is lost before the real code
// arrives (after the queue's max retries they go to its dead-letter queue,
// where it has one).
export default {
  async fetch() {
    return new Response("__WORKER__ is not deployed yet\n", {
      status: 503,
      headers: { "content-type": "text/plain", "retry-after": "300" },
    });
  },
  async queue(batch) {
    batch.retryAll();
  },
  async scheduled() {},
};

// Package cloudflaretest is an in-memory emulator of the parts of the
// Cloudflare API v4 that dome-infra uses, served by net/http/httptest.
//
// Point cloudflare-go v6 at it with option.WithBaseURL(s.URL()) and
// option.WithAPIToken(s.Token()). Request and response shapes follow
// cloudflare-go v6.3.0's types: every JSON answer uses the v4 envelope
// {success, errors[{code,message}], messages, result, result_info}.
//
// # Coverage
//
//   - D1: list (name filter, page/per_page), create, get (by UUID or by
//     name, as wrangler looks databases up), update/edit
//     (read_replication), delete.
//   - R2 buckets: list (cursor pagination), create, get, delete.
//   - R2 event notifications: bucket configuration, get/put/delete per queue.
//   - Queues: list (?name= exact names, repeatable, as wrangler sends),
//     create, get, update (PUT replaces settings, PATCH merges),
//     delete; consumers list/create/get/update/delete (settings a create or PUT
//     omits take Cloudflare's defaults, queuelimits.QueueConsumerDefault*). Queue
//     results carry consumers and producers (workers binding the queue, buckets
//     notifying it).
//   - Workers scripts: multipart upload (keep_bindings, inherit, every
//     module part kept, deployment_id in the answer), list (tags filter),
//     download (GET script, content/v2), content replace, delete (?force),
//     /settings GET/PATCH, /script-settings GET/PATCH, schedules GET/PUT,
//     secrets list/get/put/delete, the workers.dev route
//     (…/scripts/{s}/subdomain GET/POST/DELETE) and the account's subdomain
//     (/workers/subdomain GET/PUT), versions (list, get, POST upload),
//     deployments (list, get, POST), the service view
//     (/workers/services/{s}) wrangler reads before each deploy, and the
//     Workers API's worker view (/workers/workers/{name or tag}, GET only),
//     where wrangler 4.16x reads a worker's workers.dev state.
//   - content/v2 answers a module worker as multipart/form-data (every
//     module, main first) with a Cf-Entrypoint header naming the main
//     module, and a service worker as its raw script, as Cloudflare does.
//   - Versions: every upload, settings PATCH, content replace and secret
//     change adds a version and deploys it at 100%; POST …/versions adds
//     one without deploying it; POST …/deployments serves versions. The
//     script's state is the version the latest deployment serves.
//   - Vectorize v2: list, create (dimensions/metric or preset), get, info,
//     delete.
//   - Workers routes (zone-level, "Workers Routes" permission group): list,
//     create, get, update (PUT), delete under /zones/{zone_id}/workers/routes,
//     in zones made with AddZone (no zone API); a pattern must include its
//     zone and carry no query, a script must exist (10019), one route per
//     pattern (10020).
//   - Workers custom domains: list (environment, hostname, service,
//     zone_id, zone_name filters), attach (PUT; a hostname is re-attached
//     under its ID), get and delete by id.
//   - Token verification: /user/tokens/verify and /accounts/{id}/tokens/verify.
//
// Every request needs "Authorization: Bearer <token>" (401, code 10000
// otherwise) and the permission group of its endpoint (403, code 10000, the
// message names the group): GET needs "<group> Read" or "<group> Write",
// other methods "<group> Write". Unknown routes answer 404, code 7000, with
// the method and path in the message. Every request is logged (Requests,
// Count, WriteRequests) before faults (InjectFault) apply.
//
// Seed*, the state getters and the Set*/Update*/Delete* helpers read and
// mutate state directly, for import and drift tests; they return copies.
//
// # Deliberate differences from Cloudflare
//
//   - Lists return every item when per_page is absent (Cloudflare defaults to
//     smaller pages, e.g. 20 R2 buckets); per_page is honoured when given, and
//     page-based lists also accept page/per_page where the SDK does not send
//     them (queues, consumers, scripts, Vectorize).
//   - D1's name filter is a substring match.
//   - A 409 (duplicate, one-consumer rule, script in use) carries
//     "X-Should-Retry: false" so the SDK does not retry it; Cloudflare sends
//     no such header and the SDK retries 409s.
//   - Error codes are Cloudflare's where known (D1 7404, workers 10007
//     "workers.api.error.script_not_found", R2 10004/10006, rate limit 971,
//     no route 7000, invalid id 7003); other codes are plausible stand-ins.
//   - Permission groups use the API names ("D1 Write"); "D1 Edit" (the
//     dashboard label) is accepted as an alias.
//   - Script upload validates that bound D1 databases, R2 buckets, queues and
//     Vectorize indexes exist; KV namespaces, services and other references
//     are not checked. Script-level settings (logpush, observability, tags,
//     tail_consumers) omitted from upload metadata keep their previous value;
//     everything else in the metadata replaces the previous version.
//   - Deleting a script without ?force=true fails (409) while it is a queue
//     consumer or the target of another script's service binding; with force,
//     its queue consumers are deleted.
//   - The "handlers" of a script are guessed from its main module's source.
//   - A queue holds at most one consumer of any type; a missing dead letter
//     queue is created on demand, as Cloudflare documents. Worker consumers
//     may name scripts that do not exist (yet).
//   - Event notification PUT adds its rules to the rules that bucket/queue pair
//     already has, as Cloudflare's does (replacing them takes a DELETE first).
//     Overlap between rules is not checked: Cloudflare rejects a rule that
//     overlaps another (so the same rule PUT twice fails there), the emulator
//     stores it twice. Deleting a queue or bucket drops its event notification
//     rules.
//   - A new script's workers.dev route is off until …/subdomain enables it,
//     as Cloudflare does for API uploads (terraform-provider-cloudflare
//     #2892); every account has the subdomain "emulator-<first 8 hex of the
//     account>" until SetAccountSubdomain changes or removes it.
//   - last_deployed_from is "wrangler" when the last write came with
//     wrangler's User-Agent, else "api" ("dash" is never reported, so
//     wrangler never downloads a remote config).
//   - "inherit" bindings always resolve strictly: naming a binding the
//     previous version lacks is a 400, with or without
//     ?bindings_inherit=strict (Cloudflare may drop it without strict).
//   - A deployment split across versions serves the largest share only;
//     traffic is not split. Version and deployment not-found errors use
//     code 10220, a stand-in.
//   - json bindings store and return the JSON value as sent (wrangler sends
//     a var's value: an object, number, array or string). cloudflare-go v6
//     types the field as a string: decoding gives an object or number as its
//     JSON text ({"max":10}), a string as its bare value, and a Go string
//     sent through its params is a JSON string, not the document it holds.
//   - Secrets: a missing one is 404 code 10056 (binding_not_found); putting
//     a secret over a binding of another type is 400 code 10053, as
//     wrangler users report Cloudflare answering.
//   - Not served: the Workers API's writes (/workers/workers PUT/PATCH/
//     DELETE, its versions and previews), secrets-bulk, routes and custom
//     domains, assets upload sessions, dispatch namespaces and Durable Object
//     migrations beyond the tag check: dome-infra's estate and wrangler's
//     deploy of it use none of them (make conformance fails on any request
//     without a route).
//   - The services view has one environment, "production"; legacy
//     environments (code 10090) are not modelled.
//   - R2 jurisdictions are recorded from the cf-r2-jurisdiction header but
//     share one bucket namespace.
//   - Retry-After may be fractional seconds for sub-second faults.
package cloudflaretest

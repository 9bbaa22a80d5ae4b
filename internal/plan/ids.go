package plan

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// mockID is the ID Cloudflare would give the resource, in the form the
// provider uses for it, derived from its inputs so plans are stable.
func mockID(typ, name string, in resource.PropertyMap) string {
	str := func(key string) string {
		if v, ok := in[resource.PropertyKey(key)]; ok && v.IsString() {
			return v.StringValue()
		}
		return ""
	}
	account := str("accountId")
	switch {
	case strings.HasPrefix(typ, "pulumi:providers:"):
		return uuidFrom("provider", typ, name)
	case typ == "cloudflare:index/d1Database:D1Database":
		return uuidFrom("d1", account, str("name"))
	case typ == "cloudflare:index/queue:Queue":
		return digest("queue", account, str("name"))[:32]
	case typ == "cloudflare:index/r2Bucket:R2Bucket":
		return str("name")
	case typ == "cloudflare:index/workersCronTrigger:WorkersCronTrigger":
		return str("scriptName")
	case typ == "dome-cloudflare:index:WorkerScript", typ == "dome-cloudflare:index:VectorizeIndex":
		return account + "/" + str("name")
	case typ == "dome-cloudflare:index:QueueConsumer":
		return account + "/" + str("queueId") + "/" + digest("consumer", str("queueId"), str("scriptName"))[:32]
	case typ == "dome-cloudflare:index:R2EventNotification":
		return account + "/" + str("bucketName") + "/" + str("queueId")
	}
	return digest(typ, name)[:32]
}

func uuidFrom(parts ...string) string {
	d := digest(parts...)
	return d[0:8] + "-" + d[8:12] + "-" + d[12:16] + "-" + d[16:20] + "-" + d[20:32]
}

// outputs echoes the inputs, plus the computed outputs the program reads.
func outputs(typ string, in resource.PropertyMap) resource.PropertyMap {
	out := in.Copy()
	if typ == "dome-cloudflare:index:QueueConsumer" {
		id := mockID(typ, "", in)
		out["consumerId"] = resource.NewStringProperty(id[strings.LastIndex(id, "/")+1:])
	}
	return out
}

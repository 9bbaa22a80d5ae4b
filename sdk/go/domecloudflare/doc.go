// Cloudflare resources that pulumi-cloudflare v5 lacks: Workers with every binding kind in one upload, queue consumers, Vectorize indexes and R2 event notifications.
package domecloudflare

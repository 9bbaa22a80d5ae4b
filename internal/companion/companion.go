// Package companion names what the dome-cloudflare companion provider (internal/provider,
// plugin binary pulumi-resource-dome-cloudflare) and its users share beyond the schema:
// the resource type tokens and the formats of the resource IDs (import IDs). The
// provider parses and builds IDs with it; discovery, the import tool and the tests find
// resources by token with it.
//
// The program-side SDK is not here: it is generated from the provider's schema into
// sdk/go/domecloudflare (`make sdk`). Its tests register every resource through that SDK
// and check it registers under these tokens.
//
// This package deliberately depends on neither the Cloudflare SDK nor Pulumi's.
package companion

import (
	"fmt"
	"strings"
)

// PackageName is the Pulumi package name of the companion provider.
const PackageName = "dome-cloudflare"

// Type tokens.
const (
	ProviderType            = "pulumi:providers:" + PackageName
	WorkerScriptType        = PackageName + ":index:WorkerScript"
	QueueConsumerType       = PackageName + ":index:QueueConsumer"
	VectorizeIndexType      = PackageName + ":index:VectorizeIndex"
	R2EventNotificationType = PackageName + ":index:R2EventNotification"
)

// WorkerScriptID is the ID of a WorkerScript: "<accountId>/<name>".
func WorkerScriptID(accountID, name string) string { return joinID(accountID, name) }

// ParseWorkerScriptID splits a WorkerScript ID.
func ParseWorkerScriptID(id string) (accountID, name string, err error) {
	parts, err := splitID("WorkerScript", id, "accountId", "name")
	if err != nil {
		return "", "", err
	}
	return parts[0], parts[1], nil
}

// QueueConsumerID is the ID of a QueueConsumer: "<accountId>/<queueId>/<consumerId>".
func QueueConsumerID(accountID, queueID, consumerID string) string {
	return joinID(accountID, queueID, consumerID)
}

// ParseQueueConsumerID splits a QueueConsumer ID.
func ParseQueueConsumerID(id string) (accountID, queueID, consumerID string, err error) {
	parts, err := splitID("QueueConsumer", id, "accountId", "queueId", "consumerId")
	if err != nil {
		return "", "", "", err
	}
	return parts[0], parts[1], parts[2], nil
}

// VectorizeIndexID is the ID of a VectorizeIndex: "<accountId>/<name>".
func VectorizeIndexID(accountID, name string) string { return joinID(accountID, name) }

// ParseVectorizeIndexID splits a VectorizeIndex ID.
func ParseVectorizeIndexID(id string) (accountID, name string, err error) {
	parts, err := splitID("VectorizeIndex", id, "accountId", "name")
	if err != nil {
		return "", "", err
	}
	return parts[0], parts[1], nil
}

// R2EventNotificationID is the ID of an R2EventNotification:
// "<accountId>/<bucketName>/<queueId>".
func R2EventNotificationID(accountID, bucketName, queueID string) string {
	return joinID(accountID, bucketName, queueID)
}

// ParseR2EventNotificationID splits an R2EventNotification ID.
func ParseR2EventNotificationID(id string) (accountID, bucketName, queueID string, err error) {
	parts, err := splitID("R2EventNotification", id, "accountId", "bucketName", "queueId")
	if err != nil {
		return "", "", "", err
	}
	return parts[0], parts[1], parts[2], nil
}

func joinID(parts ...string) string { return strings.Join(parts, "/") }

func splitID(resource, id string, names ...string) ([]string, error) {
	form := "<" + strings.Join(names, ">/<") + ">"
	parts := strings.Split(id, "/")
	if len(parts) != len(names) {
		return nil, fmt.Errorf("invalid %s ID %q: want %s", resource, id, form)
	}
	for i, part := range parts {
		if strings.TrimSpace(part) == "" {
			return nil, fmt.Errorf("invalid %s ID %q: %s is empty (want %s)", resource, id, names[i], form)
		}
	}
	return parts, nil
}

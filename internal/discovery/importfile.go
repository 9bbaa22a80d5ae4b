package discovery

import (
	"bytes"
	"encoding/json"
	"strings"
)

// ImportFile is the bulk import file of `pulumi import --file`, in the
// shape the pinned CLI reads (pulumi/pkg/v3 v3.274.1,
// cmd/pulumi/operations/import.go: importFile and importSpec).
//
// In that schema "name" is the entry's handle in the file (what "parent"
// and "provider" refer to, and the variable name of generated code) and
// "logicalName" the Pulumi resource name in the URN; a missing one
// defaults to the other. The program reuses logical names across types
// (D1 "silo" and worker "silo"), so a name used by several entries gets a
// unique handle, "<name><Type>" as Pulumi's own code generation does, and
// keeps its logical name in logicalName.
type ImportFile struct {
	// NameTable maps a handle to the URN of a resource that is not in the
	// file: a parent or an explicit provider.
	NameTable map[string]string `json:"nameTable,omitempty"`
	Resources []ImportResource  `json:"resources"`
}

// ImportResource is one resource to import (Pulumi's importSpec).
type ImportResource struct {
	Type string `json:"type"`
	Name string `json:"name"`
	ID   string `json:"id"`
	// Parent is the handle of the parent resource (in the file or in NameTable).
	Parent string `json:"parent,omitempty"`
	// Provider is the handle of the explicit provider, in NameTable.
	Provider string `json:"provider,omitempty"`
	// LogicalName is set when it differs from Name.
	LogicalName string `json:"logicalName,omitempty"`
	// Component marks a component resource (a worker's service): it has no
	// ID, and the import creates it in the state as the parent of the
	// resources under it.
	Component bool `json:"component,omitempty"`
}

// Logical is the resource's Pulumi logical name.
func (r ImportResource) Logical() string {
	if r.LogicalName != "" {
		return r.LogicalName
	}
	return r.Name
}

// JSON is the file's content, indented, ending in a newline.
func (f ImportFile) JSON() ([]byte, error) {
	if f.Resources == nil {
		f.Resources = []ImportResource{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// typeName is the last segment of a type token ("D1Database").
func typeName(typ string) string { return typ[strings.LastIndex(typ, ":")+1:] }

// Import IDs of the pulumi-cloudflare v5 types, as its docs give them
// (`pulumi import <type> <name> <id>`). The companion types' IDs come from
// package companion (WorkerScriptID, QueueConsumerID, VectorizeIndexID,
// R2EventNotificationID).

// D1ImportID is a D1Database's import ID: "<account_id>/<database_id>".
func D1ImportID(accountID, databaseID string) string { return accountID + "/" + databaseID }

// BucketImportID is an R2Bucket's import ID: "<account_id>/<bucket_name>".
func BucketImportID(accountID, bucket string) string { return accountID + "/" + bucket }

// QueueImportID is a Queue's import ID: "<account_id>/<queue_id>".
func QueueImportID(accountID, queueID string) string { return accountID + "/" + queueID }

// CronTriggerImportID is a WorkersCronTrigger's import ID:
// "<account_id>/<script_name>".
func CronTriggerImportID(accountID, script string) string { return accountID + "/" + script }

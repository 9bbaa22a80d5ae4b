package cloudflaretest

import (
	"fmt"
	"slices"
	"time"
)

// EventNotificationRule is one R2 event notification rule, shaped like the
// API's rule objects (ruleId, createdAt, prefix, suffix, actions, description).
type EventNotificationRule struct {
	RuleID      string    `json:"ruleId"`
	CreatedAt   time.Time `json:"createdAt"`
	Prefix      string    `json:"prefix"`
	Suffix      string    `json:"suffix"`
	Actions     []string  `json:"actions"`
	Description string    `json:"description,omitempty"`
}

// QueueEventNotification is the rule set a bucket sends to one queue.
type QueueEventNotification struct {
	QueueID   string                  `json:"queueId"`
	QueueName string                  `json:"queueName"`
	Rules     []EventNotificationRule `json:"rules"`
}

// EventNotificationActions are the actions R2 accepts.
var EventNotificationActions = []string{"PutObject", "CopyObject", "DeleteObject", "CompleteMultipartUpload", "LifecycleDeletion"}

const codeNoEventNotification = 10070

func (s *Server) registerEventNotifications() {
	const base = "/accounts/{account_id}/event_notifications/r2/{bucket_name}/configuration"
	s.handle("GET "+base, groupR2, s.listEventNotifications)
	s.handle("GET "+base+"/queues/{queue_id}", groupR2, s.getEventNotification)
	s.handle("PUT "+base+"/queues/{queue_id}", groupR2, s.putEventNotification)
	s.handle("DELETE "+base+"/queues/{queue_id}", groupR2, s.deleteEventNotification)
}

// eventNotificationsOf returns a bucket's configuration ordered by queue name.
func (a *account) eventNotificationsOf(bucket string) []QueueEventNotification {
	out := []QueueEventNotification{}
	for queueID, rules := range a.notifications[bucket] {
		if len(rules) == 0 {
			continue
		}
		qn := QueueEventNotification{QueueID: queueID, Rules: cloneRules(rules)}
		if q := a.queues[queueID]; q != nil {
			qn.QueueName = q.QueueName
		}
		out = append(out, qn)
	}
	slices.SortFunc(out, func(x, y QueueEventNotification) int {
		if x.QueueName != y.QueueName {
			if x.QueueName < y.QueueName {
				return -1
			}
			return 1
		}
		if x.QueueID < y.QueueID {
			return -1
		}
		return 1
	})
	return out
}

func cloneRules(rules []EventNotificationRule) []EventNotificationRule {
	out := make([]EventNotificationRule, len(rules))
	for i, r := range rules {
		r.Actions = slices.Clone(r.Actions)
		out[i] = r
	}
	return out
}

func (s *Server) listEventNotifications(c *call) (any, error) {
	bucket := c.param("bucket_name")
	if _, err := c.bucket(bucket); err != nil {
		return nil, err
	}
	return map[string]any{"bucketName": bucket, "queues": c.acct.eventNotificationsOf(bucket)}, nil
}

// bucketAndQueue resolves the path's bucket and queue, 404 if either is missing.
func (c *call) bucketAndQueue() (string, *QueueState, error) {
	bucket := c.param("bucket_name")
	if _, err := c.bucket(bucket); err != nil {
		return "", nil, err
	}
	q, err := c.queue(c.param("queue_id"))
	if err != nil {
		return "", nil, err
	}
	return bucket, q, nil
}

func (s *Server) getEventNotification(c *call) (any, error) {
	bucket, q, err := c.bucketAndQueue()
	if err != nil {
		return nil, err
	}
	rules := c.acct.notifications[bucket][q.QueueID]
	if len(rules) == 0 {
		return nil, errNotFound(codeNoEventNotification, "Bucket %q has no event notification configuration for queue %s", bucket, q.QueueID)
	}
	return QueueEventNotification{QueueID: q.QueueID, QueueName: q.QueueName, Rules: cloneRules(rules)}, nil
}

// putEventNotification ADDS the given rules to the rules the bucket already sends to the
// queue, as Cloudflare's PUT does (its API calls it "Create event notification rule"). To
// replace a queue's rules, a client DELETEs them first.
//
// Cloudflare rejects a rule that overlaps an existing one (same action, overlapping
// prefix and suffix), so sending the same rule twice fails there. The emulator does not
// check overlap: a repeated rule is simply stored twice, which a client that forgot the
// DELETE sees when it reads the rules back.
func (s *Server) putEventNotification(c *call) (any, error) {
	bucket, q, err := c.bucketAndQueue()
	if err != nil {
		return nil, err
	}
	var req struct {
		Rules []struct {
			Actions     []string `json:"actions"`
			Prefix      string   `json:"prefix"`
			Suffix      string   `json:"suffix"`
			Description string   `json:"description"`
		} `json:"rules"`
	}
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	if len(req.Rules) == 0 {
		return nil, errBadRequest(codeBadRequest, "rules must contain at least one rule")
	}
	rules := make([]EventNotificationRule, 0, len(req.Rules))
	for i, r := range req.Rules {
		rule := EventNotificationRule{Prefix: r.Prefix, Suffix: r.Suffix, Actions: r.Actions, Description: r.Description}
		if err := validateRule(rule); err != nil {
			return nil, errBadRequest(codeBadRequest, "rules[%d]: %v", i, err)
		}
		rules = append(rules, rule)
	}
	existing := c.acct.notifications[bucket][q.QueueID]
	c.acct.setEventNotification(bucket, q.QueueID, append(cloneRules(existing), rules...), c.now)
	return map[string]any{}, nil
}

func validateRule(r EventNotificationRule) error {
	if len(r.Actions) == 0 {
		return fmt.Errorf("actions must not be empty")
	}
	for _, a := range r.Actions {
		if !slices.Contains(EventNotificationActions, a) {
			return fmt.Errorf("action %q is not one of %v", a, EventNotificationActions)
		}
	}
	return nil
}

// setEventNotification stores rules as the bucket's complete rule set for the queue,
// assigning ids and creation times where missing.
func (a *account) setEventNotification(bucket, queueID string, rules []EventNotificationRule, at time.Time) {
	rules = cloneRules(rules)
	for i := range rules {
		if rules[i].RuleID == "" {
			rules[i].RuleID = newUUID()
		}
		if rules[i].CreatedAt.IsZero() {
			rules[i].CreatedAt = at
		}
	}
	if a.notifications[bucket] == nil {
		a.notifications[bucket] = map[string][]EventNotificationRule{}
	}
	a.notifications[bucket][queueID] = rules
}

func (s *Server) deleteEventNotification(c *call) (any, error) {
	bucket, q, err := c.bucketAndQueue()
	if err != nil {
		return nil, err
	}
	delete(c.acct.notifications[bucket], q.QueueID)
	return map[string]any{}, nil
}

// ---------------------------------------------------------------------------
// Seeding and inspection

// SeedEventNotification sets the rules a bucket sends to a queue directly in
// state (replacing any existing ones). Empty RuleID/CreatedAt are filled in.
func (s *Server) SeedEventNotification(accountID, bucket, queueID string, rules ...EventNotificationRule) error {
	var err error
	s.withAccount(accountID, func(a *account) {
		if _, ok := a.buckets[bucket]; !ok {
			err = fmt.Errorf("cloudflaretest: bucket %q not found", bucket)
			return
		}
		if _, ok := a.queues[queueID]; !ok {
			err = fmt.Errorf("cloudflaretest: queue %s not found", queueID)
			return
		}
		for _, r := range rules {
			if verr := validateRule(r); verr != nil {
				err = verr
				return
			}
		}
		a.setEventNotification(bucket, queueID, rules, now())
	})
	return err
}

// EventNotifications returns a bucket's event notification configuration,
// one entry per target queue, ordered by queue name.
func (s *Server) EventNotifications(accountID, bucket string) []QueueEventNotification {
	var out []QueueEventNotification
	s.withAccount(accountID, func(a *account) { out = a.eventNotificationsOf(bucket) })
	return out
}

// DeleteEventNotification removes the rules a bucket sends to a queue behind
// the client's back.
func (s *Server) DeleteEventNotification(accountID, bucket, queueID string) bool {
	var ok bool
	s.withAccount(accountID, func(a *account) {
		_, ok = a.notifications[bucket][queueID]
		delete(a.notifications[bucket], queueID)
	})
	return ok
}

package cloudflaretest

// The legacy queue routes under /workers/queues, keyed by queue name, that
// cloudflare-go v0 (and so terraform-provider-cloudflare v4.51.0 and the
// pulumi-cloudflare v5 plugin) still calls: ListQueues, UpdateQueue (a
// rename: PUT with {"queue_name": new}) and DeleteQueue. Kept apart from
// queues.go; they share its state.

func (s *Server) registerLegacyQueues() {
	const base = "/accounts/{account_id}/workers/queues"
	s.handle("GET "+base, groupQueues, s.listQueues)
	s.handle("GET "+base+"/{queue_name}", groupQueues, s.legacyGetQueue)
	s.handle("PUT "+base+"/{queue_name}", groupQueues, s.legacyRenameQueue)
	s.handle("DELETE "+base+"/{queue_name}", groupQueues, s.legacyDeleteQueue)
}

func (c *call) queueNamed() (*QueueState, error) {
	name := c.param("queue_name")
	q := c.acct.queueByName(name)
	if q == nil {
		return nil, errNotFound(codeQueueNotFound, "Queue %s does not exist", name)
	}
	return q, nil
}

func (s *Server) legacyGetQueue(c *call) (any, error) {
	q, err := c.queueNamed()
	if err != nil {
		return nil, err
	}
	return c.acct.queueJSON(q), nil
}

// legacyRenameQueue renames the queue; its settings are kept (the body
// carries only the name).
func (s *Server) legacyRenameQueue(c *call) (any, error) {
	q, err := c.queueNamed()
	if err != nil {
		return nil, err
	}
	var req struct {
		QueueName string `json:"queue_name"`
	}
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	if req.QueueName != q.QueueName {
		if !queueNameRe.MatchString(req.QueueName) {
			return nil, errBadRequest(codeQueueInvalid, "queue_name %q is invalid", req.QueueName)
		}
		if c.acct.queueByName(req.QueueName) != nil {
			return nil, errConflict(codeQueueDuplicate, "A queue with name %q already exists", req.QueueName)
		}
		q.QueueName = req.QueueName
		q.ModifiedOn = c.now
	}
	return c.acct.queueJSON(q), nil
}

func (s *Server) legacyDeleteQueue(c *call) (any, error) {
	q, err := c.queueNamed()
	if err != nil {
		return nil, err
	}
	c.acct.deleteQueue(q.QueueID)
	return nil, nil
}

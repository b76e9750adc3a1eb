package minibus

import (
	"errors"
	"fmt"
	"sync"
)

// Errors a client returns for bad requests.
var (
	ErrClientClosed = errors.New("minibus: client closed")
	ErrBadSubject   = errors.New("minibus: invalid subject")
	ErrMaxPayload   = errors.New("minibus: payload too large")
	ErrDuplicateSid = errors.New("minibus: subscription id in use")
)

// client is one connection to a Server. Messages for its subscriptions wait
// in a bounded queue; when the queue is full the client is a slow consumer
// and the message is dropped, so a slow reader never blocks a publisher.
type client struct {
	cid        uint64
	name       string
	srv        *Server
	maxPending int

	mu      sync.Mutex
	closed  bool
	subs    map[int]*subscription
	pending []Message
}

// subscription is one client's interest in a subject pattern, under an ID
// the client chose.
type subscription struct {
	client  *client
	sid     int
	pattern string
}

// subscribe registers interest in pattern under sid.
func (c *client) subscribe(pattern string, sid int) error {
	if !validPattern(pattern) {
		return fmt.Errorf("%w: %q", ErrBadSubject, pattern)
	}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return ErrClientClosed
	}
	if _, taken := c.subs[sid]; taken {
		c.mu.Unlock()
		return fmt.Errorf("%w: %d", ErrDuplicateSid, sid)
	}
	sub := &subscription{client: c, sid: sid, pattern: pattern}
	c.subs[sid] = sub
	c.mu.Unlock()

	c.srv.addSubscription(sub)
	return nil
}

// unsubscribe drops subscription sid and reports whether it existed.
func (c *client) unsubscribe(sid int) bool {
	c.mu.Lock()
	sub, ok := c.subs[sid]
	delete(c.subs, sid)
	c.mu.Unlock()

	if ok {
		c.srv.removeSubscription(sub)
	}
	return ok
}

// publish sends data on subject and returns how many subscriptions took it.
func (c *client) publish(subject string, data []byte) (int, error) {
	if !validSubject(subject) {
		return 0, fmt.Errorf("%w: %q", ErrBadSubject, subject)
	}
	if limit := c.srv.opts.MaxPayload; len(data) > limit {
		return 0, fmt.Errorf("%w: %d > %d bytes", ErrMaxPayload, len(data), limit)
	}
	c.mu.Lock()
	closed := c.closed
	c.mu.Unlock()
	if closed {
		return 0, ErrClientClosed
	}

	c.srv.recordIn(len(data))
	return c.srv.route(subject, data), nil
}

// deliver queues m and reports whether it was accepted. A full queue counts
// the client as a slow consumer and drops m.
func (c *client) deliver(m Message) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return false
	}
	if len(c.pending) >= c.maxPending {
		c.srv.recordSlowConsumer()
		return false
	}
	c.pending = append(c.pending, m)
	return true
}

// next takes the oldest queued message, if any.
func (c *client) next() (Message, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.pending) == 0 {
		return Message{}, false
	}
	m := c.pending[0]
	c.pending = c.pending[1:]
	return m, true
}

// close discards the client's queue and subscriptions. Calling it again does
// nothing.
func (c *client) close() {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed = true
	c.subs = map[int]*subscription{}
	c.pending = nil
	c.mu.Unlock()

	c.srv.removeClient(c)
}

// String names the client in logs: cid:3 "orders-api".
func (c *client) String() string {
	return fmt.Sprintf("cid:%d %q", c.cid, c.name)
}

// matches reports whether this subscription wants a message on subject.
func (sub *subscription) matches(subject string) bool {
	return subjectMatches(sub.pattern, subject)
}

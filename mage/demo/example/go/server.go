// Package minibus is a tiny in-process message bus. Clients subscribe to
// dot-separated subjects, with "*" and ">" wildcards, and publish messages
// that the server routes to every matching subscription.
//
// It is the Go side of portwave's bundled example: small enough to read in
// one sitting, shaped like the message server whose port portwave drives.
package minibus

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults that fill the zero Options.
const (
	DefaultName       = "minibus"
	DefaultMaxPending = 64
	DefaultMaxPayload = 64 * 1024
)

// ErrServerClosed is returned for a connect after Shutdown.
var ErrServerClosed = errors.New("minibus: server closed")

// Options configures a Server; the zero value is usable.
type Options struct {
	Name       string // shown in Stats
	MaxPending int    // messages queued per client before it is a slow consumer
	MaxPayload int    // largest payload accepted, in bytes
}

// Message is a published message as one subscription receives it. Data is
// shared by every receiver and must not be modified.
type Message struct {
	Subject string
	Sid     int
	Data    []byte
}

// Server routes messages between its clients.
type Server struct {
	opts  Options
	start time.Time

	mu      sync.Mutex
	closed  bool
	lastCID uint64
	clients map[uint64]*client
	subs    map[*subscription]struct{}

	// Counters are atomics so that publishers never wait on each other
	// just to count.
	inMsgs, inBytes, outMsgs, outBytes, slowConsumers atomic.Int64
}

// withDefaults fills the options left unset.
func (o Options) withDefaults() Options {
	if o.Name == "" {
		o.Name = DefaultName
	}
	if o.MaxPending <= 0 {
		o.MaxPending = DefaultMaxPending
	}
	if o.MaxPayload <= 0 {
		o.MaxPayload = DefaultMaxPayload
	}
	return o
}

// NewServer returns a server ready for clients.
func NewServer(opts Options) *Server {
	return &Server{
		opts:    opts.withDefaults(),
		start:   time.Now(),
		clients: make(map[uint64]*client),
		subs:    make(map[*subscription]struct{}),
	}
}

// Name is the server's name from its options.
func (s *Server) Name() string {
	return s.opts.Name
}

// connect registers a new client under the next client ID.
func (s *Server) connect(name string) (*client, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrServerClosed
	}
	s.lastCID++
	c := &client{
		cid:        s.lastCID,
		name:       name,
		srv:        s,
		maxPending: s.opts.MaxPending,
		subs:       make(map[int]*subscription),
	}
	s.clients[c.cid] = c
	return c, nil
}

// addSubscription makes sub visible to route.
func (s *Server) addSubscription(sub *subscription) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.subs[sub] = struct{}{}
}

// removeSubscription hides sub from route.
func (s *Server) removeSubscription(sub *subscription) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.subs, sub)
}

// route hands a message to every subscription whose pattern matches subject
// and returns how many accepted it. Matches are collected under the server
// lock and delivered after it is released, so the server lock is never held
// while a client lock is taken.
func (s *Server) route(subject string, data []byte) int {
	s.mu.Lock()
	var matched []*subscription
	for sub := range s.subs {
		if sub.matches(subject) {
			matched = append(matched, sub)
		}
	}
	s.mu.Unlock()

	delivered := 0
	for _, sub := range matched {
		if sub.client.deliver(Message{Subject: subject, Sid: sub.sid, Data: data}) {
			s.recordOut(len(data))
			delivered++
		}
	}
	return delivered
}

// removeClient forgets c and every subscription it held.
func (s *Server) removeClient(c *client) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.clients, c.cid)
	for sub := range s.subs {
		if sub.client == c {
			delete(s.subs, sub)
		}
	}
}

// NumClients is the number of connected clients.
func (s *Server) NumClients() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.clients)
}

// NumSubscriptions is the number of subscriptions over all clients.
func (s *Server) NumSubscriptions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.subs)
}

// Shutdown closes every client; connects after it fail with ErrServerClosed.
// Calling it again does nothing.
func (s *Server) Shutdown() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	clients := make([]*client, 0, len(s.clients))
	for _, c := range s.clients {
		clients = append(clients, c)
	}
	s.mu.Unlock()

	for _, c := range clients {
		c.close()
	}
}

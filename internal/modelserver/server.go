// Package modelserver is a scripted stand-in for the Anthropic Messages API,
// served on 127.0.0.1, so tests can run the real Claude Code CLI end to end
// (real tool calls, real file edits, a real stream-json transcript) with no
// API key and no network.
//
// It is written by hand rather than taken from a library because the CLI
// depends on details no mock library reproduces: server-sent events with
// `event:` lines in a fixed order, partial JSON for tool input, and usage
// figures it turns into a cost. The observed protocol is in the project's
// notes on driving Claude Code headless.
//
// It is test support, not product code.
package modelserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
)

// Server serves scripts over the Messages API until Close.
type Server struct {
	routes   []Route
	listener net.Listener
	http     *http.Server
	done     chan struct{}

	mu       sync.Mutex
	requests []Request
	errs     []error
	failed   map[[2]int]int // errors answered, by route and turn index
	held     chan struct{}  // while not nil, requests wait for Release
}

// Hold keeps every request that arrives from now on unanswered, until
// Release: a test can then stop a run at a point where no reply is on
// its way, so everything the model reported has reached the client.
func (s *Server) Hold() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held == nil {
		s.held = make(chan struct{})
	}
}

// Release answers the held requests with 529 overloaded, as an API that
// shed them would, and stops holding.
func (s *Server) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held != nil {
		close(s.held)
		s.held = nil
	}
}

// Start checks the script and serves it, to every conversation, on a free
// port of 127.0.0.1.
func Start(script Script) (*Server, error) {
	return StartRouted(Route{Script: script})
}

// StartRouted checks the routes' scripts and serves them on a free port of
// 127.0.0.1, each conversation getting the script of the first route that
// matches its prompt.
func StartRouted(routes ...Route) (*Server, error) {
	if len(routes) == 0 {
		return nil, fmt.Errorf("no routes")
	}
	for i, r := range routes {
		if err := r.Script.check(); err != nil {
			if len(routes) == 1 {
				return nil, fmt.Errorf("checking script: %w", err)
			}
			return nil, fmt.Errorf("checking the script of route %d %q: %w", i, r.Contains, err)
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listening on 127.0.0.1: %w", err)
	}
	s := &Server{routes: routes, listener: l, done: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/messages", s.messages)
	// Everything else, such as the CLI's HEAD / and HEAD /api/hello probes,
	// gets a 404, which the CLI ignores.
	mux.HandleFunc("/", http.NotFound)
	s.http = &http.Server{Handler: mux}
	go func() {
		defer close(s.done)
		_ = s.http.Serve(l) // returns ErrServerClosed after Close
	}()
	return s, nil
}

// URL is the base URL to give the CLI as ANTHROPIC_BASE_URL.
func (s *Server) URL() string {
	return "http://" + s.listener.Addr().String()
}

// Close stops the server and drops any open connection. It returns the
// errors met while answering, such as a request that could not be decoded,
// so a test sees a broken exchange even when the CLI hides it.
func (s *Server) Close() error {
	err := s.http.Close()
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	return errors.Join(append([]error{err}, s.errs...)...)
}

// Requests returns what was recorded of every Messages API call so far, in
// the order they arrived.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// messages answers POST /v1/messages (the CLI adds ?beta=true) with the
// turn of the conversation's script for the conversation so far.
func (s *Server) messages(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		s.fail(w, http.StatusBadRequest, fmt.Errorf("reading request: %w", err))
		return
	}
	var req messagesRequest
	if err := json.Unmarshal(body, &req); err != nil {
		s.fail(w, http.StatusBadRequest, fmt.Errorf("decoding request: %w", err))
		return
	}
	rec := req.record(body)
	script, ok := s.route(&rec)
	s.mu.Lock()
	index := len(s.requests)
	s.requests = append(s.requests, rec)
	held := s.held
	s.mu.Unlock()
	if held != nil {
		select {
		case <-held:
		case <-r.Context().Done():
		}
		writeError(w, 529, "overloaded_error", "held by the test, then shed")
		return
	}
	if !ok {
		s.fail(w, http.StatusBadRequest, fmt.Errorf("no route matches the prompt %q", firstLine(rec.Prompt)))
		return
	}

	turn, err := script.turn(rec.Turn).render(Vars{WorkDir: rec.WorkDir})
	if err != nil {
		s.fail(w, http.StatusInternalServerError, fmt.Errorf("rendering turn %d: %w", rec.Turn, err))
		return
	}
	if e := turn.Error; e != nil && s.failAgain(rec.Route, script.index(rec.Turn), e.Times) {
		writeError(w, e.Status, e.Type, e.Message)
		return
	}
	rep := newReply(req.Model, req.replies(), turn)
	if !req.Stream {
		w.Header().Set("Content-Type", "application/json")
		if err := json.NewEncoder(w).Encode(rep.message()); err != nil {
			s.note(fmt.Errorf("writing reply to turn %d: %w", rec.Turn, err))
			return
		}
		s.reported(index, turn.usage())
		return
	}
	if err := rep.stream(w); err != nil {
		s.note(fmt.Errorf("streaming reply to turn %d: %w", rec.Turn, err))
		return
	}
	s.reported(index, turn.usage())
}

// reported records the usage a reply carried once it was sent whole.
func (s *Server) reported(index int, u Usage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests[index].Reported = u
}

// fail records err and answers with it as an API error, so both the test and
// the CLI's transcript show it.
func (s *Server) fail(w http.ResponseWriter, status int, err error) {
	s.note(err)
	writeError(w, status, "invalid_request_error", err.Error())
}

func (s *Server) note(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errs = append(s.errs, err)
}

// writeError answers as the Messages API does when it refuses a request.
func writeError(w http.ResponseWriter, status int, typ, msg string) {
	if status == 0 {
		status = http.StatusInternalServerError
	}
	if typ == "" {
		typ = "api_error"
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"type":  "error",
		"error": map[string]any{"type": typ, "message": msg},
	})
}

// failAgain counts an error answer for a turn and reports whether it is
// due: always when times is zero, otherwise for the first times requests.
func (s *Server) failAgain(route, turn, times int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failed == nil {
		s.failed = map[[2]int]int{}
	}
	key := [2]int{route, turn}
	if times > 0 && s.failed[key] >= times {
		return false
	}
	s.failed[key]++
	return true
}

package progress

// tee sends every event to each of its sinks in turn.
type tee []Sink

// Tee returns a Sink that sends every event to each of sinks, in order:
// typically the view (live or plain) and the Summary. Nil sinks are left
// out; with none left, Tee returns Nop.
func Tee(sinks ...Sink) Sink {
	var t tee
	for _, s := range sinks {
		if s != nil {
			t = append(t, s)
		}
	}
	switch len(t) {
	case 0:
		return Nop{}
	case 1:
		return t[0]
	}
	return t
}

// Send sends e to each sink.
func (t tee) Send(e Event) {
	for _, s := range t {
		s.Send(e)
	}
}

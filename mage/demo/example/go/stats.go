package minibus

import (
	"fmt"
	"time"
)

// Stats is a snapshot of a server's counters.
type Stats struct {
	Name          string
	Uptime        time.Duration
	Clients       int
	Subscriptions int
	InMsgs        int64
	InBytes       int64
	OutMsgs       int64
	OutBytes      int64
	SlowConsumers int64
}

// Stats takes a snapshot of the server's counters.
func (s *Server) Stats() Stats {
	return Stats{
		Name:          s.opts.Name,
		Uptime:        time.Since(s.start),
		Clients:       s.NumClients(),
		Subscriptions: s.NumSubscriptions(),
		InMsgs:        s.inMsgs.Load(),
		InBytes:       s.inBytes.Load(),
		OutMsgs:       s.outMsgs.Load(),
		OutBytes:      s.outBytes.Load(),
		SlowConsumers: s.slowConsumers.Load(),
	}
}

// recordIn counts one published message of n bytes.
func (s *Server) recordIn(n int) {
	s.inMsgs.Add(1)
	s.inBytes.Add(int64(n))
}

// recordOut counts one delivered message of n bytes.
func (s *Server) recordOut(n int) {
	s.outMsgs.Add(1)
	s.outBytes.Add(int64(n))
}

// recordSlowConsumer counts one message dropped because its client's queue
// was full.
func (s *Server) recordSlowConsumer() {
	s.slowConsumers.Add(1)
}

// Delta is what happened between prev and st: counters become differences
// and Uptime the interval, while Clients and Subscriptions stay as in st,
// because they are levels, not counts.
func (st Stats) Delta(prev Stats) Stats {
	d := st
	d.Uptime -= prev.Uptime
	d.InMsgs -= prev.InMsgs
	d.InBytes -= prev.InBytes
	d.OutMsgs -= prev.OutMsgs
	d.OutBytes -= prev.OutBytes
	d.SlowConsumers -= prev.SlowConsumers
	return d
}

// String renders the snapshot on one line for logs.
func (st Stats) String() string {
	return fmt.Sprintf("%s: %d clients, %d subscriptions, in %d msgs (%s), out %d msgs (%s), %d slow consumers",
		st.Name, st.Clients, st.Subscriptions,
		st.InMsgs, formatBytes(st.InBytes), st.OutMsgs, formatBytes(st.OutBytes), st.SlowConsumers)
}

// formatBytes renders n with a binary unit: "512 B", "1.5 KiB", "3.0 MiB".
func formatBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

//go:build !unix

package csharp_test

import "time"

var clock0 = time.Now()

// spent is the wall time since the tests started, where the processor
// time is not measured.
func spent() time.Duration { return time.Since(clock0) }

package chart

import (
	"strconv"
	"time"
)

// countStep picks the spacing of the count axis: the smallest of 1, 2 or 5
// times a power of ten that covers 0..max in at most maxTicks intervals.
// Counts are whole items, so the step is never below one.
func countStep(max, maxTicks int) int {
	if max <= 0 || maxTicks <= 0 {
		return 1
	}
	for pow := 1; ; pow *= 10 {
		for _, m := range []int{1, 2, 5} {
			step := m * pow
			if (max+step-1)/step <= maxTicks {
				return step
			}
		}
	}
}

// durationSteps are the spacings an elapsed-time axis may use: each one a
// round number on a clock.
var durationSteps = []time.Duration{
	100 * time.Millisecond, 200 * time.Millisecond, 500 * time.Millisecond,
	time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second,
	15 * time.Second, 30 * time.Second,
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute,
	15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour,
	24 * time.Hour,
}

// minDurationStep is the finest spacing of an elapsed-time axis.
const minDurationStep = 100 * time.Millisecond

// smallerStep is the clock-round spacing just below step.
func smallerStep(step time.Duration) time.Duration {
	for i := len(durationSteps) - 1; i > 0; i-- {
		if durationSteps[i] < step {
			return durationSteps[i]
		}
	}
	return durationSteps[0]
}

// durationStep picks the smallest clock-round spacing that covers total in
// at most maxTicks intervals; past a day it counts whole days.
func durationStep(total time.Duration, maxTicks int) time.Duration {
	if maxTicks <= 0 {
		maxTicks = 1
	}
	for _, step := range durationSteps {
		if total <= step*time.Duration(maxTicks) {
			return step
		}
	}
	days := countStep(int(total/(24*time.Hour))+1, maxTicks)
	return time.Duration(days) * 24 * time.Hour
}

// formatElapsed writes a duration the way a person reads a stopwatch:
// "0s", "0.5s", "45s", "2m", "1m30s", "1h5m".
func formatElapsed(d time.Duration) string {
	if d <= 0 {
		return "0s"
	}
	if r := d.Round(100 * time.Millisecond); r < 10*time.Second && r%time.Second != 0 {
		return strconv.FormatFloat(r.Seconds(), 'f', -1, 64) + "s"
	}
	d = d.Round(time.Second)
	h, m, s := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	var b []byte
	if h > 0 {
		b = strconv.AppendInt(b, int64(h), 10)
		b = append(b, 'h')
	}
	if m > 0 {
		b = strconv.AppendInt(b, int64(m), 10)
		b = append(b, 'm')
	}
	if s > 0 || len(b) == 0 {
		b = strconv.AppendInt(b, int64(s), 10)
		b = append(b, 's')
	}
	return string(b)
}

// formatCount writes n with thousands separators: 1234567 -> "1,234,567".
func formatCount(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	var b []byte
	if neg {
		b = append(b, '-')
	}
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, s[i])
	}
	return string(b)
}

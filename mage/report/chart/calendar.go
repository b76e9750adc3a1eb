package chart

import "time"

// calendarStep is one spacing a date axis may use: a fixed length of time
// (minutes to weeks) or a number of calendar months, with the label layout
// that suits it.
type calendarStep struct {
	fixed  time.Duration // zero for month steps
	months int
	layout string
}

const (
	layoutClock = "Jan 2 15:04"
	layoutDay   = "2006-01-02"
	layoutMonth = "Jan 2006"
	layoutYear  = "2006"
)

var calendarSteps = []calendarStep{
	{fixed: time.Minute, layout: layoutClock},
	{fixed: 5 * time.Minute, layout: layoutClock},
	{fixed: 15 * time.Minute, layout: layoutClock},
	{fixed: 30 * time.Minute, layout: layoutClock},
	{fixed: time.Hour, layout: layoutClock},
	{fixed: 3 * time.Hour, layout: layoutClock},
	{fixed: 6 * time.Hour, layout: layoutClock},
	{fixed: 12 * time.Hour, layout: layoutClock},
	{fixed: 24 * time.Hour, layout: layoutDay},
	{fixed: 2 * 24 * time.Hour, layout: layoutDay},
	// Truncating to a week lands on a Monday: Go's zero time is one.
	{fixed: 7 * 24 * time.Hour, layout: layoutDay},
	{months: 1, layout: layoutMonth},
	{months: 3, layout: layoutMonth},
	{months: 6, layout: layoutMonth},
	{months: 12, layout: layoutYear},
	{months: 24, layout: layoutYear},
	{months: 60, layout: layoutYear},
	{months: 120, layout: layoutYear},
	{months: 1200, layout: layoutYear},
}

// calendarTicks places date-axis ticks on round instants (whole hours,
// midnights, Mondays, first days of months or years, in UTC) between from
// and to, using the finest step that gives at most maxTicks of them.
func calendarTicks(from, to time.Time, maxTicks int) (ticks []time.Time, layout string) {
	from, to = from.UTC(), to.UTC()
	step := calendarSteps[len(calendarSteps)-1]
	for _, s := range calendarSteps {
		if len(s.ticks(from, to, maxTicks+1)) <= maxTicks {
			step = s
			break
		}
	}
	return step.ticks(from, to, maxTicks+1), step.layout
}

// ticks lists this step's instants in [from, to], stopping after limit.
func (s calendarStep) ticks(from, to time.Time, limit int) []time.Time {
	var out []time.Time
	t := s.first(from)
	for !t.After(to) && len(out) < limit {
		out = append(out, t)
		t = s.next(t)
	}
	return out
}

// first is the earliest round instant of this step at or after from.
func (s calendarStep) first(from time.Time) time.Time {
	if s.fixed > 0 {
		t := from.Truncate(s.fixed)
		if t.Before(from) {
			t = t.Add(s.fixed)
		}
		return t
	}
	index := from.Year()*12 + int(from.Month()) - 1
	index -= index % s.months
	t := time.Date(index/12, time.Month(index%12+1), 1, 0, 0, 0, 0, time.UTC)
	for t.Before(from) {
		t = s.next(t)
	}
	return t
}

func (s calendarStep) next(t time.Time) time.Time {
	if s.fixed > 0 {
		return t.Add(s.fixed)
	}
	return t.AddDate(0, s.months, 0)
}

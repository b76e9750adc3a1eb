package csmerge

import "errors"

// IsRefusal reports whether err is a Refusal, a reason rather than a failure.
func IsRefusal(err error) bool {
	var r *Refusal
	return errors.As(err, &r)
}

package audit

// ForgetCache drops the audit cache this process remembers, as a new
// process starts without it.
func ForgetCache() { remember("", nil, nil) }

package audit

// ForgetCache drops the audit cache this process remembers, as a new
// process starts without it.
func ForgetCache() { remember("", [32]byte{}, nil) }

// Unsaved is how many rescanned files an audit of a tree of files keeps in
// memory before it writes the cache.
func Unsaved(files int) int { return unsaved(files) }

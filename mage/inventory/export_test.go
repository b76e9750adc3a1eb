package inventory

// ContainsItem reports whether the item named name (Receiver.Name or
// Name) in the file at rel is in scope, as a scan decides it.
func (s Scope) ContainsItem(rel, name string) bool {
	include, exclude, err := s.compile()
	return err == nil && scope{include, exclude}.item(rel, name)
}

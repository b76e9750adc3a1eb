package port

// Kind says whether an item is a feature (function or method) or a unit test.
type Kind string

// The two kinds of tracked items; each has its own table and ID sequence.
const (
	Feature Kind = "feature"
	Test    Kind = "test"
)

// Item is one tracked Go function, method or test and its C# counterpart.
type Item struct {
	ID           int
	Kind         Kind
	GoFile       string // slash-separated, relative to the Go source root
	GoReceiver   string // empty for standalone functions
	GoName       string
	GoLine       int
	GoLineCount  int
	DotnetFile   string // optional: the C# file the member lives in
	DotnetClass  string
	DotnetMember string
	Status       Status
	Vanished     bool // the inventory no longer finds it in the Go tree
}

// GoQualifiedName is Receiver.Name, or Name for standalone functions.
func (it Item) GoQualifiedName() string {
	if it.GoReceiver == "" {
		return it.GoName
	}
	return it.GoReceiver + "." + it.GoName
}

// Mapping overrides where one item lives in C#. Empty fields keep the
// current value.
type Mapping struct {
	Kind   Kind
	ID     int
	Class  string
	Member string
	File   string
}

package csharp

// MemberKind says what sort of member a declaration is.
type MemberKind string

// The member kinds. Fields, local functions and lambdas are not members.
const (
	Method            MemberKind = "method"
	Constructor       MemberKind = "constructor"
	StaticConstructor MemberKind = "static constructor"
	Finalizer         MemberKind = "finalizer"
	Property          MemberKind = "property"
	Indexer           MemberKind = "indexer"
	Operator          MemberKind = "operator"
	Event             MemberKind = "event"
)

// BodyKind classifies a member's body. The values are ordered so that folding
// overloads is taking the largest: one implemented overload makes the name
// implemented.
type BodyKind int

// The body classifications.
const (
	// Missing is never set on a scanned member; Index answers it when no
	// member of the asked name exists.
	Missing BodyKind = iota
	// NoBody: abstract, interface, extern and partial declarations.
	NoBody
	// Stub: the body only throws NotImplementedException, is empty, or holds
	// only comments, each optionally followed by return default.
	Stub
	// Implemented: anything else.
	Implemented
)

var bodyKindNames = [...]string{"missing", "no body", "stub", "implemented"}

// String names the classification in lower case.
func (b BodyKind) String() string {
	if b < 0 || int(b) >= len(bodyKindNames) {
		return "invalid"
	}
	return bodyKindNames[b]
}

// Member is one member declaration with its body classified.
//
// Names: a constructor and a static constructor are named after their type,
// a finalizer is "~Type", an indexer "this[]", and an operator takes its
// metadata name ("op_Addition", "op_Implicit"; see operatorName). An explicit
// interface implementation (void IDisposable.Dispose()) is named by its last
// part, with the interface in Explicit.
type Member struct {
	File     string // the path given to Scan
	Type     string // full name of the containing type: namespace, outer types, the type, joined by "."; no type arguments
	TypeName string // simple name of the innermost containing type, without type arguments
	Name     string
	Explicit string // the interface of an explicit implementation, as written
	Kind     MemberKind
	Line     int // 1-based line of the name (of "this" for indexers, "operator" for operators)

	// Start and End span the whole declaration in bytes: from its first
	// attribute section or modifier to after the } or ; that ends it, a
	// property's initializer (= value;) included. Comments before it are
	// not part of it. The members of "event E A, B;" share one span.
	Start, End int

	// The body: from "{" to after "}" for block bodies and accessor lists, from
	// "=>" to after ";" for expression bodies. Offsets are bytes in the file;
	// both are 0 when there is no body.
	BodyStart, BodyEnd int
	StartLine, EndLine int

	Body   BodyKind
	Reason string // why the body is what it is, e.g. "throws NotImplementedException"

	Test       bool   // carries a test attribute such as [Fact] or [Test]
	SkipReason string // non-empty when the test is skipped; the Skip text

	// Params is how many parameters a method, constructor or indexer
	// declares (an extension method's this parameter not counted); 0 for a
	// property, -1 for events and operators.
	Params int

	// Extends is the simple name of the type an extension member extends:
	// the type of the this parameter of a static method, or the receiver of
	// the C# 14 extension(T) block the member is in. Empty otherwise.
	Extends string

	Attributes []Attribute
	Accessors  []Accessor // properties, indexers and events with accessor lists
}

// Accessor is one get, set, init, add or remove of a property, indexer or event.
type Accessor struct {
	Name               string // get, set, init, add or remove
	Line               int
	BodyStart, BodyEnd int // 0 for an automatic accessor (get;)
	Body               BodyKind
	Reason             string
}

// Attribute is one attribute applied to a member.
type Attribute struct {
	Name string // as written, e.g. "Fact", "Xunit.FactAttribute"
	Text string // its source text without the brackets, e.g. Fact(Skip = "slow")
}

// Trivial reports whether the member is a stub only for having nothing to
// do: an empty body, only comments, or only a return of default. That is a
// faithful port of a Go function whose body is empty too; a body that
// throws NotImplementedException or holds the marker never is.
func (m Member) Trivial() bool {
	return m.Body == Stub && (m.Reason == reasonEmpty || m.Reason == reasonComments || m.Reason == reasonDefault)
}

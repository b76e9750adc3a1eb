package csharp

// TypeKind says which kind of type a declaration introduces.
type TypeKind string

// The type kinds.
const (
	Class        TypeKind = "class"
	Struct       TypeKind = "struct"
	Interface    TypeKind = "interface"
	Enum         TypeKind = "enum"
	Record       TypeKind = "record"
	RecordStruct TypeKind = "record struct"
)

// Type is one type declaration. A partial type spread over several files has
// one Type in each of them.
type Type struct {
	Name      string // simple name without type parameters
	FullName  string // namespace and outer types joined by ".", as Member.Type
	Namespace string
	Kind      TypeKind
	Arity     int // number of type parameters
	Partial   bool
	Line      int
}

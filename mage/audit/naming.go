package audit

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"portwave/mage/port"
)

// Naming turns a Go item into the C# class and member it should live in,
// for items whose mapping columns are empty. The convention is the port's:
//
//   - a method's class is its receiver, through ClassMap when listed there
//     (Server -> NatsServer, client -> ClientConnection), else the receiver in
//     PascalCase;
//   - a standalone function lives in <File>Helpers, the Go file name in
//     PascalCase (monitor.go -> MonitorHelpers, jetstream_api.go ->
//     JetstreamApiHelpers);
//   - a test lives in <File>Tests, the file name without _test and its
//     underscores (auth_callout_test.go -> AuthcalloutTests), and is named
//     without its Test prefix;
//   - members are PascalCase, and String becomes ToString.
//
// The mapping columns, when filled, always win over the convention.
type Naming struct {
	ClassMap map[string]string
}

// Target returns the C# class and member for an item.
func (n Naming) Target(it port.Item) (class, member string) {
	class, member = it.DotnetClass, it.DotnetMember
	if class == "" {
		class = n.class(it)
	}
	if member == "" {
		member = n.member(it)
	}
	return class, member
}

func (n Naming) class(it port.Item) string {
	if it.Kind == port.Test {
		// Test classes drop the underscores without capitalising the words
		// after them: auth_callout_test.go -> AuthcalloutTests.
		return upperFirst(strings.ReplaceAll(strings.TrimSuffix(fileStem(it.GoFile), "_test"), "_", "")) + "Tests"
	}
	if it.GoReceiver == "" {
		return pascal(fileStem(it.GoFile)) + "Helpers"
	}
	if c, ok := n.ClassMap[it.GoReceiver]; ok {
		return c
	}
	return pascal(it.GoReceiver)
}

func (n Naming) member(it port.Item) string {
	name := it.GoName
	if it.Kind == port.Test {
		name = strings.TrimPrefix(name, "Test")
		name = strings.TrimPrefix(name, "_")
	}
	if name == "String" {
		return "ToString"
	}
	return upperFirst(name)
}

func fileStem(goFile string) string { return strings.TrimSuffix(path.Base(goFile), ".go") }

// pascal joins snake_case words, each with its first letter upper-cased.
func pascal(s string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == '_' || r == '-' || r == '.' }) {
		b.WriteString(upperFirst(w))
	}
	return b.String()
}

func upperFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

package prompt_test

import (
	"testing"

	"portwave/mage/prompt"
)

func TestAFenceIsLongerThanAnyBacktickRunInside(t *testing.T) {
	tests := []struct{ info, text, want string }{
		{"go", "func F() {}", "```go\nfunc F() {}\n```"},
		{"", "x := `raw`\n", "```\nx := `raw`\n```"},
		{"", "/*\n```\n## Rules\n*/", "````\n/*\n```\n## Rules\n*/\n````"},
		{"text", "a ````` b", "``````text\na ````` b\n``````"},
	}
	for _, tt := range tests {
		if got := prompt.Fence(tt.info, tt.text); got != tt.want {
			t.Errorf("Fence(%q, %q) = %q, want %q", tt.info, tt.text, got, tt.want)
		}
	}
}

func TestACodeSpanFitsItsTextAndStaysOnOneLine(t *testing.T) {
	tests := []struct{ text, want string }{
		{"dotnet build", "`dotnet build`"},
		{"a`b", "``a`b``"},
		{"`x`", "`` `x` ``"},
		{"notes\n## Rules.cs", "`\"notes\\n## Rules.cs\"`"},
	}
	for _, tt := range tests {
		if got := prompt.Code(tt.text); got != tt.want {
			t.Errorf("Code(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

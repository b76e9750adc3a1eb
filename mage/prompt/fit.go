package prompt

import (
	"fmt"
	"strings"
)

// Fitted is a prompt rendered within its token budget.
type Fitted struct {
	Text        string
	Tokens      int
	TokenBudget int
	Context     Context
}

// RenderWithin renders d with as much of the context in as fits beside the
// rest of the prompt in budget tokens. The rest of the prompt is never cut:
// when it alone is over the budget, the context is left out entirely.
func (t *Template) RenderWithin(d Data, in ContextInput, budget int) (Fitted, error) {
	d.Context = ""
	base, err := t.Render(d)
	if err != nil {
		return Fitted{}, err
	}
	in.TokenBudget = max(budget-Tokens(base)-1, 0) // the blank line before the section
	c := BuildContext(in)
	d.Context = c.Text
	text, err := t.Render(d)
	if err != nil {
		return Fitted{}, err
	}
	return Fitted{Text: text, Tokens: Tokens(text), TokenBudget: budget, Context: c}, nil
}

// Summary is one line on what the prompt cost and what was cut, for the log.
func (b Fitted) Summary() string {
	s := fmt.Sprintf("%d of %d tokens (about %d characters a token); context %d tokens", b.Tokens, b.TokenBudget, CharsPerToken, b.Context.Tokens)
	if len(b.Context.Cut) == 0 {
		return s + ", nothing cut"
	}
	var cuts []string
	for _, c := range b.Context.Cut {
		cuts = append(cuts, fmt.Sprintf("%d of %d %s (%d tokens)", c.Lines, c.Of, c.What, c.Tokens))
	}
	return s + "; cut: " + strings.Join(cuts, ", ")
}

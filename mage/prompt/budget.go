package prompt

import (
	"fmt"
	"strings"
)

// Budgeted is a prompt rendered within a token budget.
type Budgeted struct {
	Text    string
	Tokens  int
	Budget  int
	Context Context
}

// RenderWithin renders d with as much of the context in as fits beside the
// rest of the prompt in budget tokens. The rest of the prompt is never cut:
// when it alone is over the budget, the context is left out entirely.
func (t *Template) RenderWithin(d Data, in ContextInput, budget int) (Budgeted, error) {
	d.Context = ""
	base, err := t.Render(d)
	if err != nil {
		return Budgeted{}, err
	}
	in.Budget = max(budget-Tokens(base)-1, 0) // the blank line before the section
	c := BuildContext(in)
	d.Context = c.Text
	text, err := t.Render(d)
	if err != nil {
		return Budgeted{}, err
	}
	return Budgeted{Text: text, Tokens: Tokens(text), Budget: budget, Context: c}, nil
}

// Summary is one line on what the prompt cost and what was cut, for the log.
func (b Budgeted) Summary() string {
	s := fmt.Sprintf("%d of %d tokens (about %d characters a token); context %d tokens", b.Tokens, b.Budget, CharsPerToken, b.Context.Tokens)
	if len(b.Context.Cut) == 0 {
		return s + ", nothing cut"
	}
	var cuts []string
	for _, c := range b.Context.Cut {
		cuts = append(cuts, fmt.Sprintf("%d of %d %s (%d tokens)", c.Lines, c.Of, c.What, c.Tokens))
	}
	return s + "; cut: " + strings.Join(cuts, ", ")
}

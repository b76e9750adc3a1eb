package csharp

import "strings"

// Operators are named by their metadata names, the names .NET reflection and
// stack traces show, so that "+" with one parameter and "+" with two stay
// apart: op_UnaryPlus and op_Addition.
var (
	binaryOperators = map[string]string{
		"+": "op_Addition", "-": "op_Subtraction", "*": "op_Multiply", "/": "op_Division",
		"%": "op_Modulus", "&": "op_BitwiseAnd", "|": "op_BitwiseOr", "^": "op_ExclusiveOr",
		"<<": "op_LeftShift", ">>": "op_RightShift", ">>>": "op_UnsignedRightShift",
		"==": "op_Equality", "!=": "op_Inequality", "<": "op_LessThan", ">": "op_GreaterThan",
		"<=": "op_LessThanOrEqual", ">=": "op_GreaterThanOrEqual",
		// Compound assignments, user-definable since C# 14.
		"+=": "op_AdditionAssignment", "-=": "op_SubtractionAssignment",
		"*=": "op_MultiplicationAssignment", "/=": "op_DivisionAssignment",
		"%=": "op_ModulusAssignment", "&=": "op_BitwiseAndAssignment",
		"|=": "op_BitwiseOrAssignment", "^=": "op_ExclusiveOrAssignment",
		"<<=": "op_LeftShiftAssignment", ">>=": "op_RightShiftAssignment",
		">>>=": "op_UnsignedRightShiftAssignment",
	}
	unaryOperators = map[string]string{
		"+": "op_UnaryPlus", "-": "op_UnaryNegation", "!": "op_LogicalNot", "~": "op_OnesComplement",
		"++": "op_Increment", "--": "op_Decrement", "true": "op_True", "false": "op_False",
	}
)

// operatorHead names the operator whose symbol starts at token i, right
// after the keyword "operator": "checked", the symbol's tokens, then "(".
// An unknown symbol is named "operator" and the symbol.
func (p *parser) operatorHead(i int) string {
	checked := p.word(i) == "checked"
	if checked {
		i++
	}
	var sym strings.Builder
	for ; i < len(p.toks) && !p.punct(i, '('); i++ {
		sym.WriteString(p.word(i))
	}
	s := sym.String()
	name, ok := binaryOperators[s]
	if u, uok := unaryOperators[s]; uok && (!ok || p.params(i) == 1) {
		name, ok = u, true
	}
	if !ok {
		return "operator " + s
	}
	if checked {
		name = "op_Checked" + strings.TrimPrefix(name, "op_")
	}
	return name
}

// conversionName names an implicit or explicit conversion operator.
func conversionName(implicit, checked bool) string {
	switch {
	case implicit:
		return "op_Implicit"
	case checked:
		return "op_CheckedExplicit"
	}
	return "op_Explicit"
}

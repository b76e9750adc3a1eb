package agent

import (
	"path/filepath"
	"strings"
)

// Permissions are the Claude Code permission rules of one attempt: what the
// CLI may do without asking (allow) and what it may never do (deny). A
// headless run cannot ask, so everything else is refused.
type Permissions struct {
	Allow []string
	Deny  []string
}

// Permissions confines an attempt to its worktree. The configured rules
// (read-only tools by default) are extended with:
//
//   - Edit(//<worktree>/**): Claude Code's Edit rules cover every built-in
//     file-writing tool (Edit, MultiEdit, Write), and a path starting with
//     // is absolute. An unscoped Write or Edit rule would let the agent
//     write anywhere the process can; the config refuses those.
//   - Bash(<command>) for each configured build and test command: the
//     exact command, no argument added (a prefix rule, <command>:*, let
//     the agent add -p:CustomBeforeMicrosoftCommonTargets=..., -logger:,
//     -o <path>), and no other shell command.
//   - a deny rule for each protected folder (the main checkout) that does
//     not hold the worktree, because deny is evaluated first and no allow
//     rule can open a hole in it.
//
// Under the permission modes portwave accepts (dontAsk, manual) nothing
// else runs: no mode approves an edit or a command on its own.
func (c *Claude) Permissions(dir string) Permissions {
	p := Permissions{Allow: append([]string(nil), c.opts.AllowedTools...)}
	if dir != "" {
		p.Allow = append(p.Allow, EditRule(dir))
	}
	for _, cmd := range c.opts.Commands {
		if cmd = strings.TrimSpace(cmd); cmd != "" {
			p.Allow = append(p.Allow, "Bash("+cmd+")")
		}
	}
	for _, protected := range c.opts.Protect {
		if dir != "" && within(dir, protected) {
			continue // a deny here would also deny the worktree
		}
		p.Deny = append(p.Deny, EditRule(protected))
	}
	return p
}

// EditRule is the rule that allows (or denies) edits under the absolute
// folder dir.
func EditRule(dir string) string {
	return "Edit(/" + filepath.ToSlash(filepath.Clean(dir)) + "/**)"
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(filepath.Clean(dir), filepath.Clean(path))
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}

// String lists the rules one per line, as `config` and `batch:prompt`
// print them.
func (p Permissions) String() string {
	var b strings.Builder
	for _, r := range p.Allow {
		b.WriteString("allow " + r + "\n")
	}
	for _, r := range p.Deny {
		b.WriteString("deny  " + r + "\n")
	}
	return b.String()
}

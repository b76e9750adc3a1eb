package main_test

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portwave/mage/port"
	"portwave/mage/portdb"
)

// shellBlocks returns the ```sh blocks of a markdown file, each whole.
func shellBlocks(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	var cur []string
	in := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "```sh"):
			in, cur = true, nil
		case in && strings.HasPrefix(line, "```"):
			in = false
			blocks = append(blocks, strings.Join(cur, "\n")+"\n")
		case in:
			cur = append(cur, line)
		}
	}
	return blocks
}

// shopRepo writes the guide's starting point, a folder that is not a git
// repository yet: a Go module (seven functions, one ported, a test), its C#
// port with stubs, the port's tracker in its own column names (it lacks
// Clear, which the inventory lists without adding it) and a two-batch plan
// of two waves.
func shopRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	stub := "throw new NotImplementedException();"
	files := map[string]string{
		"go/go.mod": "module example.com/shop\n\ngo 1.22\n",
		"go/cart/cart.go": "package cart\n\ntype Cart struct{ items []int }\n\n" +
			"func NewCart() *Cart { return &Cart{} }\n\n" +
			"func (c *Cart) Add(price int) { c.items = append(c.items, price) }\n\n" +
			"func (c *Cart) Items() []int { return c.items }\n\n" +
			"func (c *Cart) String() string { return \"cart\" }\n\n" +
			"func (c *Cart) Clear() { c.items = nil }\n",
		"go/cart/price.go": "package cart\n\n" +
			"func Total(c *Cart) int { t := 0; for _, p := range c.items { t += p }; return t }\n\n" +
			"func Discount(total, percent int) int { return total - total*percent/100 }\n",
		"go/cart/cart_test.go":        "package cart\n\nimport \"testing\"\n\nfunc TestTotal(t *testing.T) {}\n",
		"dotnet/Shop.sln":             "\n",
		"dotnet/src/Shop/Shop.csproj": "<Project Sdk=\"Microsoft.NET.Sdk\"></Project>\n",
		"dotnet/src/Shop/Cart/Cart.cs": "namespace Shop.Cart;\n\npublic class Cart\n{\n" +
			"    public static Cart NewCart() { " + stub + " }\n\n" +
			"    public void Add(int price) { " + stub + " }\n\n" +
			"    public int[] Items() { " + stub + " }\n\n" +
			"    public override string ToString() { return \"cart\"; }\n}\n",
		"dotnet/src/Shop/Cart/Prices.cs":            pricesCS(stub, stub),
		"dotnet/tests/Shop.Tests/Shop.Tests.csproj": "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup><PackageReference Include=\"xunit\" /></ItemGroup></Project>\n",
		"tracker.tsv": "feature_id\tfile\ttype\tfunc\tcs_class\tcs_method\tstate\towner\n" +
			"1\tcart/cart.go\t\tNewCart\tCart\tNewCart\tdeferred\tana\n" +
			"2\tcart/cart.go\tCart\tAdd\tCart\tAdd\tdeferred\tana\n" +
			"3\tcart/cart.go\tCart\tItems\tCart\tItems\tdeferred\tana\n" +
			"4\tcart/cart.go\tCart\tString\tCart\tToString\tverified\tbo\n" +
			"5\tcart/price.go\t\tTotal\tPrices\tTotal\tdeferred\tbo\n" +
			"6\tcart/price.go\t\tDiscount\tPrices\tDiscount\tdeferred\tbo\n" +
			"1\tcart/cart_test.go\t\tTestTotal\tCartTests\tTotal\tdeferred\tbo\n",
		"plan.md": "# Shop Port Plan\n\n## Context\n\nThe cart is not ported yet.\n\n## Batch Structure\n\n" +
			"### Batch 1: Cart Basics (3 features)\n\nThe cart and its items.\n\n**Target files**:\n\n- `Cart/Cart.cs` (extend)\n\n" +
			"**Feature IDs**: 1-3\n\n**Dependencies**: None (foundation layer)\n\n" +
			"### Batch 2: Prices (2 features)\n\nTotals and discounts.\n\n**Target files**:\n\n- `Cart/Prices.cs` (extend)\n\n" +
			"**Feature IDs**:\n\n- Totals: 5\n- Discounts: 6\n\n**Dependencies**: Batch 1 (prices read the cart)\n\n" +
			"## Execution Plan\n\n### Wave 1\n\n- **Batch 1** (Cart Basics, 3 features)\n\n### Wave 2 (after Wave 1)\n\n- **Batch 2** (Prices, 2 features)\n",
	}
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// pricesCS is the C# of batch 2's file with the two bodies given.
func pricesCS(total, discount string) string {
	return "namespace Shop.Cart;\n\npublic static class Prices\n{\n" +
		"    public static int Total(Cart c) { " + total + " }\n\n" +
		"    public static int Discount(int total, int percent) { " + discount + " }\n}\n"
}

// gitIdentity is the repository owner's: the guide starts from a
// repository someone commits to.
var gitIdentity = []string{"GIT_AUTHOR_NAME=shop dev", "GIT_AUTHOR_EMAIL=dev@shop.invalid",
	"GIT_COMMITTER_NAME=shop dev", "GIT_COMMITTER_EMAIL=dev@shop.invalid"}

// shopAgent writes the stand-in agent the guide's AGENT_COMMAND runs: it
// reads the prompt and ports the batch it names. Batch 2's first two
// attempts leave Prices.Discount a stub, so wave2 fails its gate twice and
// ends failed; the retry's attempt ports it. It counts its attempts in its
// home, the one folder besides the worktree the sandbox lets it write and
// keep from one attempt to the next.
func shopAgent(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	script := "#!/bin/sh\nprompt=$(cat)\n" +
		"case \"$prompt\" in\n" +
		"*'Cart Basics'*)\ncat > dotnet/src/Shop/Cart/Cart.cs <<'EOF'\nnamespace Shop.Cart;\n\npublic class Cart\n{\n" +
		"    private readonly List<int> _items = new();\n\n" +
		"    public static Cart NewCart() { return new Cart(); }\n\n" +
		"    public void Add(int price) { _items.Add(price); }\n\n" +
		"    public int[] Items() { return _items.ToArray(); }\n\n" +
		"    public override string ToString() { return \"cart\"; }\n}\nEOF\n;;\n" +
		"*'Prices'*)\nn=$(cat \"$HOME/prices\" 2>/dev/null || echo 0); n=$((n+1)); echo $n > \"$HOME/prices\"\n" +
		"if [ $n -le 2 ]; then\ncat > dotnet/src/Shop/Cart/Prices.cs <<EOF\n// attempt $n\n" + pricesCS("var t = 0; foreach (var p in c.Items()) { t += p; } return t;", "throw new NotImplementedException();") + "EOF\n" +
		"else\ncat > dotnet/src/Shop/Cart/Prices.cs <<'EOF'\n" + pricesCS("var t = 0; foreach (var p in c.Items()) { t += p; } return t;", "return total - total * percent / 100;") + "EOF\nfi\n;;\n" +
		"*) exit 3 ;;\nesac\n"
	path := filepath.Join(dir, "port.sh")
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// gitStatus is `git status` of a repository, untracked files each, but
// without the folders other tests of this package make in it for a moment
// (_magetest-*, which go's ./... leaves out).
func gitStatus(t *testing.T, dir string) string {
	t.Helper()
	out, err := exec.Command("git", "-C", dir, "status", "--porcelain", "--untracked-files=all").Output()
	if err != nil {
		t.Fatal(err)
	}
	var keep []string
	for _, l := range strings.Split(string(out), "\n") {
		if l != "" && !strings.Contains(l, "_magetest-") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// TestTheGettingStartedGuideTakesAFolderThroughBothWaves runs every command
// of docs/getting-started.md, block by block, as written, on a machine with
// only Go and git, from a folder with a Go module and its C# skeleton: git
// init, init from portwave's clone, then in the repository the import of a
// tracker with its own column names, the inventory, plan:import, validate,
// plan, the commit, wave1 and wave2 through the plan's own Mage targets
// with the command agent, the gate failing batch 2 on both attempts,
// status, the retry, the report, the finished plan and the export. At the
// end both batches are merged and their features verified, the failure is
// named in status and the report, the repository holds its own Mage module
// and magefile_plan.go (a mage binary lists the same targets), and
// portwave's clone is as it was.
func TestTheGettingStartedGuideTakesAFolderThroughBothWaves(t *testing.T) {
	clone, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	cloneBefore := gitStatus(t, clone)
	repo := shopRepo(t)
	env := append(bareEnv(t, t.TempDir()), "REPO="+repo, "PORTWAVE="+clone, "AGENT_COMMAND=sh "+shopAgent(t))
	env = append(env, gitIdentity...)
	blocks := shellBlocks(t, filepath.Join("docs", "getting-started.md"))
	if len(blocks) < 10 {
		t.Fatalf("only %d command blocks in the guide", len(blocks))
	}
	type ran struct{ block, out string }
	var outputs []ran
	for _, b := range blocks {
		start := time.Now()
		cmd := exec.Command("sh", "-e", "-c", b)
		cmd.Env, cmd.Dir = env, repo
		out, err := cmd.CombinedOutput()
		t.Logf("%s(%s)\n%s", b, time.Since(start).Round(time.Millisecond), out)
		outputs = append(outputs, ran{b, string(out)})
		// wave2 fails: batch 2's gate finds Discount a stub on both
		// attempts. Nothing else may fail.
		if err != nil && !(strings.Contains(b, "mage.go wave2") && strings.Contains(string(out), "batch 2 failed")) {
			t.Fatalf("%s: %v\n%s", b, err, out)
		}
	}
	// output is what the first block with `go run mage.go TARGET` printed,
	// or with last the last one.
	output := func(target string, last bool) string {
		found := ""
		for _, r := range outputs {
			for _, line := range strings.Split(r.block, "\n") {
				if strings.HasSuffix(strings.TrimSpace(line), "mage.go "+target) {
					if !last {
						return r.out
					}
					found = r.out
				}
			}
		}
		if found == "" {
			t.Fatalf("the guide runs no `go run mage.go %s` block", target)
		}
		return found
	}
	if out := output("wave2", false); !strings.Contains(out, "Prices.Discount") {
		t.Errorf("the live output of the failed wave does not name the stub that failed the gate:\n%s", out)
	}

	ctx := context.Background()
	db, err := portdb.Open(ctx, filepath.Join(repo, "porting.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	runs, err := db.BatchRuns(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) < 2 || runs[0].State != port.StateFailed || runs[len(runs)-1].State != port.StateDone {
		t.Errorf("batch 2 did not fail in wave2 and pass on the retry: %+v", runs)
	}
	latest, err := db.LatestBatchRuns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if br := latest[1]; br.State != port.StateDone {
		t.Errorf("batch 1 is not done: %+v", br)
	}
	items, err := db.Items(ctx, port.Feature)
	if err != nil {
		t.Fatal(err)
	}
	status := map[int]port.Status{}
	for _, it := range items {
		status[it.ID] = it.Status
	}
	for id, want := range map[int]port.Status{1: port.Verified, 2: port.Verified, 3: port.Verified, 4: port.Verified, 5: port.Verified, 6: port.Verified} {
		if status[id] != want {
			t.Errorf("feature %d is %s, want %s", id, status[id], want)
		}
	}
	if len(items) != 6 {
		t.Errorf("porting.db has %d features, want the tracker's 6 (Clear is listed by the inventory, not added)", len(items))
	}
	for _, f := range []string{"dotnet/src/Shop/Cart/Cart.cs", "dotnet/src/Shop/Cart/Prices.cs"} {
		main, err := exec.Command("git", "-C", repo, "show", "main:"+f).Output()
		if err != nil || strings.Contains(string(main), "NotImplementedException") {
			t.Errorf("%s is not ported on main (%v):\n%s", f, err, main)
		}
	}
	if out := output("status", false); !strings.Contains(out, "Prices.Discount") {
		t.Errorf("status after the failed wave does not name the stub that failed the gate:\n%s", out)
	}
	if log, err := os.ReadFile(runs[0].LogPath); err != nil || !strings.Contains(string(log), "=== gate failed: batch audit: 1 of 2 implemented; Prices.Discount is a stub at dotnet/src/Shop/Cart/Prices.cs:") {
		t.Errorf("the failed attempt's log %s does not hold the gate's verdict (%v):\n%s", runs[0].LogPath, err, log)
	}
	report, err := os.ReadFile(filepath.Join(repo, "reports", "latest.md"))
	if err != nil || !strings.Contains(string(report), "Prices.Discount") {
		t.Errorf("the report does not name the stub that failed batch 2's gate (%v)", err)
	}
	if out := output("plan", true); !strings.Contains(out, "Finished: every feature") || strings.Contains(out, "Critical path") {
		t.Errorf("plan on the finished plan:\n%s", out)
	}
	exported, err := os.ReadFile(filepath.Join(repo, "tracker-out", "features.tsv"))
	if err != nil || !strings.HasPrefix(string(exported), "feature_id\tfile\ttype\tfunc\tcs_class\tcs_method\tstate\n") {
		t.Errorf("the export is not in the tracker's columns (%v):\n%s", err, exported)
	}

	// The port's Mage module is the repository's: its magefile_plan.go,
	// committed, and a mage binary sees the same targets.
	for _, f := range []string{"go.mod", "mage.go", "magefile.go", "magefile_plan.go", ".github/workflows/port.yml"} {
		if _, err := exec.Command("git", "-C", repo, "cat-file", "-e", "main:"+f).Output(); err != nil {
			t.Errorf("the repository's main has no %s", f)
		}
	}
	bin := t.TempDir()
	if out, err := exec.Command("go", "build", "-o", filepath.Join(bin, "mage"), "github.com/magefile/mage").CombinedOutput(); err != nil {
		t.Fatalf("building a mage binary: %v\n%s", err, out)
	}
	cmd := exec.Command(filepath.Join(bin, "mage"), "-l")
	cmd.Env, cmd.Dir = env, repo
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "wave2") || !strings.Contains(string(out), "batch:run") {
		t.Errorf("mage -l with a mage binary in the repository (%v):\n%s", err, out)
	}
	if after := gitStatus(t, clone); after != cloneBefore {
		t.Errorf("portwave's clone changed:\nbefore:\n%s\nafter:\n%s", cloneBefore, after)
	}
}

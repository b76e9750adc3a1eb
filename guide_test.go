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

// shopRepo writes the guide's repository: a Go module (five functions to
// port, one ported, a test), its C# port with stubs, the port's tracker in
// its own column names and a two-batch plan, committed.
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
			"func (c *Cart) String() string { return \"cart\" }\n",
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
		"dotnet/src/Shop/Cart/Prices.cs": "namespace Shop.Cart;\n\npublic static class Prices\n{\n" +
			"    public static int Total(Cart c) { " + stub + " }\n\n" +
			"    public static int Discount(int total, int percent) { " + stub + " }\n}\n",
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
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"}, {"commit", "-q", "-m", "the shop and its port so far"}} {
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), gitIdentity...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return dir
}

// gitIdentity is the repository owner's: the guide starts from a
// repository someone commits to.
var gitIdentity = []string{"GIT_AUTHOR_NAME=shop dev", "GIT_AUTHOR_EMAIL=dev@shop.invalid",
	"GIT_COMMITTER_NAME=shop dev", "GIT_COMMITTER_EMAIL=dev@shop.invalid"}

// TestTheGettingStartedGuideTakesARepositoryToAMergedBatch runs every
// command of docs/getting-started.md, block by block, on a generated Go→C#
// repository, on a machine without claude or dotnet: init, the import of a
// tracker with its own column names, the inventory, plan:import, validate,
// a batch run with the command agent, status, the report and the export.
// Each block works, or (batch:run with the default agent) says in one line
// what it needs. At the end the batch is merged, its features verified, the
// report written under reports/ and the tracker written back in its columns.
func TestTheGettingStartedGuideTakesARepositoryToAMergedBatch(t *testing.T) {
	repo := shopRepo(t)
	agent := filepath.Join(t.TempDir(), "port.sh")
	// The stand-in agent ports batch 1: it reads the prompt and writes the
	// cart's members.
	if err := os.WriteFile(agent, []byte("#!/bin/sh\ngrep -q 'Cart Basics' || exit 3\n"+
		"cat > dotnet/src/Shop/Cart/Cart.cs <<'EOF'\nnamespace Shop.Cart;\n\npublic class Cart\n{\n"+
		"    private readonly List<int> _items = new();\n\n"+
		"    public static Cart NewCart() { return new Cart(); }\n\n"+
		"    public void Add(int price) { _items.Add(price); }\n\n"+
		"    public int[] Items() { return _items.ToArray(); }\n\n"+
		"    public override string ToString() { return \"cart\"; }\n}\nEOF\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	env := append(bareEnv(t, t.TempDir()), "REPO="+repo, "AGENT_COMMAND=sh "+agent)
	env = append(env, gitIdentity...)
	blocks := shellBlocks(t, filepath.Join("docs", "getting-started.md"))
	if len(blocks) < 8 {
		t.Fatalf("only %d command blocks in the guide", len(blocks))
	}
	for _, b := range blocks {
		start := time.Now()
		cmd := exec.Command("sh", "-e", "-c", b)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		t.Logf("%s(%s)\n%s", b, time.Since(start).Round(time.Millisecond), out)
		if err != nil && !requirement.Match(out) {
			t.Fatalf("%s: %v, and no one-line requirement:\n%s", b, err, out)
		}
	}

	ctx := context.Background()
	db, err := portdb.Open(ctx, filepath.Join(repo, "porting.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	latest, err := db.LatestBatchRuns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if br, ok := latest[1]; !ok || br.State != portdb.StateDone {
		t.Errorf("batch 1 is not done: %+v", latest)
	}
	items, err := db.Items(ctx, portdb.Feature)
	if err != nil {
		t.Fatal(err)
	}
	status := map[int]portdb.Status{}
	for _, it := range items {
		status[it.ID] = it.Status
	}
	for id, want := range map[int]portdb.Status{1: portdb.Verified, 2: portdb.Verified, 3: portdb.Verified, 4: portdb.Verified, 5: portdb.Deferred, 6: portdb.Deferred} {
		if status[id] != want {
			t.Errorf("feature %d is %s, want %s", id, status[id], want)
		}
	}
	main, err := exec.Command("git", "-C", repo, "show", "main:dotnet/src/Shop/Cart/Cart.cs").Output()
	if err != nil || strings.Contains(string(main), "NotImplementedException") {
		t.Errorf("the batch's work is not merged into main (%v):\n%s", err, main)
	}
	reports, _ := filepath.Glob(filepath.Join(repo, "reports", "*.md"))
	if len(reports) == 0 {
		t.Error("no report under reports/")
	}
	exported, err := os.ReadFile(filepath.Join(repo, "tracker-out", "features.tsv"))
	if err != nil || !strings.HasPrefix(string(exported), "feature_id\tfile\ttype\tfunc\tcs_class\tcs_method\tstate\n") {
		t.Errorf("the export is not in the tracker's columns (%v):\n%s", err, exported)
	}
}

package audit_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/audit"
	"portwave/mage/port"
	"portwave/mage/portdb"
)

// smallDB is a porting.db holding the given features, all deferred
// unless they say otherwise.
func smallDB(t *testing.T, items []port.Item) *portdb.DB {
	t.Helper()
	ctx := context.Background()
	db, err := portdb.Create(ctx, filepath.Join(t.TempDir(), "porting.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for i := range items {
		items[i].Kind = port.Feature
		if items[i].Status == "" {
			items[i].Status = port.Deferred
		}
		if items[i].GoLineCount == 0 {
			items[i].GoLineCount = 3
		}
	}
	if err := db.UpsertItems(ctx, items, "test", 0); err != nil {
		t.Fatal(err)
	}
	return db
}

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, text := range files {
		writeFile(t, filepath.Join(root, filepath.FromSlash(name)), text)
	}
	return root
}

// verdicts runs a full audit and returns "id verdict: reason" per item.
func verdicts(t *testing.T, db *portdb.DB, opt audit.Options) map[int]string {
	t.Helper()
	opt.Naming = natsnetNaming
	opt.DryRun = true
	res, err := audit.Run(context.Background(), db, opt)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]string{}
	for _, f := range res.Findings {
		out[f.Item.ID] = string(f.Verdict) + ": " + f.Reason()
	}
	return out
}

func TestExtensionMethodsAndJSONConvertersCountAsMembersOfTheTypeTheyServe(t *testing.T) {
	db := smallDB(t, []port.Item{
		{ID: 1, GoFile: "server/gateway.go", GoReceiver: "GatewayInterestMode", GoName: "String", GoLine: 113, DotnetClass: "GatewayInterestMode", DotnetMember: "ToString"},
		{ID: 2, GoFile: "server/monitor.go", GoReceiver: "ClosedState", GoName: "String", GoLine: 2565, DotnetClass: "ClosedState", DotnetMember: "ToString"},
		{ID: 3, GoFile: "server/monitor.go", GoReceiver: "HealthZErrorType", GoName: "MarshalJSON", GoLine: 3453, DotnetClass: "HealthZErrorType", DotnetMember: "MarshalJSON"},
		{ID: 4, GoFile: "server/monitor.go", GoReceiver: "HealthZErrorType", GoName: "UnmarshalJSON", GoLine: 3457, DotnetClass: "HealthZErrorType", DotnetMember: "UnmarshalJSON"},
		{ID: 5, GoFile: "server/accounts.go", GoReceiver: "ServiceRespType", GoName: "String", GoLine: 203, DotnetClass: "ServiceRespType", DotnetMember: "ToString"},
		{ID: 6, GoFile: "server/accounts.go", GoReceiver: "ServiceRespType", GoName: "isSingle", GoLine: 220, DotnetClass: "ServiceRespType", DotnetMember: "IsSingle"},
	})
	root := writeTree(t, map[string]string{
		"Gateway/GatewayTypes.cs": `namespace N;
public enum GatewayInterestMode : byte { Optimistic, Transitioning, InterestOnly }
public static class GatewayInterestModeExtensions
{
    public static string String(this GatewayInterestMode mode) => mode switch { GatewayInterestMode.Optimistic => "Optimistic", _ => "Unknown" };
}`,
		"Monitor/MonitorTypes.cs": `namespace N;
public enum ClosedState { ClientClosed = 1 }
public enum HealthZErrorType { Conn, BadRequest }
public static class MonitorExtensions
{
    extension(ClosedState state)
    {
        public string ToString() => state switch { ClosedState.ClientClosed => "Client Closed", _ => "Unknown" };
    }
}
public sealed class HealthZErrorTypeJsonConverter : System.Text.Json.Serialization.JsonConverter<HealthZErrorType>
{
    public override HealthZErrorType Read(ref Utf8JsonReader reader, Type t, JsonSerializerOptions o) => Parse(reader.GetString());
    public override void Write(Utf8JsonWriter writer, HealthZErrorType value, JsonSerializerOptions o) { writer.WriteStringValue(value.ToString()); }
}`,
		"Accounts/ServiceRespType.cs": `namespace N;
public enum ServiceRespType : byte { Singleton, Streamed, Chunked }
public static class ServiceRespTypeExtensions
{
    extension<T>(T unused) where T : class { public int Nothing() => 0; }
    public static string ToString(this ServiceRespType t) => throw new NotImplementedException();
    public static bool IsSingle(this ServiceRespType t) { return t == ServiceRespType.Singleton; }
}`,
	})
	got := verdicts(t, db, audit.Options{Root: root})
	want := map[int]string{
		1: "implemented: GatewayInterestMode.ToString implemented at Gateway/GatewayTypes.cs:5 (extension in GatewayInterestModeExtensions)",
		2: "implemented: ClosedState.ToString implemented at Monitor/MonitorTypes.cs:8 (extension in MonitorExtensions)",
		3: "implemented: HealthZErrorType.MarshalJSON implemented at Monitor/MonitorTypes.cs:14 (json converter HealthZErrorTypeJsonConverter)",
		4: "implemented: HealthZErrorType.UnmarshalJSON implemented at Monitor/MonitorTypes.cs:13 (json converter HealthZErrorTypeJsonConverter)",
		5: "stub: ServiceRespType.ToString is a stub at Accounts/ServiceRespType.cs:6",
		6: "implemented: ServiceRespType.IsSingle implemented at Accounts/ServiceRespType.cs:7 (extension in ServiceRespTypeExtensions)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// goSource writes Go files for the items of a test.
func goSource(t *testing.T, files map[string]string) string {
	t.Helper()
	return writeTree(t, files)
}

func TestItemsSharingACSharpNameAreMatchedToOverloadsByParameterCount(t *testing.T) {
	items := func() []port.Item {
		return []port.Item{
			{ID: 1, GoFile: "server/sublist.go", GoReceiver: "Sublist", GoName: "Match", GoLine: 3, DotnetClass: "SubscriptionIndex", DotnetMember: "Match"},
			{ID: 2, GoFile: "server/sublist.go", GoReceiver: "Sublist", GoName: "match", GoLine: 5, DotnetClass: "SubscriptionIndex", DotnetMember: "Match"},
		}
	}
	goRoot := goSource(t, map[string]string{"server/sublist.go": "package server\n\nfunc (s *Sublist) Match(subject string) *Result { return s.match(subject, true) }\n\nfunc (s *Sublist) match(subject string, doLock bool) *Result {\n\treturn nil\n}\n"})
	cases := []struct {
		name string
		cs   string
		want map[int]string
	}{
		{"one overload per parameter count", "public void Match(string s) { M(s, true); }\nprivate void Match(string s, bool l) { Run(); }", map[int]string{1: "implemented", 2: "implemented"}},
		{"two overloads of one count", "public void Match(string s) { M(s, true); }\npublic void Match(int i) { Run(); }", map[int]string{1: "implemented", 2: "ambiguous"}},
		{"an overload with a count nobody claims", "public void Match(string s) { M(s); }\npublic void Match(string s, bool l, CancellationToken c) { Run(); }", map[int]string{1: "implemented", 2: "implemented"}},
		{"one overload for two", "public void Match(string s, bool l) { Run(); }", map[int]string{1: "ambiguous", 2: "implemented"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := smallDB(t, items())
			root := writeTree(t, map[string]string{"SubscriptionIndex.cs": "class SubscriptionIndex {\n" + c.cs + "\n}\n"})
			got := map[int]string{}
			for id, v := range verdicts(t, db, audit.Options{Root: root, GoRoot: goRoot}) {
				got[id] = strings.SplitN(v, ":", 2)[0]
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// A verified claimant's count is known too: its overload is not free
	// for the other item to take.
	its := items()
	its[0].Status = port.Verified
	db0 := smallDB(t, its)
	root0 := writeTree(t, map[string]string{"SubscriptionIndex.cs": "class SubscriptionIndex {\npublic void Match(string s) { M(s); }\n}\n"})
	if v := verdicts(t, db0, audit.Options{Root: root0, GoRoot: goRoot})[2]; !strings.HasPrefix(v, "ambiguous: SubscriptionIndex.Match: no implemented overload with 2 parameter(s)") {
		t.Errorf("match beside a verified Match: %s", v)
	}
	// Without the Go source, the overloads are only counted.
	db := smallDB(t, items())
	root := writeTree(t, map[string]string{"SubscriptionIndex.cs": "class SubscriptionIndex {\npublic void Match(string s) { M(s); }\npublic void Match(int i) { Run(); }\n}\n"})
	for id, v := range verdicts(t, db, audit.Options{Root: root}) {
		if !strings.HasPrefix(v, "implemented") {
			t.Errorf("without the Go source, item %d: %s", id, v)
		}
	}
}

func TestAnEmptyBodyIsAStubOnlyWhenTheGoFunctionHasStatements(t *testing.T) {
	items := []port.Item{
		{ID: 1, GoFile: "server/client.go", GoReceiver: "client", GoName: "noop", GoLine: 3, DotnetClass: "ClientConnection", DotnetMember: "Noop"},
		{ID: 2, GoFile: "server/client.go", GoReceiver: "client", GoName: "flush", GoLine: 5, DotnetClass: "ClientConnection", DotnetMember: "Flush"},
		{ID: 3, GoFile: "server/client.go", GoReceiver: "client", GoName: "zero", GoLine: 9, DotnetClass: "ClientConnection", DotnetMember: "Zero"},
		{ID: 4, GoFile: "server/client.go", GoReceiver: "client", GoName: "todo", GoLine: 11, DotnetClass: "ClientConnection", DotnetMember: "Todo"},
		{ID: 5, GoFile: "server/client.go", GoReceiver: "client", GoName: "marked", GoLine: 13, DotnetClass: "ClientConnection", DotnetMember: "Marked"},
	}
	goRoot := goSource(t, map[string]string{"server/client.go": "package server\n\nfunc (c *client) noop() {}\n\nfunc (c *client) flush() {\n\tc.out.flush()\n}\n\nfunc (c *client) zero() int { return 0 }\n\nfunc (c *client) todo() {}\n\nfunc (c *client) marked() {}\n"})
	root := writeTree(t, map[string]string{"ClientConnection.cs": `class ClientConnection {
    void Noop() { }
    void Flush() { }
    int Zero() => default;
    void Todo() => throw new NotImplementedException();
    void Marked() { /* TODO: port */ }
}`})
	want := map[int]string{
		1: "implemented: ClientConnection.Noop implemented at ClientConnection.cs:2 (empty, as its Go function is)",
		2: "stub: ClientConnection.Flush is a stub at ClientConnection.cs:3",
		3: "stub: ClientConnection.Zero is a stub at ClientConnection.cs:4",
		4: "stub: ClientConnection.Todo is a stub at ClientConnection.cs:5",
		5: "stub: ClientConnection.Marked is a stub at ClientConnection.cs:6",
	}
	db := smallDB(t, items)
	if diff := cmp.Diff(want, verdicts(t, db, audit.Options{Root: root, GoRoot: goRoot})); diff != "" {
		t.Errorf("with the Go source (-want +got):\n%s", diff)
	}
	for id, v := range verdicts(t, db, audit.Options{Root: root}) {
		if !strings.HasPrefix(v, "stub") {
			t.Errorf("without the Go source, item %d: %s", id, v)
		}
	}
	// Written, the promotion holds and says why.
	res, err := audit.Run(context.Background(), db, audit.Options{Root: root, GoRoot: goRoot, Naming: natsnetNaming})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Promotions) != 1 || res.Promotions[0].Item.ID != 1 {
		t.Errorf("promotions: %v", res.Promotions)
	}
	if _, err := os.Stat(goRoot); err != nil {
		t.Fatal(err)
	}
}

// NatsNet's SubjectTree.Match (3662, complete: ported under another name)
// and SubjectTree.match (3667, deferred) map to one C# name. Porting 3667
// as an overload whose parameter list differs from both Go functions must
// credit 3667 alone: one C# member never stands for two items.
func TestOneCSharpMemberIsNeverCreditedToTwoItems(t *testing.T) {
	ctx := context.Background()
	goRoot := goSource(t, map[string]string{"server/stree/stree.go": "package stree\n\n" +
		"func (t *SubjectTree[T]) Match(filter []byte, cb func(subject []byte, val *T)) {\n\tt.match(t.root, nil, nil, cb)\n}\n\n" +
		"func (t *SubjectTree[T]) match(n node, parts [][]byte, pre []byte, cb func(subject []byte, val *T)) {\n\tcb(pre, nil)\n}\n"})
	cases := []struct {
		name, port string
		want       map[int]port.Status
	}{
		{"ported with a parameter list of its own", "public void Match() { Walk(_root); }",
			map[int]port.Status{3662: port.Complete, 3667: port.Verified}},
		{"ported with Go's four parameters", "public void Match(Node n, byte[][] parts, byte[] pre, Action<byte[], T> cb) { Walk(n); }",
			map[int]port.Status{3662: port.Complete, 3667: port.Verified}},
		{"both ported under the name", "public void Match(byte[] f, Action<byte[], T> cb) { Walk(_root); }\npublic void Match() { Walk(_root); }",
			map[int]port.Status{3662: port.Verified, 3667: port.Verified}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := smallDB(t, []port.Item{
				{ID: 3662, GoFile: "server/stree/stree.go", GoReceiver: "SubjectTree", GoName: "Match", GoLine: 3, Status: port.Complete, DotnetClass: "SubjectTree", DotnetMember: "Match"},
				{ID: 3667, GoFile: "server/stree/stree.go", GoReceiver: "SubjectTree", GoName: "match", GoLine: 7, DotnetClass: "SubjectTree", DotnetMember: "Match"},
			})
			root := writeTree(t, map[string]string{"Stree/SubjectTree.cs": "public sealed partial class SubjectTree<T>\n{\n" +
				"public void MatchCore(byte[] filter, Action<byte[], T> cb) { Walk(_root); }\n" + c.port + "\n}\n"})
			res, err := audit.Run(ctx, db, audit.Options{Root: root, GoRoot: goRoot, Naming: natsnetNaming})
			if err != nil {
				t.Fatal(err)
			}
			got := map[int]port.Status{}
			for _, it := range allItems(t, db) {
				got[it.ID] = it.Status
			}
			if d := cmp.Diff(c.want, got); d != "" {
				t.Errorf("statuses in porting.db (-want +got):\n%s", d)
			}
			for _, f := range res.Findings {
				if f.Item.ID == 3662 && f.Change == nil && !strings.Contains(f.Reason(), "of its own") {
					t.Errorf("3662 stays complete without saying why: %s", f.Reason())
				}
			}
		})
	}
}

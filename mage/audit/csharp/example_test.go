package csharp_test

import (
	"fmt"

	"portwave/mage/audit/csharp"
)

func ExampleScan() {
	src := []byte(`namespace ZB.MOM.NatsNet.Server;

public sealed partial class NatsServer
{
    public void Start() { _running = true; }
    public void Shutdown() => throw new NotImplementedException();
    public int Port { get; set; }
}`)
	f := csharp.Scan("NatsServer.cs", src, csharp.Options{})
	for _, m := range f.Members {
		fmt.Printf("%s:%d %s %s.%s: %s", m.File, m.Line, m.Kind, m.Type, m.Name, m.Body)
		if m.Reason != "" {
			fmt.Printf(" (%s)", m.Reason)
		}
		fmt.Println()
	}
	fmt.Println("clean:", f.OK())
	// Output:
	// NatsServer.cs:5 method ZB.MOM.NatsNet.Server.NatsServer.Start: implemented
	// NatsServer.cs:6 method ZB.MOM.NatsNet.Server.NatsServer.Shutdown: stub (throws NotImplementedException)
	// NatsServer.cs:7 property ZB.MOM.NatsNet.Server.NatsServer.Port: implemented (automatic accessors)
	// clean: true
}

func ExampleIndex_Lookup() {
	a := csharp.Scan("NatsServer.cs", []byte(`partial class NatsServer {
    void Connz(int limit) => throw new NotImplementedException();
}`), csharp.Options{})
	b := csharp.Scan("NatsServer.Monitor.cs", []byte(`partial class NatsServer {
    void Connz() { Connz(1024); }
}`), csharp.Options{})
	l := csharp.NewIndex([]*csharp.File{a, b}).Lookup("NatsServer", "Connz")
	fmt.Printf("%s at %s:%d, %d overloads, doubt: %v\n", l.Body, l.Best.File, l.Best.Line, len(l.Members), l.Doubt)
	// Output:
	// implemented at NatsServer.Monitor.cs:2, 2 overloads, doubt: false
}

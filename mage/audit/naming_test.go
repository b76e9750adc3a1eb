package audit_test

import (
	"context"
	"testing"

	"portwave/internal/fixture"
	"portwave/mage/audit"
	"portwave/mage/port"
)

// The fixture's mapping columns were filled by the port's convention, so
// the convention must reproduce every one of them from the Go columns.
func TestTheNamingConventionReproducesTheFixtureMapping(t *testing.T) {
	db := fixture.DB(t)
	n := audit.Naming{ClassMap: map[string]string{"Server": "NatsServer", "client": "ClientConnection", "mqttJSA": "MqttJsa"}}
	for _, kind := range []port.Kind{port.Feature, port.Test} {
		items, err := db.Items(context.Background(), kind)
		if err != nil {
			t.Fatal(err)
		}
		bad := 0
		for _, it := range items {
			want := it.DotnetClass + "." + it.DotnetMember
			it.DotnetClass, it.DotnetMember = "", ""
			c, m := n.Target(it)
			if got := c + "." + m; got != want {
				if bad++; bad <= 10 {
					t.Errorf("%s %d %s %s: got %s, want %s", kind, it.ID, it.GoFile, it.GoQualifiedName(), got, want)
				}
			}
		}
		if bad > 0 {
			t.Errorf("%d of %d %ss differ", bad, len(items), kind)
		}
	}
}

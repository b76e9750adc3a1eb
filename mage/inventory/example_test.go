package inventory_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"portwave/mage/inventory"
)

// A first run numbers everything; a re-run after an edit keeps the IDs,
// appends the new function and marks the deleted one vanished.
func Example() {
	root, _ := os.MkdirTemp("", "inventory-example")
	defer os.RemoveAll(root)
	write := func(src string) { _ = os.WriteFile(filepath.Join(root, "server.go"), []byte(src), 0o644) }

	write("package server\n\ntype Server struct{}\n\nfunc (s *Server) Start() {}\n\nfunc (s *Server) Stop() {}\n")
	decls, _ := inventory.Scan(context.Background(), root, inventory.Options{})
	first := inventory.Merge(nil, decls)

	write("package server\n\ntype Server struct{}\n\nfunc newServer() *Server { return &Server{} }\n\nfunc (s *Server) Start() {}\n")
	decls, _ = inventory.Scan(context.Background(), root, inventory.Options{})
	second := inventory.Merge(first.Items, decls)

	fmt.Printf("%+v\n", second.Tally)
	for _, it := range second.Items {
		fmt.Println(it.ID, it.GoQualifiedName(), it.GoLine, it.Status, it.Vanished)
	}
	// Output:
	// {Added:1 Updated:1 Unchanged:0 Revived:0 Vanished:1 StillVanished:0}
	// 1 Server.Start 7 unknown false
	// 2 Server.Stop 7 unknown true
	// 3 newServer 5 unknown false
}

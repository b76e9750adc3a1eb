// Package demo holds portwave's bundled example workspace: a small Go package,
// its half-finished C# port, the plan that finishes it and the settings that
// tie them together (see example/README.md). It is embedded so that the plan
// and the demo run, and the tests pass, on a machine with nothing but Go.
package demo

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
)

// exampleDir is the embedded directory that holds the workspace.
const exampleDir = "example"

// The all: prefix keeps the dot files (.gitignore) that a workspace needs.
//
//go:embed all:example
var exampleFiles embed.FS

// ExampleFS returns the example workspace, rooted at the directory that holds
// portwave.yaml.
func ExampleFS() fs.FS {
	sub, err := fs.Sub(exampleFiles, exampleDir)
	if err != nil {
		// fs.Sub fails only for an invalid path, and exampleDir is a constant.
		panic(err)
	}
	return sub
}

// ExtractExample writes the example workspace into dir, creating dir and the
// directories below it as needed. It never overwrites: if a file it would
// write already exists, it stops with an error that matches fs.ErrExist, so
// work in an existing workspace is not lost.
func ExtractExample(dir string) error {
	if err := os.CopyFS(dir, ExampleFS()); err != nil {
		return fmt.Errorf("extracting example workspace into %s: %w", dir, err)
	}
	return nil
}

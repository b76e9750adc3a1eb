package command

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"portwave/mage/proc"
)

// goldenImport is the package whose -update flag every golden file of the
// tests answers to.
const goldenImport = "portwave/internal/goldenfile"

// Golden regenerates every golden file from the code: `go test -count=1
// -update` on each package of the module in dir whose tests use the one
// -update flag (internal/goldenfile). Packages without it are left out, as
// go test would refuse the flag.
func Golden(ctx context.Context, dir string, out, log io.Writer) error {
	pkgs, err := GoldenPackages(ctx, dir)
	if err != nil {
		return err
	}
	if len(pkgs) == 0 {
		fmt.Fprintf(log, "no package in %s has golden files\n", dir)
		return nil
	}
	args := append([]string{"test", "-count=1"}, pkgs...)
	args = append(args, "-update")
	fmt.Fprintf(log, "go %s\n", strings.Join(args, " "))
	if _, err := proc.Run(ctx, proc.Spec{Name: "go", Args: args, Dir: dir, Stdout: out, Stderr: out}); err != nil {
		return fmt.Errorf("regenerating the golden files: %w", err)
	}
	return nil
}

// GoldenPackages lists the packages of the module in dir whose tests
// import internal/goldenfile, sorted.
func GoldenPackages(ctx context.Context, dir string) ([]string, error) {
	var stdout, stderr bytes.Buffer
	_, err := proc.Run(ctx, proc.Spec{Name: "go", Dir: dir, Stdout: &stdout, Stderr: &stderr,
		Args: []string{"list", "-f", "{{.ImportPath}}{{range .TestImports}} {{.}}{{end}}{{range .XTestImports}} {{.}}{{end}}", "./..."}})
	if err != nil {
		return nil, fmt.Errorf("listing the packages: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	var pkgs []string
	for _, line := range strings.Split(stdout.String(), "\n") {
		fields := strings.Fields(line)
		if len(fields) > 1 && slices.Contains(fields[1:], goldenImport) {
			pkgs = append(pkgs, fields[0])
		}
	}
	slices.Sort(pkgs)
	return pkgs, nil
}

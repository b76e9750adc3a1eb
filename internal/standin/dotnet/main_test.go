//go:build unix

package main_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain builds the stand-in once and puts it first on PATH, as the tests
// of other packages do.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "standin-dotnet-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	build := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(dir, "dotnet"), "portwave/internal/standin/dotnet")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building the dotnet stand-in:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	os.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what one run of the stand-in did.
type result struct {
	stdout, stderr string
	code           int
	pgid           int
	err            error
}

// dotnet runs the stand-in from PATH in dir, in its own process group that
// is killed whole when ctx ends, as portwave's runner does.
func dotnet(ctx context.Context, t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.CommandContext(ctx, "dotnet", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode(), err: err}
	if cmd.Process != nil {
		r.pgid = cmd.Process.Pid
	}
	if _, ok := err.(*exec.ExitError); ok {
		r.err = nil // a non-zero exit is data here
	}
	return r
}

// run is dotnet with the test's context and no extra environment, failing
// the test if the stand-in did not run to an exit.
func run(t *testing.T, dir string, args ...string) result {
	t.Helper()
	r := dotnet(t.Context(), t, dir, nil, args...)
	if r.err != nil {
		t.Fatalf("dotnet %v: %v\n%s%s", args, r.err, r.stdout, r.stderr)
	}
	return r
}

// tree writes files (path -> content) under a new temp dir.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

const appProject = `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
  </PropertyGroup>
</Project>
`

const testProject = `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.14.1" />
    <PackageReference Include="xunit" Version="2.9.3" />
  </ItemGroup>
  <ItemGroup>
    <ProjectReference Include="..\..\src\App\App.csproj" />
  </ItemGroup>
</Project>
`

const solution = `
Microsoft Visual Studio Solution File, Format Version 12.00
# Visual Studio Version 17
Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "App", "src\App\App.csproj", "{5B6A1F4E-8F4A-4F7B-9C51-8A1D2E3F4A01}"
EndProject
Project("{2150E333-8FDC-42A3-9474-1A3956D46DE8}") = "tests", "tests", "{5B6A1F4E-8F4A-4F7B-9C51-8A1D2E3F4A02}"
EndProject
Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "App.Tests", "tests\App.Tests\App.Tests.csproj", "{5B6A1F4E-8F4A-4F7B-9C51-8A1D2E3F4A03}"
EndProject
Global
EndGlobal
`

func TestVersionPrintsAnSDKVersion(t *testing.T) {
	r := run(t, t.TempDir(), "--version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "10.0.") {
		t.Errorf("dotnet --version: exit %d, %q", r.code, r.stdout)
	}
}

func TestAnUnknownCommandFailsLikeTheRealCLI(t *testing.T) {
	r := run(t, t.TempDir(), "frobnicate")
	if r.code != 1 || !strings.Contains(r.stderr, "Could not execute because the specified command or file was not found.") ||
		!strings.Contains(r.stderr, "dotnet-frobnicate does not exist") {
		t.Errorf("dotnet frobnicate: exit %d, stderr %q", r.code, r.stderr)
	}
}

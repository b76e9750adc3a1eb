package msbuild_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/msbuild"
)

// write lays out files (slash path -> content) under a new folder.
func write(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for rel, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const netCore = "NETCOREAPP1_0_OR_GREATER NETCOREAPP1_1_OR_GREATER NETCOREAPP2_0_OR_GREATER NETCOREAPP2_1_OR_GREATER " +
	"NETCOREAPP2_2_OR_GREATER NETCOREAPP3_0_OR_GREATER NETCOREAPP3_1_OR_GREATER"

const standard20 = "NETSTANDARD NETSTANDARD2_0 NETSTANDARD1_0_OR_GREATER NETSTANDARD1_1_OR_GREATER NETSTANDARD1_2_OR_GREATER " +
	"NETSTANDARD1_3_OR_GREATER NETSTANDARD1_4_OR_GREATER NETSTANDARD1_5_OR_GREATER NETSTANDARD1_6_OR_GREATER NETSTANDARD2_0_OR_GREATER"

// multi is a multi-targeting library with a Directory.Build.props above
// it, an imported .props, and symbols that depend on the framework and
// the configuration.
var multi = map[string]string{
	"Directory.Build.props": `<Project><PropertyGroup><DefineConstants>$(DefineConstants);REPO</DefineConstants></PropertyGroup></Project>`,
	"src/Lib/common.props": `<Project>
  <PropertyGroup>
    <DefineConstants>$(DefineConstants);COMMON</DefineConstants>
    <Version>$([System.DateTime]::Now.Year)</Version>
  </PropertyGroup>
</Project>`,
	"src/Lib/Lib.csproj": `<Project Sdk="Microsoft.NET.Sdk">
  <Import Project="common.props" />
  <PropertyGroup>
    <TargetFrameworks>netstandard2.0;net8.0</TargetFrameworks>
    <DefineConstants>$(DefineConstants);LIB</DefineConstants>
  </PropertyGroup>
  <PropertyGroup Condition="$([MSBuild]::IsTargetFrameworkCompatible('$(TargetFramework)', 'net6.0'))">
    <DefineConstants>$(DefineConstants);HAS_SPAN</DefineConstants>
  </PropertyGroup>
  <PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Release|AnyCPU' ">
    <DefineConstants>$(DefineConstants);OPTIMIZED</DefineConstants>
  </PropertyGroup>
  <Import Project="$(MSBuildThisFileDirectory)generated.targets" Condition="Exists('generated.targets')" />
  <Import Project="..\..\eng\Signing.targets" />
</Project>`,
}

func TestLoadGivesEachFrameworkTheCompilersSymbols(t *testing.T) {
	dir := write(t, multi)
	cases := []struct {
		configuration string
		want          []msbuild.Build
	}{
		{"", []msbuild.Build{
			{Framework: "netstandard2.0", Symbols: strings.Fields("REPO TRACE COMMON LIB DEBUG " + standard20)},
			{Framework: "net8.0", Symbols: strings.Fields("REPO TRACE COMMON LIB HAS_SPAN DEBUG NET NET8_0 NETCOREAPP " +
				"NET5_0_OR_GREATER NET6_0_OR_GREATER NET7_0_OR_GREATER NET8_0_OR_GREATER " + netCore)},
		}},
		{"Release", []msbuild.Build{
			{Framework: "netstandard2.0", Symbols: strings.Fields("REPO TRACE COMMON LIB OPTIMIZED RELEASE " + standard20)},
			{Framework: "net8.0", Symbols: strings.Fields("REPO TRACE COMMON LIB HAS_SPAN OPTIMIZED RELEASE NET NET8_0 NETCOREAPP " +
				"NET5_0_OR_GREATER NET6_0_OR_GREATER NET7_0_OR_GREATER NET8_0_OR_GREATER " + netCore)},
		}},
	}
	for _, c := range cases {
		t.Run("configuration "+c.configuration, func(t *testing.T) {
			p, err := msbuild.Load(filepath.Join(dir, "src", "Lib", "Lib.csproj"), c.configuration)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, p.Builds); diff != "" {
				t.Errorf("builds (-want +got):\n%s", diff)
			}
			if len(p.Notes) != 1 || !strings.Contains(p.Notes[0], "Lib.csproj:14:3: import of ") || !strings.Contains(p.Notes[0], "Signing.targets not followed") {
				t.Errorf("notes = %q, want the one import not followed, with its position", p.Notes)
			}
		})
	}
}

func TestLoadFollowsTheSwitchesThatTurnImplicitSymbolsOff(t *testing.T) {
	dir := write(t, map[string]string{"App.csproj": `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <DefineConstants>ONLY;SECOND</DefineConstants>
    <DisableImplicitConfigurationDefines>true</DisableImplicitConfigurationDefines>
    <DisableImplicitFrameworkDefines Condition="'$(TargetFramework.StartsWith(net8))' == 'True'">true</DisableImplicitFrameworkDefines>
  </PropertyGroup>
</Project>`})
	p, err := msbuild.Load(filepath.Join(dir, "App.csproj"), "Debug")
	if err != nil {
		t.Fatal(err)
	}
	want := []msbuild.Build{{Framework: "net8.0", Symbols: []string{"ONLY", "SECOND"}}}
	if diff := cmp.Diff(want, p.Builds); diff != "" {
		t.Errorf("a DefineConstants without $(DefineConstants) replaces TRACE; (-want +got):\n%s", diff)
	}
}

func TestLoadNamesThePlaceWhereASymbolCannotBeEvaluated(t *testing.T) {
	dir := write(t, map[string]string{
		"Bad.csproj": `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <DefineConstants>$(DefineConstants);$([System.IO.File]::ReadAllText('defines.txt'))</DefineConstants>
  </PropertyGroup>
</Project>`,
		"Cond.csproj": `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
  </PropertyGroup>
  <PropertyGroup Condition="'$(Flavor)' ~= 'x'">
    <DefineConstants>$(DefineConstants);FLAVOR</DefineConstants>
  </PropertyGroup>
</Project>`,
		"NotXML.csproj": "<Project>\n  <PropertyGroup>\n</Project>\n",
	})
	cases := []struct{ file, want string }{
		{"Bad.csproj", "DefineConstants decides the #if symbols but cannot be evaluated here (set csharp_symbols to give them by hand): " +
			filepath.Join(dir, "Bad.csproj") + ":4:5: cannot evaluate $([System.IO.File]::ReadAllText('defines.txt'))"},
		{"Cond.csproj", filepath.Join(dir, "Cond.csproj") + `:5:3: cannot read the condition "'$(Flavor)' ~= 'x'"`},
		{"NotXML.csproj", filepath.Join(dir, "NotXML.csproj") + ":3:"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			_, err := msbuild.Load(filepath.Join(dir, c.file), "")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error = %v, want it to hold %q", err, c.want)
			}
		})
	}
}

func TestFindListsTheProjectsOfATreeAndTheOneAroundIt(t *testing.T) {
	dir := write(t, map[string]string{
		"Server/Server.csproj":              "<Project/>",
		"Server/Internal/Sub.cs":            "",
		"Server/bin/Debug/Copy.csproj":      "<Project/>",
		"Server/Tests/Server.Tests.csproj":  "<Project/>",
		"Server/.hidden/Hidden.csproj":      "<Project/>",
		"Build.csproj":                      "<Project/>",
		"Server/Internal/Deep/Nested.props": "<Project/>",
	})
	got, err := msbuild.Find(filepath.Join(dir, "Server", "Internal"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "Server", "Server.csproj")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("inside a project (-want +got):\n%s", diff)
	}
	got, _ = msbuild.Find(filepath.Join(dir, "Server"))
	want = []string{filepath.Join(dir, "Server", "Server.csproj"), filepath.Join(dir, "Server", "Tests", "Server.Tests.csproj"), filepath.Join(dir, "Build.csproj")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("a tree of projects (-want +got):\n%s", diff)
	}
}

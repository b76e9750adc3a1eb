// Package msbuild reads what a C# project file says about compiling its
// code: the target frameworks and the preprocessor symbols the compiler
// defines for each of them under a configuration (Debug, Release), as the
// .NET SDK computes them. The audit's C# scanner evaluates #if with these
// symbols, so that it sees the members the build compiles.
//
// The symbols of one build are, in the SDK's order: TRACE (its props,
// before the project body), the project's DefineConstants (a value without
// $(DefineConstants) replaces what came before), the configuration's own
// symbol (DEBUG for Debug, RELEASE for Release; DisableImplicitConfigurationDefines
// turns it off), then the framework's (NET, NET8_0, NETCOREAPP,
// NET5_0_OR_GREATER … NET8_0_OR_GREATER, NETCOREAPP1_0_OR_GREATER …
// NETCOREAPP3_1_OR_GREATER for net8.0; NETSTANDARD… and NETFRAMEWORK,
// NET472… the same way; DisableImplicitFrameworkDefines turns them off);
// DisableDiagnosticTracing removes TRACE. An OS-specific framework
// (net8.0-windows10.0.19041.0) adds the platform's name and its versioned
// symbol (WINDOWS, WINDOWS10_0_19041_0); the platform's _OR_GREATER symbols
// depend on the workloads installed and are not derived.
//
// It is hand-written because no Go library evaluates MSBuild, and only a
// small part of it decides these symbols: property groups and properties
// with their conditions, $(Property) references, the property functions
// projects use in conditions about frameworks ([MSBuild]::
// IsTargetFrameworkCompatible, GetTargetFrameworkIdentifier,
// GetTargetFrameworkVersion, the Version comparisons, and StartsWith,
// EndsWith, Contains, Replace, ToUpperInvariant, ToLowerInvariant on a
// property), Exists(), Directory.Build.props and imports of files that
// exist. A property that the symbols depend on but that is set by
// something outside this part is an error naming the file, line and
// column; the csharp_symbols setting then takes over.
package msbuild

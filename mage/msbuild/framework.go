package msbuild

import (
	"fmt"
	"strconv"
	"strings"
)

// The framework identifiers, as MSBuild names them.
const (
	NETCoreApp   = ".NETCoreApp"
	NETStandard  = ".NETStandard"
	NETFramework = ".NETFramework"
)

// Framework is a parsed target framework moniker: net8.0, netstandard2.0,
// net472, net8.0-windows10.0.19041.0.
type Framework struct {
	Identifier      string
	Version         version
	Platform        string // windows, android, ...; empty when none
	PlatformVersion string // as written; empty when none
}

// The versions the SDK defines _OR_GREATER symbols for, below .NET 5
// (.NET 5 and later: every major version up to the target).
var (
	coreAppVersions   = []string{"1.0", "1.1", "2.0", "2.1", "2.2", "3.0", "3.1"}
	standardVersions  = []string{"1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.0", "2.1"}
	frameworkVersions = []string{"2.0", "3.0", "3.5", "4.0", "4.5", "4.5.1", "4.5.2", "4.6", "4.6.1", "4.6.2", "4.7", "4.7.1", "4.7.2", "4.8", "4.8.1"}
)

// ParseFramework reads a target framework moniker.
func ParseFramework(tfm string) (Framework, error) {
	s := strings.ToLower(strings.TrimSpace(tfm))
	var f Framework
	if base, platform, ok := strings.Cut(s, "-"); ok {
		s = base
		k := strings.IndexAny(platform, "0123456789")
		if k < 0 {
			k = len(platform)
		}
		f.Platform, f.PlatformVersion = platform[:k], platform[k:]
	}
	var err error
	switch {
	case strings.HasPrefix(s, "netcoreapp"):
		f.Identifier = NETCoreApp
		f.Version, err = parseVersion(s[len("netcoreapp"):])
	case strings.HasPrefix(s, "netstandard"):
		f.Identifier = NETStandard
		f.Version, err = parseVersion(s[len("netstandard"):])
	case strings.HasPrefix(s, "net") && strings.Contains(s, "."):
		f.Identifier = NETCoreApp
		f.Version, err = parseVersion(s[len("net"):])
		if err == nil && f.Version.major < 5 {
			err = fmt.Errorf("below net5.0 a .NET Core framework is netcoreappX.Y")
		}
	case strings.HasPrefix(s, "net") && len(s) > 3:
		// net472: .NET Framework, one digit per part.
		f.Identifier = NETFramework
		digits := s[len("net"):]
		f.Version, err = parseVersion(strings.Join(strings.Split(digits, ""), "."))
	default:
		err = fmt.Errorf("not a target framework the SDK knows")
	}
	if err != nil {
		return Framework{}, fmt.Errorf("target framework %q: %v", tfm, err)
	}
	if f.Platform != "" && (f.Identifier != NETCoreApp || f.Version.major < 5) {
		return Framework{}, fmt.Errorf("target framework %q: a platform needs net5.0 or later", tfm)
	}
	return f, nil
}

// Symbols are the preprocessor symbols the SDK defines for the framework
// (GenerateTargetFrameworkDefineConstants, GenerateTargetPlatformDefineConstants
// and GenerateNETCompatibleDefineConstants in Microsoft.NET.Sdk.BeforeCommon.targets).
func (f Framework) Symbols() []string {
	v := f.Version
	var out []string
	switch {
	case f.Identifier == NETCoreApp && v.major >= 5:
		out = append(out, "NET", "NET"+v.symbol(2), "NETCOREAPP")
	case f.Identifier == NETCoreApp:
		out = append(out, "NETCOREAPP", "NETCOREAPP"+v.symbol(2))
	case f.Identifier == NETStandard:
		out = append(out, "NETSTANDARD", "NETSTANDARD"+v.symbol(2))
	case f.Identifier == NETFramework:
		out = append(out, "NETFRAMEWORK", "NET"+v.digits())
	}
	if f.Platform != "" {
		p := strings.ToUpper(f.Platform)
		out = append(out, p)
		if pv := f.platformVersion(); pv != "" {
			out = append(out, p+strings.ReplaceAll(pv, ".", "_"))
		}
	}
	switch f.Identifier {
	case NETCoreApp:
		for m := 5; m <= v.major; m++ {
			out = append(out, fmt.Sprintf("NET%d_0_OR_GREATER", m))
		}
		out = append(out, orGreater("NETCOREAPP", coreAppVersions, v, false)...)
	case NETStandard:
		out = append(out, orGreater("NETSTANDARD", standardVersions, v, false)...)
	case NETFramework:
		out = append(out, orGreater("NET", frameworkVersions, v, true)...)
	}
	return out
}

// platformVersion is the platform version the build uses: the one written,
// or Windows' default of 7.0. Other platforms' defaults come from their
// workloads.
func (f Framework) platformVersion() string {
	if f.PlatformVersion != "" {
		return f.PlatformVersion
	}
	if f.Platform == "windows" {
		return "7.0"
	}
	return ""
}

// orGreater lists prefix+V+_OR_GREATER for every known version V up to v.
func orGreater(prefix string, known []string, v version, digits bool) []string {
	var out []string
	for _, s := range known {
		k, _ := parseVersion(s)
		if k.compare(v) > 0 {
			break
		}
		if digits {
			out = append(out, prefix+k.digits()+"_OR_GREATER")
		} else {
			out = append(out, prefix+k.symbol(2)+"_OR_GREATER")
		}
	}
	return out
}

// version is a dotted version of up to four parts.
type version struct{ major, minor, build, rev int }

func parseVersion(s string) (version, error) {
	parts := strings.Split(strings.TrimPrefix(strings.TrimPrefix(s, "v"), "V"), ".")
	if len(parts) == 0 || len(parts) > 4 || parts[0] == "" {
		return version{}, fmt.Errorf("bad version %q", s)
	}
	var n [4]int
	for i, p := range parts {
		x, err := strconv.Atoi(p)
		if err != nil || x < 0 {
			return version{}, fmt.Errorf("bad version %q", s)
		}
		n[i] = x
	}
	return version{n[0], n[1], n[2], n[3]}, nil
}

func (v version) compare(w version) int {
	for _, d := range [][2]int{{v.major, w.major}, {v.minor, w.minor}, {v.build, w.build}, {v.rev, w.rev}} {
		if d[0] != d[1] {
			if d[0] < d[1] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// symbol writes the version as 8_0 (at least parts parts, more when set).
func (v version) symbol(parts int) string {
	s := fmt.Sprintf("%d_%d", v.major, v.minor)
	if v.build > 0 || parts > 2 {
		s += fmt.Sprintf("_%d", v.build)
	}
	return s
}

// digits writes a .NET Framework version as its moniker does: 472, 48.
func (v version) digits() string {
	s := fmt.Sprintf("%d%d", v.major, v.minor)
	if v.build > 0 {
		s += strconv.Itoa(v.build)
	}
	return s
}

// String writes the version as MSBuild's GetTargetFrameworkVersion does.
func (v version) String() string {
	s := fmt.Sprintf("%d.%d", v.major, v.minor)
	if v.build > 0 || v.rev > 0 {
		s += fmt.Sprintf(".%d", v.build)
	}
	if v.rev > 0 {
		s += fmt.Sprintf(".%d", v.rev)
	}
	return s
}

// compatible reports whether code built for candidate may be used by
// target (MSBuild's IsTargetFrameworkCompatible): the same framework at a
// version no newer, or a .NET Standard the target implements.
func compatible(target, candidate Framework) bool {
	if candidate.Platform != "" && candidate.Platform != target.Platform {
		return false
	}
	if target.Identifier == candidate.Identifier {
		return candidate.Version.compare(target.Version) <= 0
	}
	if candidate.Identifier != NETStandard {
		return false
	}
	var max string
	switch {
	case target.Identifier == NETCoreApp && target.Version.major >= 3:
		max = "2.1"
	case target.Identifier == NETCoreApp && target.Version.major >= 2:
		max = "2.0"
	case target.Identifier == NETCoreApp:
		max = "1.6"
	case target.Identifier == NETFramework && target.Version.compare(version{4, 6, 1, 0}) >= 0:
		max = "2.0"
	case target.Identifier == NETFramework && target.Version.compare(version{4, 6, 0, 0}) >= 0:
		max = "1.3"
	case target.Identifier == NETFramework && target.Version.compare(version{4, 5, 0, 0}) >= 0:
		max = "1.1"
	default:
		return false
	}
	m, _ := parseVersion(max)
	return candidate.Version.compare(m) <= 0
}

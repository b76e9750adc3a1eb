package report_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"portwave/mage/port"
	"portwave/mage/portdb"
	"portwave/mage/report"
)

// Build reads a porting.db and gives the report's numbers; Write puts
// its markdown, its charts and latest.md in the reports folder.
func ExampleBuild() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "report-example")
	defer os.RemoveAll(dir)
	db, err := portdb.Create(ctx, filepath.Join(dir, "porting.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	item := func(id int, kind port.Kind, name string, st port.Status) port.Item {
		return port.Item{ID: id, Kind: kind, GoFile: "server/subject.go", GoName: name, GoLine: 10 * id, GoLineCount: 5,
			DotnetClass: "Subject", DotnetMember: name, Status: st}
	}
	err = db.UpsertItems(ctx, []port.Item{
		item(1, port.Feature, "Match", port.Verified),
		item(2, port.Feature, "Tokens", port.Verified),
		item(3, port.Feature, "Split", port.Stub),
		item(4, port.Feature, "Join", port.Deferred),
		item(5, port.Test, "TestMatch", port.Verified),
	}, "example", 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	r, err := report.Build(ctx, db, nil, report.Options{Now: now})
	if err != nil {
		fmt.Println(err)
		return
	}
	f := r.Summary.Features
	fmt.Printf("features: %d verified, %d stub, %d deferred; open %d\n", f.Verified, f.Stub, f.Deferred, f.Open())
	fmt.Println("all items:", r.Summary.Line)
	files, err := report.Write(filepath.Join(dir, "reports"), r, now)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("written:", filepath.Base(files.Markdown), "and", filepath.Base(files.Latest))
	// The markdown's head: its title and the summary table.
	md, _ := os.ReadFile(files.Latest)
	head, _, _ := strings.Cut(string(md), "\n![Verified items over time]")
	_, head, _ = strings.Cut(head, "-->\n")
	fmt.Print(head)
	// Output:
	// features: 2 verified, 1 stub, 1 deferred; open 2
	// all items: 3/5 = 60.0%
	// written: 2026-03-02-report.md and latest.md
	// # Port report, 2026-03-02
	//
	// Generated 2026-03-02 09:00 UTC. First report, no previous one.
	//
	// ## Summary
	//
	// **3/5 = 60.0%** of the features and tests are done (verified, complete or n/a).
	//
	// | | Verified | Complete | n/a | Stub | Deferred | Unknown | Done | Progress |
	// |---|---:|---:|---:|---:|---:|---:|---:|---|
	// | Features | 2 | 0 | 0 | 1 | 1 | 0 | 2/4 | ██████████░░░░░░░░░░ 50.0% |
	// | Tests | 1 | 0 | 0 | 0 | 0 | 0 | 1/1 | ████████████████████ 100.0% |
	// | **All** | 3 | 0 | 0 | 1 | 1 | 0 | 3/5 | ████████████░░░░░░░░ 60.0% |
}

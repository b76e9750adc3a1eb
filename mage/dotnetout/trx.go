package dotnetout

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"portwave/mage/input"
)

// trxNamespace is the XML namespace of every TRX file vstest writes.
const trxNamespace = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"

// TRXResult is a test run as its TRX file records it.
type TRXResult struct {
	// Outcome is ResultSummary's outcome: "Completed" or "Failed" (also
	// "Aborted", "Timeout" when the run did not finish).
	Outcome string
	// TestCounts holds the Counters, and names every test in FailedTests
	// or PassedTests from its UnitTestResult; its Counts method gives them
	// as a console summary would.
	TestCounts
	Results []TestResult
}

// TestResult is one UnitTestResult: a test (or one row of a theory).
type TestResult struct {
	Name    string
	Outcome string // Passed, Failed, NotExecuted, ...
	Message string // ErrorInfo's message, for failures
}

type trxDoc struct {
	XMLName xml.Name `xml:"TestRun"`
	Results []struct {
		Name    string `xml:"testName,attr"`
		Outcome string `xml:"outcome,attr"`
		Message string `xml:"Output>ErrorInfo>Message"`
	} `xml:"Results>UnitTestResult"`
	Summary *struct {
		Outcome  string `xml:"outcome,attr"`
		Counters *struct {
			Total    int `xml:"total,attr"`
			Executed int `xml:"executed,attr"`
			Passed   int `xml:"passed,attr"`
			Failed   int `xml:"failed,attr"`
		} `xml:"Counters"`
	} `xml:"ResultSummary"`
}

// withoutDefinitions cuts what vstest writes between the end of Results
// and the start of ResultSummary (TestDefinitions, TestEntries, TestLists:
// whole sibling elements) out of a TRX document. The last of each marker
// is the real one: a test's text that holds one comes earlier, within
// Results.
func withoutDefinitions(data []byte) ([]byte, bool) {
	end := bytes.LastIndex(data, []byte("</Results>"))
	summary := bytes.LastIndex(data, []byte("<ResultSummary"))
	if end < 0 || summary < end {
		return nil, false
	}
	end += len("</Results>")
	short := make([]byte, 0, end+len(data)-summary+1)
	short = append(append(append(short, data[:end]...), '\n'), data[summary:]...)
	return short, true
}

// ReadTRX reads the TRX file at path.
func ReadTRX(path string) (TRXResult, error) {
	f, err := input.Open(path, input.MaxTRX)
	if err != nil {
		return TRXResult{}, fmt.Errorf("reading test results: %w", err)
	}
	defer f.Close()
	return ParseTRX(f)
}

// ParseTRX reads a TRX document. Errors name the file (when r is one) and,
// for malformed XML, the line and column. vstest fills in only the total,
// executed, passed and failed counters, so Skipped is total - executed.
func ParseTRX(r io.Reader) (TRXResult, error) {
	name := "TRX"
	if f, ok := r.(interface{ Name() string }); ok {
		name = f.Name()
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return TRXResult{}, fmt.Errorf("reading %s: %w", name, err)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // vstest writes a UTF-8 byte order mark
	var doc trxDoc
	// The test definitions, entries and lists between the results and the
	// summary are half of a large file and nothing is read from them: the
	// document is decoded without them first, and whole when that fails,
	// so an error's line and column are the file's.
	if short, ok := withoutDefinitions(data); !ok || xml.Unmarshal(short, &doc) != nil {
		doc = trxDoc{}
		dec := xml.NewDecoder(bytes.NewReader(data))
		if err := dec.Decode(&doc); err != nil {
			if errors.Is(err, io.EOF) {
				return TRXResult{}, fmt.Errorf("parsing %s: empty document, expected a TestRun", name)
			}
			line, col := dec.InputPos()
			return TRXResult{}, fmt.Errorf("parsing %s:%d:%d: %w", name, line, col, err)
		}
	}
	switch {
	case doc.XMLName.Space != trxNamespace:
		return TRXResult{}, fmt.Errorf("parsing %s: TestRun is in namespace %q, expected %q", name, doc.XMLName.Space, trxNamespace)
	case doc.Summary == nil || doc.Summary.Counters == nil:
		return TRXResult{}, fmt.Errorf("parsing %s: no ResultSummary/Counters, expected the run's totals", name)
	}
	c := doc.Summary.Counters
	res := TRXResult{
		Outcome: doc.Summary.Outcome,
		TestCounts: TestCounts{
			Total:   c.Total,
			Passed:  c.Passed,
			Failed:  c.Failed,
			Skipped: c.Total - c.Executed,
		},
	}
	var failed, passed names
	for _, u := range doc.Results {
		res.Results = append(res.Results, TestResult{Name: u.Name, Outcome: u.Outcome, Message: u.Message})
		switch u.Outcome {
		case "Failed", "Error", "Timeout", "Aborted":
			failed.add(u.Name)
		case "Passed":
			passed.add(u.Name)
		}
	}
	res.FailedTests, res.PassedTests = failed.list, passed.list
	return res, nil
}

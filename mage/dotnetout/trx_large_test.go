package dotnetout_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/dotnetout"
)

// largeTRX is a TRX of NatsNet's size in vstest's shape: n results (every
// tenth failed with its message; the first one's output quoting the
// elements that end the results and start the summary), their definitions
// and entries.
func largeTRX(n int) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<TestRun id=\"6c4c3d5e\" name=\"runner\" runUser=\"runner\" xmlns=\"http://microsoft.com/schemas/VisualStudio/TeamTest/2010\">\n  <Results>\n")
	for i := range n {
		outcome := "Passed"
		if i%10 == 0 {
			outcome = "Failed"
		}
		fmt.Fprintf(&b, `    <UnitTestResult executionId="0d1c4c52-4f6b-4c44-9d53-%012d" testId="7b1c2bde-4fd8-6d6a-1fc7-%012d" testName="ZB.MOM.NatsNet.Server.Tests.MonitorTests.Connz(n: %d, s: &quot;&lt;/Results&gt;&quot;)" computerName="ci-7" duration="00:00:00.0031200" startTime="2026-03-01T10:14:21.8712330+00:00" endTime="2026-03-01T10:14:21.8743530+00:00" testType="13cdc9d9-ddb5-4fa4-a97d-d965ccfc6d4b" outcome="%s" testListId="8c84fa94-04c1-424b-9868-57a2d4851a1d" relativeResultsDirectory="0d1c4c52-4f6b-4c44-9d53-%012d">`, i, i, i, outcome, i)
		if outcome == "Failed" {
			b.WriteString("\n      <Output>\n")
			if i == 0 {
				b.WriteString("        <StdOut><![CDATA[printed </Results> and <ResultSummary outcome=\"Completed\"> by the test]]></StdOut>\n")
			}
			b.WriteString("        <ErrorInfo>\n          <Message>Assert.Equal() Failure: Values differ\nExpected: 3\nActual:   2</Message>\n          <StackTrace>   at Connz() in MonitorTests.cs:line 88</StackTrace>\n        </ErrorInfo>\n      </Output>\n    ")
		}
		b.WriteString("</UnitTestResult>\n")
	}
	b.WriteString("  </Results>\n  <TestDefinitions>\n")
	for i := range n {
		fmt.Fprintf(&b, "    <UnitTest name=\"ZB.MOM.NatsNet.Server.Tests.MonitorTests.Connz%d\" storage=\"/src/bin/debug/net10.0/zb.mom.natsnet.server.tests.dll\" id=\"7b1c2bde-4fd8-6d6a-1fc7-%012d\">\n      <Execution id=\"0d1c4c52-4f6b-4c44-9d53-%012d\" />\n      <TestMethod codeBase=\"/src/bin/Debug/net10.0/ZB.MOM.NatsNet.Server.Tests.dll\" adapterTypeName=\"executor://xunit/VsTestRunner2/netcoreapp\" className=\"ZB.MOM.NatsNet.Server.Tests.MonitorTests\" name=\"Connz%d\" />\n    </UnitTest>\n", i, i, i, i)
	}
	b.WriteString("  </TestDefinitions>\n  <TestEntries>\n")
	for i := range n {
		fmt.Fprintf(&b, "    <TestEntry testId=\"7b1c2bde-4fd8-6d6a-1fc7-%012d\" executionId=\"0d1c4c52-4f6b-4c44-9d53-%012d\" testListId=\"8c84fa94-04c1-424b-9868-57a2d4851a1d\" />\n", i, i)
	}
	fmt.Fprintf(&b, "  </TestEntries>\n  <ResultSummary outcome=\"Failed\">\n    <Counters total=\"%d\" executed=\"%d\" passed=\"%d\" failed=\"%d\" />\n  </ResultSummary>\n</TestRun>\n", n, n, n-n/10, n/10)
	return b.Bytes()
}

// The definitions between the results and the summary are passed over
// unread: what the TRX says is what a full decode of it says, even when
// a test's output quotes the elements the cut is made at.
func TestALargeTRXReadsAsItsFullDecodeDoes(t *testing.T) {
	doc := largeTRX(300)
	got, err := dotnetout.ParseTRX(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	var full struct {
		Results []struct {
			Name    string `xml:"testName,attr"`
			Outcome string `xml:"outcome,attr"`
			Message string `xml:"Output>ErrorInfo>Message"`
		} `xml:"Results>UnitTestResult"`
	}
	if err := xml.Unmarshal(bytes.TrimPrefix(doc, []byte("\ufeff")), &full); err != nil {
		t.Fatal(err)
	}
	var want []dotnetout.TestResult
	for _, r := range full.Results {
		want = append(want, dotnetout.TestResult{Name: r.Name, Outcome: r.Outcome, Message: r.Message})
	}
	if d := cmp.Diff(want, got.Results); d != "" {
		t.Errorf("results (-full decode +ParseTRX):\n%s", d)
	}
	if got.Total != 300 || got.Failed != 30 || len(got.FailedTests) != 30 || got.Outcome != "Failed" {
		t.Errorf("summary: %+v", got.TestCounts)
	}
}

// BenchmarkParseTRX reads a TRX of NatsNet's size (3,000 tests, 3.6 MB),
// as every gate does.
//
//	go test ./mage/dotnetout -run '^$' -bench ParseTRX
func BenchmarkParseTRX(b *testing.B) {
	doc := largeTRX(3000)
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		res, err := dotnetout.ParseTRX(bytes.NewReader(doc))
		if err != nil {
			b.Fatal(err)
		}
		if len(res.FailedTests) != 300 || res.Passed != 2700 {
			b.Fatalf("%d failed, %d passed", len(res.FailedTests), res.Passed)
		}
	}
}

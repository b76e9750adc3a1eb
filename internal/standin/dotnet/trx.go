package main

import (
	"crypto/rand"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Fixed identifiers every TRX file vstest writes carries.
const (
	trxNamespace   = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"
	unitTestType   = "13cdc9d9-ddb5-4fa4-a97d-d965ccfc6d4b"
	resultsNotList = "8c84fa94-04c1-424b-9868-57a2d4851a1d"
	allLoadedList  = "19431567-8539-422a-85d7-44ee4e166bda"
	xunitExecutor  = "executor://xunit/VsTestRunner2/netcoreapp"
	trxTime        = "2006-01-02T15:04:05.0000000-07:00"
)

type trxRun struct {
	XMLName     xml.Name        `xml:"http://microsoft.com/schemas/VisualStudio/TeamTest/2010 TestRun"`
	ID          string          `xml:"id,attr"`
	Name        string          `xml:"name,attr"`
	RunUser     string          `xml:"runUser,attr"`
	Times       trxTimes        `xml:"Times"`
	Settings    trxSettings     `xml:"TestSettings"`
	Results     []trxResult     `xml:"Results>UnitTestResult"`
	Definitions []trxDefinition `xml:"TestDefinitions>UnitTest"`
	Entries     []trxEntry      `xml:"TestEntries>TestEntry"`
	Lists       []trxList       `xml:"TestLists>TestList"`
	Summary     trxSummary      `xml:"ResultSummary"`
}

type trxTimes struct {
	Creation string `xml:"creation,attr"`
	Queuing  string `xml:"queuing,attr"`
	Start    string `xml:"start,attr"`
	Finish   string `xml:"finish,attr"`
}

type trxSettings struct {
	Name       string `xml:"name,attr"`
	ID         string `xml:"id,attr"`
	Deployment struct {
		Root string `xml:"runDeploymentRoot,attr"`
	} `xml:"Deployment"`
}

type trxResult struct {
	ExecutionID string     `xml:"executionId,attr"`
	TestID      string     `xml:"testId,attr"`
	TestName    string     `xml:"testName,attr"`
	Computer    string     `xml:"computerName,attr"`
	Duration    string     `xml:"duration,attr"`
	StartTime   string     `xml:"startTime,attr"`
	EndTime     string     `xml:"endTime,attr"`
	TestType    string     `xml:"testType,attr"`
	Outcome     string     `xml:"outcome,attr"`
	TestListID  string     `xml:"testListId,attr"`
	RelDir      string     `xml:"relativeResultsDirectory,attr"`
	Output      *trxOutput `xml:"Output,omitempty"`
}

type trxOutput struct {
	StdOut    string        `xml:"StdOut,omitempty"`
	ErrorInfo *trxErrorInfo `xml:"ErrorInfo,omitempty"`
}

type trxErrorInfo struct {
	Message    string `xml:"Message"`
	StackTrace string `xml:"StackTrace,omitempty"`
}

type trxDefinition struct {
	Name      string `xml:"name,attr"`
	Storage   string `xml:"storage,attr"`
	ID        string `xml:"id,attr"`
	Execution struct {
		ID string `xml:"id,attr"`
	} `xml:"Execution"`
	Method struct {
		CodeBase  string `xml:"codeBase,attr"`
		Adapter   string `xml:"adapterTypeName,attr"`
		ClassName string `xml:"className,attr"`
		Name      string `xml:"name,attr"`
	} `xml:"TestMethod"`
}

type trxEntry struct {
	TestID      string `xml:"testId,attr"`
	ExecutionID string `xml:"executionId,attr"`
	TestListID  string `xml:"testListId,attr"`
}

type trxList struct {
	Name string `xml:"name,attr"`
	ID   string `xml:"id,attr"`
}

// trxSummary carries every counter vstest writes, though it fills in only
// total, executed, passed and failed: skipped tests show only as
// total - executed.
type trxSummary struct {
	Outcome  string `xml:"outcome,attr"`
	Counters struct {
		Total               int `xml:"total,attr"`
		Executed            int `xml:"executed,attr"`
		Passed              int `xml:"passed,attr"`
		Failed              int `xml:"failed,attr"`
		Error               int `xml:"error,attr"`
		Timeout             int `xml:"timeout,attr"`
		Aborted             int `xml:"aborted,attr"`
		Inconclusive        int `xml:"inconclusive,attr"`
		PassedButRunAborted int `xml:"passedButRunAborted,attr"`
		NotRunnable         int `xml:"notRunnable,attr"`
		NotExecuted         int `xml:"notExecuted,attr"`
		Disconnected        int `xml:"disconnected,attr"`
		Warning             int `xml:"warning,attr"`
		Completed           int `xml:"completed,attr"`
		InProgress          int `xml:"inProgress,attr"`
		Pending             int `xml:"pending,attr"`
	} `xml:"Counters"`
}

func guid() string {
	b := make([]byte, 16)
	rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// writeTRX writes the run of one test project as vstest's TRX logger does,
// with a byte order mark, and returns the file's path.
func writeTRX(p *project, o options, outs []outcome, began time.Time) (string, error) {
	path, err := trxPath(p, o, began)
	if err != nil {
		return "", err
	}
	host, _ := os.Hostname()
	now := time.Now()
	run := trxRun{ID: guid(), Name: "standin@" + host + " " + began.Format("2006-01-02 15:04:05"), RunUser: "standin"}
	run.Times = trxTimes{began.Format(trxTime), began.Format(trxTime), began.Format(trxTime), now.Format(trxTime)}
	run.Settings.Name, run.Settings.ID = "default", guid()
	run.Settings.Deployment.Root = filepath.Base(filepath.Dir(path))
	run.Lists = []trxList{{"Results Not in a List", resultsNotList}, {"All Loaded Results", allLoadedList}}
	n := count(outs)
	for _, out := range outs {
		testID, execID := guid(), guid()
		r := trxResult{ExecutionID: execID, TestID: testID, TestName: out.c.display, Computer: host,
			Duration: "00:00:00.0010000", StartTime: out.start.Format(trxTime), EndTime: out.start.Add(out.duration).Format(trxTime),
			TestType: unitTestType, Outcome: out.result, TestListID: resultsNotList, RelDir: execID}
		switch out.result {
		case "Failed":
			r.Output = &trxOutput{ErrorInfo: &trxErrorInfo{out.c.failMsg,
				fmt.Sprintf("   at %s() in %s:line %d", out.c.fqn, out.c.file, out.c.failLine)}}
		case "NotExecuted":
			r.Output = &trxOutput{StdOut: out.c.skip}
		}
		run.Results = append(run.Results, r)
		d := trxDefinition{Name: out.c.display, Storage: p.targetPath(o.configuration), ID: testID}
		d.Execution.ID = execID
		d.Method.CodeBase, d.Method.Adapter = d.Storage, xunitExecutor
		d.Method.ClassName, d.Method.Name = out.c.className, out.c.method
		run.Definitions = append(run.Definitions, d)
		run.Entries = append(run.Entries, trxEntry{testID, execID, resultsNotList})
	}
	run.Summary.Outcome = "Completed"
	if n.failed > 0 {
		run.Summary.Outcome = "Failed"
	}
	c := &run.Summary.Counters
	c.Total, c.Executed, c.Passed, c.Failed = n.total, n.total-n.skipped, n.passed, n.failed
	data, err := xml.MarshalIndent(run, "", "  ")
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	doc := append([]byte("\ufeff<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"), data...)
	return path, os.WriteFile(path, doc, 0o644)
}

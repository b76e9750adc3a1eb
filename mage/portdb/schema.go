package portdb

import (
	"fmt"
	"strings"

	"portwave/mage/port"
)

// SchemaVersion is the newest schema this build of portwave knows. A database
// with a higher version was written by a newer portwave and is refused.
var SchemaVersion = len(migrations)

// migrations[i] moves a database from version i to version i+1. Migrations
// are append-only: a released step is never edited, a new one is added.
var migrations = []string{
	// 1: the tracker (modules, features, tests, history) and the run ledger.
	`
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version (version) VALUES (0);

CREATE TABLE modules (
	id          INTEGER PRIMARY KEY,
	go_file     TEXT NOT NULL UNIQUE,
	dotnet_file TEXT NOT NULL DEFAULT ''
);

` + itemTable("features") + itemTable("unit_tests") + `
CREATE TABLE runs (
	id          INTEGER PRIMARY KEY,
	command     TEXT NOT NULL,
	state       TEXT NOT NULL,
	pid         INTEGER NOT NULL DEFAULT 0,
	host        TEXT NOT NULL DEFAULT '',
	started_at  TEXT NOT NULL,
	finished_at TEXT NOT NULL DEFAULT ''
);

CREATE TABLE status_history (
	id         INTEGER PRIMARY KEY,
	kind       TEXT NOT NULL CHECK (kind IN ('feature', 'test')),
	item_id    INTEGER NOT NULL,
	old_status TEXT CHECK (old_status IS NULL OR old_status IN (` + statusList + `)),
	new_status TEXT NOT NULL CHECK (new_status IN (` + statusList + `)),
	changed_at TEXT NOT NULL,
	reason     TEXT NOT NULL DEFAULT '',
	run_id     INTEGER REFERENCES runs(id)
);
CREATE INDEX status_history_time ON status_history(changed_at);
CREATE INDEX status_history_item ON status_history(kind, item_id);

CREATE TABLE batch_runs (
	id            INTEGER PRIMARY KEY,
	run_id        INTEGER REFERENCES runs(id),
	batch         INTEGER NOT NULL,
	attempt       INTEGER NOT NULL DEFAULT 1,
	stage         TEXT NOT NULL,
	state         TEXT NOT NULL,
	started_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	finished_at   TEXT NOT NULL DEFAULT '',
	branch        TEXT NOT NULL DEFAULT '',
	worktree      TEXT NOT NULL DEFAULT '',
	base_commit   TEXT NOT NULL DEFAULT '',
	merged_commit TEXT NOT NULL DEFAULT '',
	spec_hash     TEXT NOT NULL DEFAULT '',
	prompt_hash   TEXT NOT NULL DEFAULT '',
	agent         TEXT NOT NULL DEFAULT '',
	agent_exit    INTEGER,
	session_id    TEXT NOT NULL DEFAULT '',
	turns         INTEGER NOT NULL DEFAULT 0,
	input_tokens  INTEGER NOT NULL DEFAULT 0,
	output_tokens INTEGER NOT NULL DEFAULT 0,
	cost_usd      REAL NOT NULL DEFAULT 0,
	log_path      TEXT NOT NULL DEFAULT '',
	error         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX batch_runs_batch ON batch_runs(batch, id);

CREATE TABLE stage_transitions (
	id           INTEGER PRIMARY KEY,
	batch_run_id INTEGER NOT NULL REFERENCES batch_runs(id),
	stage        TEXT NOT NULL,
	state        TEXT NOT NULL,
	at           TEXT NOT NULL,
	detail       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX stage_transitions_run ON stage_transitions(batch_run_id);
`,
	// 2: what an attempt's agent was and what happened to it. The process
	// group and its leader's start time let a later run kill an agent a
	// dead orchestrator left behind without hitting a reused pid; the
	// gate's findings and the session's last reported total survive the
	// process that saw them; agent_events lists the permission denials,
	// API retries and portwave's own retries of each attempt.
	`
ALTER TABLE batch_runs ADD COLUMN agent_pgid INTEGER NOT NULL DEFAULT 0;
ALTER TABLE batch_runs ADD COLUMN agent_start INTEGER NOT NULL DEFAULT 0;
ALTER TABLE batch_runs ADD COLUMN feedback TEXT NOT NULL DEFAULT '';
ALTER TABLE batch_runs ADD COLUMN session_cost REAL NOT NULL DEFAULT 0;
ALTER TABLE batch_runs ADD COLUMN agent_done INTEGER NOT NULL DEFAULT 0;

CREATE TABLE agent_events (
	id           INTEGER PRIMARY KEY,
	batch_run_id INTEGER NOT NULL REFERENCES batch_runs(id),
	kind         TEXT NOT NULL CHECK (kind IN ('denial', 'api_retry', 'agent_retry')),
	at           TEXT NOT NULL,
	detail       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX agent_events_run ON agent_events(batch_run_id);
`,
	// 3: item_changes counts every write to the items and their modules,
	// kept by triggers so that writers outside portwave count too: a
	// process keeps the items it read while the count stands still.
	`
CREATE TABLE item_changes (n INTEGER NOT NULL);
INSERT INTO item_changes (n) VALUES (0);
` + changeTriggers("features", "unit_tests", "modules"),
}

// changeTriggers is the DDL of the triggers that count every insert,
// update and delete on the tables in item_changes.
func changeTriggers(tables ...string) string {
	var b strings.Builder
	for _, t := range tables {
		for _, op := range []string{"INSERT", "UPDATE", "DELETE"} {
			fmt.Fprintf(&b, "CREATE TRIGGER %s_%s_counted AFTER %s ON %s BEGIN UPDATE item_changes SET n = n + 1; END;\n",
				t, strings.ToLower(op), op, t)
		}
	}
	return b.String()
}

// itemTable is the DDL of features and unit_tests, which hold the same
// columns for the two kinds of items.
func itemTable(name string) string {
	return `
CREATE TABLE ` + name + ` (
	id            INTEGER PRIMARY KEY CHECK (id > 0),
	module_id     INTEGER NOT NULL REFERENCES modules(id),
	go_receiver   TEXT NOT NULL DEFAULT '',
	go_name       TEXT NOT NULL CHECK (go_name <> ''),
	go_line       INTEGER NOT NULL CHECK (go_line >= 0),
	go_line_count INTEGER NOT NULL CHECK (go_line_count >= 0),
	dotnet_file   TEXT NOT NULL DEFAULT '',
	dotnet_class  TEXT NOT NULL DEFAULT '',
	dotnet_member TEXT NOT NULL DEFAULT '',
	status        TEXT NOT NULL DEFAULT ` + sqlText(string(port.Unknown)) + ` ` + statusCheck + `,
	vanished      INTEGER NOT NULL DEFAULT 0 CHECK (vanished IN (0, 1))
);
CREATE INDEX ` + name + `_module ON ` + name + `(module_id, status);
CREATE INDEX ` + name + `_status ON ` + name + `(status);
`
}

// required lists the tables and columns portwave reads. Opening a database
// that lacks any of them fails with a message naming the missing piece,
// instead of a confusing SQL error deep inside a batch run.
var required = map[string][]string{
	"schema_version": {"version"},
	"modules":        {"id", "go_file", "dotnet_file"},
	"features":       itemColumns,
	"unit_tests":     itemColumns,
	"status_history": {"id", "kind", "item_id", "old_status", "new_status", "changed_at", "reason", "run_id"},
	"runs":           {"id", "command", "state", "pid", "host", "started_at", "finished_at"},
	"batch_runs": {"id", "run_id", "batch", "attempt", "stage", "state", "started_at", "updated_at",
		"finished_at", "branch", "worktree", "base_commit", "merged_commit", "spec_hash", "prompt_hash",
		"agent", "agent_exit", "session_id", "turns", "input_tokens", "output_tokens", "cost_usd", "log_path", "error",
		"agent_pgid", "agent_start", "feedback", "session_cost", "agent_done"},
	"agent_events":      {"id", "batch_run_id", "kind", "at", "detail"},
	"item_changes":      {"n"},
	"stage_transitions": {"id", "batch_run_id", "stage", "state", "at", "detail"},
}

var itemColumns = []string{"id", "module_id", "go_receiver", "go_name", "go_line", "go_line_count",
	"dotnet_file", "dotnet_class", "dotnet_member", "status", "vanished"}

// table is the SQL table that holds items of kind k.
func table(k port.Kind) string {
	if k == port.Test {
		return "unit_tests"
	}
	return "features"
}

package config_test

import (
	"strings"
	"testing"

	"portwave/mage/config"
)

// An error about portwave.yaml keeps its first line, file:line:col: message,
// and shows the line of the file under it with a caret under the column,
// also where a tab or a character of several bytes comes before it.
func TestAConfigErrorShowsItsLineWithACaretUnderTheColumn(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string // the error's lines, after "<path>:"
	}{
		{"an unknown key", "jobs: 2\njbos: 3\n", []string{
			`2:1: unknown key "jbos" (known keys: ` + strings.Join(config.Keys(), ", ") + ")",
			"   2 | jbos: 3",
			"     | ^"}},
		{"a bad value after a tab", "agent: replay\njobs:\tmany\n", []string{
			`2:7: jobs: want a whole number >= 1, got "many"`,
			"   2 | jobs:\tmany",
			"     |      \t^"}},
		{"a bad value after a character of two bytes", "{model: größer, jobs: many}\n", []string{
			`1:23: jobs: want a whole number >= 1, got "many"`,
			"   1 | {model: größer, jobs: many}",
			"     |                       ^"}},
		{"a repeated key", "jobs: 2\n\n  \njobs: 3\n", []string{
			`4:1: key "jobs" is already set on line 1`,
			"   4 | jobs: 3",
			"     | ^"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := write(t, tt.body)
			_, err := config.Load(path, env(nil))
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			want := path + ":" + strings.Join(tt.want, "\n")
			if err.Error() != want {
				t.Errorf("error:\n%s\nwant:\n%s", err, want)
			}
		})
	}
}

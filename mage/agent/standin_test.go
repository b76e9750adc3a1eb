package agent_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"portwave/mage/proc"
)

// The stand-in must refuse what the real CLI refuses, or tests against it
// would pass where the real agent fails.
func TestTheStandInRejectsWhatTheRealCLIRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{name: "stream-json without verbose", args: []string{"-p", "--output-format", "stream-json"},
			wantErr: "When using --print, --output-format=stream-json requires --verbose"},
		{name: "unknown option", args: []string{"-p", "--turbo"}, wantErr: "error: unknown option '--turbo'"},
		{name: "bad permission mode", args: []string{"-p", "--permission-mode", "yolo"}, wantErr: "Allowed choices are"},
		{name: "prompt eaten by allowedTools", args: []string{"-p", "--allowedTools", "Read", "Write"},
			wantErr: "Input must be provided"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stderr strings.Builder
			_, err := proc.Run(context.Background(), proc.Spec{Name: standin(), Args: tt.args, Stderr: &stderr})
			var ee *proc.ExitError
			if !errors.As(err, &ee) || ee.Code != 1 {
				t.Fatalf("err = %v, want exit code 1", err)
			}
			if !strings.Contains(stderr.String(), tt.wantErr) {
				t.Errorf("stderr %q does not say %q", stderr.String(), tt.wantErr)
			}
		})
	}
}

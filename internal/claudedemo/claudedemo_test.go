package claudedemo_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/internal/claudedemo"
)

// The example's transcripts start a scripted model on 127.0.0.1 that the
// returned environment points at; stop shuts it and removes its folders.
func TestStartServesTheTranscriptsOnLoopbackUntilStopped(t *testing.T) {
	env, stop, err := claudedemo.Start(filepath.Join("..", "..", "mage", "demo", "example", "transcripts"))
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	url := vars["ANTHROPIC_BASE_URL"]
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("ANTHROPIC_BASE_URL = %q, want the loopback server", url)
	}
	if vars["CLAUDE_CODE_USE_BEDROCK"] != "" || vars["NO_PROXY"] != "127.0.0.1" {
		t.Errorf("settings that would send the CLI elsewhere are not cleared: %v", env)
	}
	home := vars["HOME"]
	if _, err := os.Stat(home); err != nil {
		t.Fatalf("the CLI's home: %v", err)
	}
	if resp, err := http.Get(url); err != nil {
		t.Fatalf("the scripted model does not answer: %v", err)
	} else {
		resp.Body.Close()
	}
	stop()
	if _, err := http.Get(url); err == nil {
		t.Error("the scripted model still answers after stop")
	}
	if _, err := os.Stat(home); !os.IsNotExist(err) {
		t.Errorf("stop left the CLI's home behind: %v", err)
	}
}

func TestStartWithoutTranscriptsSaysWhatItLookedFor(t *testing.T) {
	_, _, err := claudedemo.Start(t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "no transcripts (<batch>-attempt-<K>.jsonl)") {
		t.Errorf("err = %v", err)
	}
}

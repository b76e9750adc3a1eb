package csmerge

import (
	"fmt"
	"strings"
)

// fallback is the end of every command: git's own line merge, with the
// labels git merge gives the sides. It runs whenever the driver itself
// cannot (gone, not executable, crashed, killed), so the worst outcome is
// git's ordinary conflict with markers.
const fallback = `t=$(env | sed -n 's/^GITHEAD_[0-9a-f]*=//p' | head -n 1); ` +
	`exec git merge-file --marker-size=%L -L HEAD -L base -L "${t:-theirs}" %A %O %B`

// Command is the shell command git runs as portwave's merge driver
// (merge.<name>.driver): exe, an absolute path, with DriverEnv set and the
// preprocessor symbols. Only the driver's own "merged" and "conflict" exit
// codes are taken as its answer; anything else (exe gone, not executable,
// crashed, killed, or some other program now at that path) falls back to
// git merge-file on the files as git wrote them.
func Command(exe string, symbols []string) string {
	return fmt.Sprintf(`x=%s; if [ -x "$x" ]; then %s=1 "$x" %%O %%A %%B %%L %%P %s; `+
		`case $? in %d) exit 0;; %d) exit 1;; esac; fi; %s`,
		quote(exe), DriverEnv, quote(strings.Join(symbols, ",")), ExitMerged, ExitConflict, fallback)
}

// MergirafCommand is the shell command that merges .cs files with
// mergiraf, when it is on PATH, and everything else, or everything when
// mergiraf cannot run, with git merge-file.
func MergirafCommand() string {
	return `case %P in *.cs) if command -v mergiraf >/dev/null 2>&1; then mergiraf merge --git %O %A %B -p %P -l %L; ` +
		`case $? in 0) exit 0;; 1) exit 1;; esac; fi;; esac; ` + fallback
}

// quote makes s one word for sh.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

package command

import (
	"context"

	"portwave/mage/gitx"
	"portwave/mage/ownfiles"
)

// recordOwn notes the files a target wrote into the workspace (a report,
// an export), so that a run's checks for a clean main checkout pass over
// them while they hold what portwave wrote. Outside a git repository there
// is nothing to record.
func (s *Session) recordOwn(ctx context.Context, command string, paths ...string) {
	repo, err := gitx.Open(ctx, s.Config.Workspace)
	if err != nil {
		return
	}
	gitDir, err := repo.CommonDir(ctx)
	if err != nil {
		return
	}
	var files []string
	for _, p := range paths {
		if p != "" {
			files = append(files, p)
		}
	}
	if err := ownfiles.Record(gitDir, repo.Dir, command, files...); err != nil {
		s.logf("note: %s wrote %d files but could not record them as portwave's own (%v): a run may call them uncommitted changes", command, len(files), err)
	}
}

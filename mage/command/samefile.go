package command

import (
	"context"

	"portwave/mage/config"
	"portwave/mage/csmerge"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/portdb"
	"portwave/mage/run"
)

// sameFileWarnings warns, before any run, about the batches that can run
// at the same time and change the same files: each batch's files are those
// it would be let to change starting from the main branch now (its targets
// and the files of its pending features, package placement), and batches
// already done are left out. A tree that cannot be read places the
// features by targets and mappings alone, and the log says why.
func (s *Session) sameFileWarnings(ctx context.Context, db *portdb.DB, st *planState) []plan.Diagnostic {
	runs, err := db.LatestBatchRuns(ctx)
	if err != nil {
		s.logf("note: batches that change the same files are not checked: %v", err)
		return nil
	}
	done := map[int]bool{}
	for id, r := range runs {
		done[id] = r.State == port.StateDone
	}
	placed, err := run.PlaceAll(ctx, s.Config, s.Config.MainBranch, st.Plan.Batches, st.Features)
	if err != nil {
		s.logf("note: the C# tree of %s is not read (%v): the files batches change are their targets and mapped files", s.Config.MainBranch, err)
	}
	files := map[int][]string{}
	for id, p := range placed {
		files[id] = p.Files()
	}
	return plan.SameFileWarnings(st.Plan, plan.ParallelSameFiles(st.Plan, files, done), s.mergeNote())
}

// mergeNote is the merge driver's word on a file two parallel batches
// change: with the merge by members in force (merge_driver), a C# file
// both sides only add, remove or replace whole members of merges without
// a conflict; other files, and every file under git's line merge alone,
// may conflict.
func (s *Session) mergeNote() plan.FileNote {
	var how string
	switch s.Config.MergeDriver {
	case config.MergeDriverGit:
		return nil
	case config.MergeDriverMergiraf:
		how = "mergiraf merges it by syntax"
	default:
		how = "merged member by member"
	}
	return func(file string) string {
		if !csmerge.IsCSharp(file) {
			return ""
		}
		return how + " unless both change one member (merge_driver: " + s.Config.MergeDriver + ")"
	}
}

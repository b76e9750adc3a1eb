// Package port is the port's vocabulary: the words every package of
// portwave shares about the work, with no storage behind them. It names
// the tracked items (Item, Kind, Mapping), their statuses and the rules
// over them (the closed set Statuses, Done, IsRegression), the stages and
// states of a batch run with the ledger's rows (BatchRun, Transition), and
// a batch's figures with the pure functions that sum them (SumFigures).
//
// The plan parser, the inventory, the gate, the prompt and the live view
// need only these words; porting.db (package portdb) stores them and
// derives its SQL from them, so that each rule is written once, here.
package port

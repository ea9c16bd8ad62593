import fc from "fast-check";

// Under mutation testing a property only has to fail: shrinking the counterexample would spend a
// mutant's time on a report nobody reads.
fc.configureGlobal({ ...fc.readConfigureGlobal(), endOnFailure: true });

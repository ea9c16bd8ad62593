import fc from "fast-check";

// Under mutation testing a property only has to fail: shrinking the counterexample would spend a
// mutant's time on a report nobody reads.
// The seed is fixed because @fast-check/vitest puts it in each property test's name, and Stryker
// picks a mutant's tests by the names they had in its first run: with a new seed in each thread,
// the property tests would match no name and never run against a mutant.
fc.configureGlobal({ ...fc.readConfigureGlobal(), endOnFailure: true, seed: 1 });

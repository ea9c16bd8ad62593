import type { CompiledMitigation, CompiledRule, Loaded } from "../load/documents.js";
import { locatePath } from "../load/yaml.js";
import type { MitigationTest } from "../model/mitigation.js";
import type { Placement } from "../model/placement.js";
import { decideRule } from "./evaluate.js";
import { isMitigationApplicable, liftedRules, overlaysOf } from "./mitigate.js";
import { casePlacement, caseService } from "./rule-test.js";

/** The outcome of one mitigation test case. */
export interface MitigationCaseResult {
  mitigation: string;
  name: string;
  file: string;
  line: number;
  expected: string;
  actual: string;
  ok: boolean;
}

/** The outcome of running mitigation tests: every case, and the mitigations without the cases they need. */
export interface MitigationTestReport {
  cases: MitigationCaseResult[];
  /** Mitigations without a case that applies and lifts a rule, or without one that does not apply. */
  uncovered: { mitigation: string; file: string; missing: string[] }[];
  /** Test files naming a mitigation that does not exist. */
  orphans: { mitigation: string; file: string }[];
}

/**
 * Runs every case of every mitigation test: whether the mitigation applies to the case's service
 * under its placement, and which rules (of all given) fail as-is and no longer fail with the
 * mitigation's facts set. Each rule `lifts` names must be among them (other rules, added later, may
 * be lifted too).
 */
export function runMitigationTests(
  mitigations: readonly CompiledMitigation[],
  rules: readonly CompiledRule[],
  tests: readonly Loaded<MitigationTest>[],
  placements: readonly Loaded<Placement>[],
  options: { requireCoverage?: readonly CompiledMitigation[] } = {},
): MitigationTestReport {
  const byId = new Map(mitigations.map((m) => [m.mitigation.id, m]));
  const placementByName = new Map(placements.map((p) => [p.value.metadata.name, p.value]));
  const cases: MitigationCaseResult[] = [];
  const orphans: MitigationTestReport["orphans"] = [];
  const covered = new Map<string, Set<string>>();
  for (const test of tests) {
    const compiled = byId.get(test.value.mitigation);
    if (!compiled) {
      orphans.push({ mitigation: test.value.mitigation, file: test.file });
      continue;
    }
    for (const [index, testCase] of test.value.cases.entries()) {
      const { line } = locatePath(test.text, test.docIndex, ["cases", index, "name"]);
      const expected = describeExpectation(testCase.expect.applies, testCase.expect.lifts);
      const base = { mitigation: compiled.mitigation.id, name: testCase.name, file: test.file, line, expected };
      const placementDoc = placementByName.get(testCase.placement);
      if (!placementDoc) {
        cases.push({ ...base, actual: `error: no placement named ${testCase.placement}`, ok: false });
        continue;
      }
      const service = caseService(testCase.service);
      const placement = casePlacement(placementDoc, testCase.placementOverrides);
      const applies = isMitigationApplicable(compiled, service, placement);
      const overlays = applies ? overlaysOf(compiled, service, placement) : undefined;
      let lifts: string[] = [];
      if (overlays) {
        const failing = rules.filter((r) => decideRule(r, service, placement).status === "fail");
        lifts = [...liftedRules(failing, service, placement, overlays)].sort();
      }
      const actual = describeExpectation(applies, lifts);
      const ok =
        applies === testCase.expect.applies &&
        (testCase.expect.lifts === undefined || testCase.expect.lifts.every((rule) => lifts.includes(rule))) &&
        (!applies || overlays !== undefined);
      cases.push({ ...base, actual: applies && !overlays ? "applies, but a `sets` expression reads a missing fact" : actual, ok });
      const seen = covered.get(compiled.mitigation.id) ?? new Set<string>();
      if (testCase.expect.applies && (testCase.expect.lifts?.length ?? 0) > 0) seen.add("applies and lifts");
      if (!testCase.expect.applies) seen.add("does not apply");
      covered.set(compiled.mitigation.id, seen);
    }
  }
  const uncovered = (options.requireCoverage ?? [])
    .map((m) => ({
      mitigation: m.mitigation.id,
      file: m.file,
      missing: ["applies and lifts", "does not apply"].filter((e) => !covered.get(m.mitigation.id)?.has(e)),
    }))
    .filter((u) => u.missing.length > 0);
  return { cases, uncovered, orphans };
}

function describeExpectation(applies: boolean, lifts: readonly string[] | undefined): string {
  if (!applies) return "does not apply";
  return lifts === undefined ? "applies" : `applies, lifts [${[...lifts].sort().join(", ")}]`;
}

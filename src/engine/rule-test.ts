import type { CompiledRule, Loaded } from "../load/documents.js";
import { locatePath } from "../load/yaml.js";
import type { Placement } from "../model/placement.js";
import type { RuleTest } from "../model/rule.js";
import { type CelMap, toCelValue } from "./cel.js";
import { decideRule } from "./evaluate.js";
import type { PlacementSubject, ServiceSubject } from "./subject.js";

/** The outcome of one rule test case. */
export interface CaseResult {
  rule: string;
  name: string;
  file: string;
  line: number;
  expected: string;
  actual: string;
  ok: boolean;
  /** Why the verdict is unknown, when it is. */
  detail?: string;
}

/** The outcome of running rule tests: every case, and the rules that lack a passing or failing case. */
export interface RuleTestReport {
  cases: CaseResult[];
  /** Rules without at least one `pass` and one `fail` case. */
  uncovered: { rule: string; file: string; missing: string[] }[];
  /** Test files naming a rule that does not exist. */
  orphans: { rule: string; file: string }[];
}

/**
 * Runs every case of every rule test against the compiled rules and the placements, the way
 * `kantra rules test` does: a case holds when the rule's verdict equals the expected one.
 */
export function runRuleTests(
  rules: readonly CompiledRule[],
  tests: readonly Loaded<RuleTest>[],
  placements: readonly Loaded<Placement>[],
  options: { requireCoverage?: readonly CompiledRule[] } = {},
): RuleTestReport {
  const byId = new Map(rules.map((r) => [r.rule.id, r]));
  const placementByName = new Map(placements.map((p) => [p.value.metadata.name, p.value]));
  const cases: CaseResult[] = [];
  const orphans: RuleTestReport["orphans"] = [];
  const expectations = new Map<string, Set<string>>();
  for (const test of tests) {
    const compiled = byId.get(test.value.rule);
    if (!compiled) {
      orphans.push({ rule: test.value.rule, file: test.file });
      continue;
    }
    for (const [index, testCase] of test.value.cases.entries()) {
      const { line } = locatePath(test.text, test.docIndex, ["cases", index, "name"]);
      const placement = placementByName.get(testCase.placement);
      const base = { rule: test.value.rule, name: testCase.name, file: test.file, line, expected: testCase.expect };
      if (!placement) {
        cases.push({ ...base, actual: "error", ok: false, detail: `no placement named ${testCase.placement}` });
        continue;
      }
      const verdict = decideRule(compiled, caseService(testCase.service), casePlacement(placement, testCase.placementOverrides));
      const detail =
        verdict.status === "unknown" ? (verdict.missing.length ? `missing ${verdict.missing.join(", ")}` : verdict.reason) : undefined;
      cases.push({ ...base, actual: verdict.status, ok: verdict.status === testCase.expect, ...(detail ? { detail } : {}) });
      const seen = expectations.get(test.value.rule) ?? new Set<string>();
      seen.add(testCase.expect);
      expectations.set(test.value.rule, seen);
    }
  }
  const uncovered = (options.requireCoverage ?? [])
    .map((r) => ({ rule: r.rule.id, file: r.file, missing: ["pass", "fail"].filter((e) => !expectations.get(r.rule.id)?.has(e)) }))
    .filter((u) => u.missing.length > 0);
  return { cases, uncovered, orphans };
}

/** A rule or mitigation case's facts as a service subject. */
export function caseService(facts: Record<string, unknown>): ServiceSubject {
  const name = typeof facts.name === "string" ? facts.name : "case";
  return {
    name,
    profile: { value: undefined as never, file: "", text: "", docIndex: 0 },
    facts,
    cel: toCelValue(facts) as CelMap,
  };
}

/** A case's placement, with its overrides on top of the spec. */
export function casePlacement(placement: Placement, overrides: Record<string, unknown> | undefined): PlacementSubject {
  const { evidence: _e, ...spec } = placement.spec;
  const facts: Record<string, unknown> = { name: placement.metadata.name, title: placement.metadata.title, ...spec, ...(overrides ?? {}) };
  return {
    name: placement.metadata.name,
    title: placement.metadata.title,
    facts,
    cel: toCelValue(facts) as CelMap,
    detected: false,
    placement,
  };
}

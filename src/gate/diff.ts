import { compareText } from "../load/problem.js";
import type { Assessment, Finding, FitLevel, PlacementResult, Scores } from "../model/assessment.js";
import type { Severity } from "../model/common.js";
import { subjectKeyOf } from "../model/subject-key.js";
import { isWorseFit } from "./evaluate-gate.js";
import { findingKey } from "./fingerprint.js";

const SCORE_KEYS = ["overall", "twelve-factor", "ip-movement", "termination"] as const satisfies readonly (keyof Scores)[];

/** A score or fit that moved for one (service, placement); the service names its workload, when there is one, as `subjectKeyOf` does; `null` on a side where the pair or score is absent. */
export interface ResultChange {
  service: string;
  placement: string;
  scores: { key: keyof Scores; before: number | null; after: number | null }[];
  fit: { before: FitLevel | null; after: FitLevel | null } | null;
  worse: boolean;
}

/** A failing finding that appeared or went away. */
export interface FindingChange {
  service: string;
  placement: string;
  rule: string;
  severity: Severity;
  message: string;
}

/** What moved between two assessments. */
export interface AssessmentDiff {
  changes: ResultChange[];
  newFindings: FindingChange[];
  goneFindings: FindingChange[];
  /** True when any score went down, any fit got worse, or any failing finding is new. */
  regressed: boolean;
}

/** Compares two assessments by (service, placement) and by finding identity (service, rule, placement). Pure. */
export function diffAssessments(before: Assessment, after: Assessment): AssessmentDiff {
  const oldResults = resultsByPair(before);
  const newResults = resultsByPair(after);
  const pairs = [...new Set([...oldResults.keys(), ...newResults.keys()])].sort(compareText);
  const changes: ResultChange[] = [];
  for (const pair of pairs) {
    const [service = "", placement = ""] = pair.split("\u0000");
    const was = oldResults.get(pair);
    const is = newResults.get(pair);
    const scores = SCORE_KEYS.map((key) => ({ key, before: was?.scores[key] ?? null, after: is?.scores[key] ?? null })).filter(
      (s) => s.before !== s.after,
    );
    const fitBefore = was?.fit ?? null;
    const fitAfter = is?.fit ?? null;
    const fit = fitBefore === fitAfter ? null : { before: fitBefore, after: fitAfter };
    if (scores.length === 0 && !fit) continue;
    const worse =
      scores.some((s) => s.before !== null && s.after !== null && s.after < s.before) ||
      (fitBefore !== null && fitAfter !== null && isWorseFit(fitAfter, fitBefore));
    changes.push({ service, placement, scores, fit, worse });
  }
  const oldFailing = failingByKey(before);
  const newFailing = failingByKey(after);
  const newFindings = [...newFailing.entries()].filter(([key]) => !oldFailing.has(key)).map(([, f]) => toChange(f));
  const goneFindings = [...oldFailing.entries()].filter(([key]) => !newFailing.has(key)).map(([, f]) => toChange(f));
  return { changes, newFindings, goneFindings, regressed: newFindings.length > 0 || changes.some((c) => c.worse) };
}

function resultsByPair(assessment: Assessment): Map<string, PlacementResult> {
  return new Map(
    assessment.services.flatMap((s) => s.results.map((r) => [`${subjectKeyOf(s.name, s.workload)}\u0000${r.placement}`, r] as const)),
  );
}

function failingByKey(assessment: Assessment): Map<string, Finding> {
  const sorted = assessment.findings
    .filter((f) => f.status === "fail")
    .sort((a, b) => compareText(a.service, b.service) || compareText(a.placement, b.placement) || compareText(a.rule, b.rule));
  return new Map(sorted.map((f) => [findingKey(f), f]));
}

function toChange(f: Finding): FindingChange {
  return { service: subjectKeyOf(f.service, f.workload), placement: f.placement, rule: f.rule, severity: f.severity, message: f.message };
}

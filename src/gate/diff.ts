import { compareText } from "../load/problem.js";
import type { Assessment, Finding, PlacementResult, Scores } from "../model/assessment.js";
import type { AssessmentDiff, FindingChange, ResultChange } from "../model/assessment-diff.js";
import { findingKey } from "../model/fingerprint.js";
import { subjectKeyOf } from "../model/subject-key.js";
import { isWorseFit } from "./evaluate-gate.js";

const SCORE_KEYS = ["overall", "twelve-factor", "ip-movement", "termination"] as const satisfies readonly (keyof Scores)[];

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

import type { CompiledRule, Loaded } from "../load/documents.js";
import type { Finding } from "../model/assessment.js";
import type { Placement } from "../model/placement.js";
import type { ConditionResult } from "./cel.js";
import { renderMessage } from "./message.js";
import { locateFacts, type PlacementSubject, type ServiceSubject } from "./subject.js";

/** The verdict of one rule's conditions, before it becomes a finding. */
export type Verdict = { status: "pass" | "fail" | "not-applicable" } | { status: "unknown"; missing: string[]; reason?: string };

/**
 * Decides one rule for one (service, placement): `when` false is not-applicable; a missing fact in
 * either condition is unknown, naming the fact; otherwise `fails` decides. Never throws.
 */
export function decideRule(compiled: CompiledRule, service: ServiceSubject, placement: PlacementSubject): Verdict {
  const context = { service: service.cel, placement: placement.cel };
  const applies = compiled.when.evaluate(context);
  if (applies.kind !== "value") return unknownFrom(applies);
  if (!applies.value) return { status: "not-applicable" };
  const fails = compiled.fails.evaluate(context);
  if (fails.kind !== "value") return unknownFrom(fails);
  return { status: fails.value ? "fail" : "pass" };
}

function unknownFrom(result: Exclude<ConditionResult, { kind: "value" }>): Verdict {
  if (result.kind === "missing") return { status: "unknown", missing: result.facts };
  return { status: "unknown", missing: [], reason: result.message };
}

/** Evaluates every rule for one (service, placement) into findings, sorted by rule id. */
export function evaluateRules(
  rules: readonly CompiledRule[],
  service: ServiceSubject,
  placement: PlacementSubject,
  placementFile?: Loaded<Placement>,
): Finding[] {
  const findings: Finding[] = [];
  for (const compiled of rules) {
    const verdict = decideRule(compiled, service, placement);
    const { rule } = compiled;
    // Only a failure shows the rule's own message; rendering it for every verdict costs a third of the run.
    let message = "";
    if (verdict.status === "fail") {
      message = renderMessage(rule.message, { service: service.facts, placement: placement.facts });
    } else if (verdict.status === "unknown") {
      message =
        verdict.missing.length > 0
          ? `${rule.title}: not known for ${service.name} (missing fact ${verdict.missing.join(", ")})`
          : `${rule.title}: could not be decided for ${service.name} (${verdict.reason ?? "evaluation error"})`;
    } else if (verdict.status === "pass") {
      message = `${rule.title}: holds for ${service.name} under ${placement.title}`;
    } else if (verdict.status === "not-applicable") {
      message = `${rule.title}: does not apply to ${service.name}`;
    }
    const reads =
      verdict.status === "not-applicable" ? compiled.when.reads : [...new Set([...compiled.when.reads, ...compiled.fails.reads])];
    findings.push({
      rule: rule.id,
      service: service.name,
      placement: placement.name,
      status: verdict.status,
      severity: rule.severity,
      dimension: rule.dimension,
      trigger: rule.trigger,
      effort: rule.effort,
      message,
      ...(verdict.status === "unknown" ? { missing: verdict.missing } : {}),
      locations: verdict.status === "fail" || verdict.status === "unknown" ? locateFacts(reads, service, placement, placementFile) : [],
    });
  }
  return findings.sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}

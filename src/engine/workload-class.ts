import type { CompiledMitigation, CompiledRule, Loaded } from "../load/documents.js";
import type { Finding } from "../model/assessment.js";
import type { Placement } from "../model/placement.js";
import { renderMessage } from "./message.js";
import { locateFacts, type PlacementSubject, type ServiceSubject } from "./subject.js";

/** Facts that name a workload or its files but that no condition reads: workloads differing only there decide alike. */
const NAMING_FACTS = ["service.deployment.name", "service.oslo.files"] as const;

/**
 * True when no rule or mitigation reads the naming facts (a workload's name, its config files'
 * names), so workloads that differ only there can share one evaluation.
 */
export function canShareByClass(rules: readonly CompiledRule[], mitigations: readonly CompiledMitigation[]): boolean {
  const sources = [
    ...rules.flatMap((r) => [r.when.source, r.fails.source]),
    ...mitigations.flatMap((m) => [m.applies.source, ...m.sets.map((s) => s.expression.source)]),
  ];
  // A whole `service.deployment` or `service.oslo` read as a value could see the names too.
  const wholeRead = /service\.(?:deployment|oslo)\s*(?:[^.\s?]|$)/;
  return !sources.some((s) => {
    const bare = s.replace(/has\(\s*service\.(?:deployment|oslo)\s*\)/g, "");
    return NAMING_FACTS.some((f) => bare.includes(f)) || wholeRead.test(bare);
  });
}

/**
 * The key of a workload's class: the service and every fact a condition can read, the names left
 * out. Workloads of one class get the same verdicts, plan and fit under every placement.
 */
export function classKeyOf(subject: ServiceSubject): string {
  const { deployment, oslo } = subject.facts as { deployment?: Record<string, unknown>; oslo?: Record<string, unknown> };
  return JSON.stringify([
    subject.generic ? `generic:${subject.name}` : subject.name,
    subject.job === true,
    deployment ? { ...deployment, name: "" } : null,
    oslo ? { ...oslo, files: [] } : null,
  ]);
}

/**
 * The findings of another workload of the same class, made this workload's own: failing and
 * mitigated messages that name the workload rendered with its facts, and findings that cite the
 * other workload's files located in its own. `changed` says whether any message differs.
 */
export function reskinFindings(
  findings: readonly Finding[],
  rulesById: ReadonlyMap<string, CompiledRule>,
  service: ServiceSubject,
  placement: PlacementSubject,
  placementFile?: Loaded<Placement>,
): { findings: Finding[]; changed: boolean } {
  let changed = false;
  const out = findings.map((finding) => {
    const compiled = rulesById.get(finding.rule);
    // Within a class the same facts are present, so a finding that cites no file cites none for this workload either.
    const located = finding.locations.length > 0;
    const named = (finding.status === "fail" || finding.status === "mitigated") && compiled !== undefined && namesWorkload(compiled);
    if (!compiled || (!located && !named)) return finding;
    const message = named ? renderMessage(compiled.rule.message, { service: service.facts, placement: placement.facts }) : finding.message;
    if (message !== finding.message) changed = true;
    const reads = located ? [...new Set([...compiled.when.reads, ...compiled.fails.reads])] : [];
    return { ...finding, message, locations: located ? locateFacts(reads, service, placement, placementFile) : [] };
  });
  return { findings: out, changed };
}

/** True when the rule's message names the workload or its files, which differ within a class. */
function namesWorkload(compiled: CompiledRule): boolean {
  return (
    NAMING_FACTS.some((fact) => compiled.rule.message.includes(fact)) ||
    /\{\{\s*service\.(?:deployment|oslo)\s*\}\}/.test(compiled.rule.message)
  );
}

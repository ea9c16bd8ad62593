// Encoding an assessment into the form its JSON file holds, and back, free of zod: writing a report
// does not load the schemas that reading one back validates against.
import type { Assessment, Finding, ServiceResult, Workload } from "./assessment.js";
import type { AssessmentFile, StoredFinding, StoredWorkload } from "./assessment-file.js";

/** The text of a pass or not-applicable finding, as the engine writes it; undefined for the verdicts whose message is their own. */
function deriveMessage(
  finding: Pick<Finding, "status" | "service" | "placement">,
  ruleTitle: string | undefined,
  placementTitle: string | undefined,
): string | undefined {
  if (ruleTitle === undefined) return undefined;
  if (finding.status === "pass")
    return placementTitle === undefined ? undefined : `${ruleTitle}: holds for ${finding.service} under ${placementTitle}`;
  if (finding.status === "not-applicable") return `${ruleTitle}: does not apply to ${finding.service}`;
  return undefined;
}

/** One flat string (`join`): concatenated, a key is a tree of its parts, and the encoder keeps one per workload. */
function workloadKey(service: string, w: Workload): string {
  return [service, w.kind, w.namespace, w.name, w.file, w.line].join("\u0000");
}

/** The keys of a finding the file writes in their own way; the others are written as they are. */
const ENCODED_KEYS = new Set([
  "rule",
  "service",
  "workload",
  "placement",
  "status",
  "severity",
  "dimension",
  "trigger",
  "effort",
  "message",
  "locations",
]);

/**
 * Converts an assessment into the form its JSON file holds: one `workloads` table that findings and
 * results name by id, and no copy of what a finding's rule or verdict already says. Lossless:
 * `decodeAssessmentFile` gives the same assessment back.
 */
export function encodeAssessmentFile(assessment: Assessment): AssessmentFile {
  const encoder = assessmentEncoder(assessment);
  return encoder.file(assessment.findings.map(encoder.finding));
}

/** Encodes an assessment's findings one at a time, then the file around them. */
export interface AssessmentEncoder {
  /** A finding as the file holds it; its workload joins the `workloads` table if it is not in it yet. */
  finding: (finding: Finding) => StoredFinding;
  /** The finding's line in the file, `JSON.stringify` of `finding`'s object (`findingLineEncoder`). */
  line: (finding: Finding) => string;
  /**
   * Enters the workloads the findings name into the `workloads` table, in the order encoding them
   * would: called first, it makes the table whole before any finding is encoded or written.
   */
  nameWorkloads: (findings: Iterable<Finding>) => void;
  /** The file, with `findings` in the place of the assessment's findings; call after encoding or naming them. */
  file: <T>(findings: T) => AssessmentFile & { findings: T };
  /** The id of a workload of the service in the `workloads` table, entered if it is not in it yet. */
  workloadId: (service: string, workload: Workload) => string;
}

/**
 * An encoder for one assessment, so the findings can be written as they are encoded rather than
 * all held in their stored form: `encodeAssessmentFile` is `file` of every finding encoded in order.
 */
export function assessmentEncoder(assessment: Assessment): AssessmentEncoder {
  const workloads: Record<string, StoredWorkload> = {};
  const ids = new Map<string, string>();
  // The findings of one workload mostly share its object: its id is found by that object before its key is built.
  const idsByObject = new WeakMap<Workload, { service: string; id: string }>();
  const idOf = (service: string, workload: Workload): string => {
    const known = idsByObject.get(workload);
    if (known?.service === service) return known.id;
    const id = idByKey(service, workload);
    idsByObject.set(workload, { service, id });
    return id;
  };
  const idByKey = (service: string, workload: Workload): string => {
    const key = workloadKey(service, workload);
    let id = ids.get(key);
    if (id === undefined) {
      id = `w${ids.size + 1}`;
      ids.set(key, id);
      workloads[id] = {
        kind: workload.kind,
        namespace: workload.namespace,
        name: workload.name,
        file: workload.file,
        line: workload.line,
        service,
      };
    }
    return id;
  };
  // Services name their workloads first, so workload ids follow the services' order, then the findings'.
  const services = assessment.services.map((service) =>
    service.workload ? storedService(service, idOf(service.name, service.workload)) : service,
  ) as AssessmentFile["services"];
  const finding = findingEncoder(assessment, idOf);
  // The workloads table goes just before the services that name it; every other key keeps its place.
  const file = <T>(findings: T): AssessmentFile & { findings: T } => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(assessment)) {
      if (key === "services") {
        out.workloads = workloads;
        out.services = services;
      } else out[key] = key === "findings" ? findings : value;
    }
    return out as AssessmentFile & { findings: T };
  };
  const nameWorkloads = (findings: Iterable<Finding>) => {
    for (const f of findings) if (f.workload) idOf(f.service, f.workload);
  };
  return { finding, line: findingLineEncoder(assessment, idOf), nameWorkloads, file, workloadId: idOf };
}

/**
 * A service's result as the file holds it: its keys in their order, the workload's id last in place of
 * the workload. Its keys are added one by one: an estate's results, copied so, share a few hidden
 * classes, where a copy made by rest and spread was a dictionary of its own, about 1 KB a service.
 */
function storedService(service: ServiceResult, workloadId: string): Record<string, unknown> {
  const stored: Record<string, unknown> = {};
  const keys = Object.keys(service);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as keyof ServiceResult;
    if (key !== "workload") stored[key] = service[key];
  }
  stored.workload = workloadId;
  return stored;
}

/**
 * Encodes findings as the file holds them, against the assessment's rules and placements; `idOf`
 * names a finding's workload, and without it no finding names one (`{"rule":…,"service":…` is then
 * where its `"workload"` would go: see `workloadSlot`).
 */
export function findingEncoder(
  header: Pick<Assessment, "rules" | "placements">,
  idOf?: (service: string, workload: Workload) => string,
): (finding: Finding) => StoredFinding {
  const { rules, placementTitles } = headerIndex(header);
  // Built key by key rather than by spreads (there can be a million findings), in the order the
  // in-memory finding has its keys, so a line reads as it did before.
  return (finding: Finding): StoredFinding => {
    const rule = rules.get(finding.rule);
    const derived = deriveMessage(finding, rule?.title, placementTitles.get(finding.placement));
    const stored: Record<string, unknown> = { rule: finding.rule, service: finding.service };
    if (finding.workload && idOf) stored.workload = idOf(finding.service, finding.workload);
    stored.placement = finding.placement;
    stored.status = finding.status;
    stored.severity = finding.severity;
    if (rule?.dimension !== finding.dimension) stored.dimension = finding.dimension;
    if (rule?.trigger !== finding.trigger) stored.trigger = finding.trigger;
    if (rule?.effort !== finding.effort) stored.effort = finding.effort;
    if (derived !== finding.message) stored.message = finding.message;
    const keys = Object.keys(finding);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as keyof Finding;
      if (!ENCODED_KEYS.has(key)) stored[key] = finding[key];
    }
    if (finding.locations.length > 0) stored.locations = finding.locations;
    return stored as StoredFinding;
  };
}

/** The header's rules by id and its placements' titles by name: what a finding's line leaves to them. */
function headerIndex(header: Pick<Assessment, "rules" | "placements">) {
  return { rules: new Map(header.rules.map((r) => [r.id, r])), placementTitles: new Map(header.placements.map((p) => [p.name, p.title])) };
}

/**
 * Writes each finding as its JSON line, the text `JSON.stringify` gives for `findingEncoder`'s
 * object, without making the object. The names and verdicts a run repeats are quoted once (`quoter`),
 * and a pass's message is compared with the one its rule would derive piece by piece rather than
 * derived again. A key the line does not know is written as `JSON.stringify` writes it.
 */
export function findingLineEncoder(
  header: Pick<Assessment, "rules" | "placements">,
  idOf?: (service: string, workload: Workload) => string,
): (finding: Finding) => string {
  const { rules, placementTitles } = headerIndex(header);
  const quote = quoter();
  return (finding: Finding): string => {
    const rule = rules.get(finding.rule);
    let line = `{"rule":${quote(finding.rule)},"service":${quote(finding.service)}`;
    if (finding.workload && idOf) line += `,"workload":${quote(idOf(finding.service, finding.workload))}`;
    line += `,"placement":${quote(finding.placement)},"status":${quote(finding.status)}`;
    line += member("severity", finding.severity, quote);
    if (rule?.dimension !== finding.dimension) line += member("dimension", finding.dimension, quote);
    if (rule?.trigger !== finding.trigger) line += member("trigger", finding.trigger, quote);
    if (rule?.effort !== finding.effort) line += member("effort", finding.effort, quote);
    if (!isDerivedMessage(finding, rule?.title, placementTitles.get(finding.placement))) line += member("message", finding.message);
    const keys = Object.keys(finding);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as keyof Finding;
      if (!ENCODED_KEYS.has(key)) line += member(key, finding[key], quote);
    }
    if (finding.locations.length > 0) line += `,"locations":${JSON.stringify(finding.locations)}`;
    return `${line}}`;
  };
}

/**
 * `,"key":value` as `JSON.stringify` writes an object's member after the first, or nothing for a
 * value it leaves out (undefined, a function). A string goes through `quote` when one is given.
 */
function member(key: string, value: unknown, quote?: (text: string) => string): string {
  const text = quote !== undefined && typeof value === "string" ? quote(value) : JSON.stringify(value);
  return text === undefined ? "" : `,${JSON.stringify(key)}:${text}`;
}

/**
 * `JSON.stringify` of a string, kept for the strings asked for again: a run's findings repeat a few
 * hundred names and verdicts. Bounded, as a library caller's findings may name any number.
 */
function quoter(): (text: string) => string {
  const known = new Map<string, string>();
  return (text) => {
    let quoted = known.get(text);
    if (quoted === undefined) {
      quoted = JSON.stringify(text);
      if (known.size >= QUOTED_STRINGS) known.clear();
      known.set(text, quoted);
    }
    return quoted;
  };
}

/** How many quoted strings a line encoder keeps (`quoter`). */
const QUOTED_STRINGS = 10_000;

/**
 * True when the finding's message is left out of its line: when it is the one `deriveMessage` gives,
 * told without making that text, or when there is none (an undefined member is written as nothing).
 */
function isDerivedMessage(finding: Finding, ruleTitle: string | undefined, placementTitle: string | undefined): boolean {
  const message = finding.message;
  if (message === undefined) return true;
  if (ruleTitle === undefined || typeof message !== "string") return false;
  if (finding.status === "pass") {
    if (placementTitle === undefined) return false;
    const at = after(message, after(message, after(message, after(message, 0, ruleTitle), ": holds for "), finding.service), " under ");
    return after(message, at, placementTitle) === message.length;
  }
  if (finding.status !== "not-applicable") return false;
  return after(message, after(message, after(message, 0, ruleTitle), ": does not apply to "), finding.service) === message.length;
}

/** Where `part` ends in `text` when it starts at `at`, or -1 (as it is for an `at` of -1). */
function after(text: string, at: number, part: string): number {
  return at >= 0 && text.startsWith(part, at) ? at + part.length : -1;
}

/** An assessment file turned back into an assessment, or what in it cannot be resolved. */
export type AssessmentDecoded = { ok: true; assessment: Assessment } | { ok: false; path: string; message: string };

/**
 * Resolves an assessment file's workload ids and restores what its findings leave to their rule and
 * verdict. A workload id that `workloads` does not list, or a left-out field whose rule is not in
 * `rules`, is refused with the path of the finding.
 */
export function decodeAssessmentFile(file: AssessmentFile): AssessmentDecoded {
  const workloadOf = (id: string): Workload | undefined => {
    if (!Object.hasOwn(file.workloads, id)) return undefined;
    const { service: _service, ...workload } = file.workloads[id] as StoredWorkload;
    return workload;
  };
  const dangling = (path: string, id: string): AssessmentDecoded => ({
    ok: false,
    path,
    message: `expected the id of a workload listed under workloads, got ${JSON.stringify(id.slice(0, 40))}`,
  });
  const services: ServiceResult[] = [];
  for (const [i, { workload: id, ...rest }] of file.services.entries()) {
    if (id === undefined) {
      services.push(rest);
      continue;
    }
    const workload = workloadOf(id);
    if (!workload) return dangling(`services.${i}.workload`, id);
    services.push({ ...rest, workload });
  }
  const rules = new Map(file.rules.map((r) => [r.id, r]));
  const placementTitles = new Map(file.placements.map((p) => [p.name, p.title]));
  const findings: Finding[] = [];
  for (const [i, stored] of file.findings.entries()) {
    const {
      rule: ruleId,
      service,
      workload: id,
      placement,
      status,
      severity,
      dimension,
      trigger,
      effort,
      message,
      locations,
      ...rest
    } = stored;
    const workload = id === undefined ? undefined : workloadOf(id);
    if (id !== undefined && !workload) return dangling(`findings.${i}.workload`, id);
    const rule = rules.get(ruleId);
    const text = message ?? deriveMessage(stored, rule?.title, placementTitles.get(placement));
    const restored = { dimension: dimension ?? rule?.dimension, trigger: trigger ?? rule?.trigger, effort: effort ?? rule?.effort };
    const unresolved = (field: string, expected: string, got: string): AssessmentDecoded => ({
      ok: false,
      path: `findings.${i}.${field}`,
      message: `expected ${expected}, got ${JSON.stringify(got.slice(0, 80))}`,
    });
    if (restored.dimension === undefined || restored.trigger === undefined || restored.effort === undefined) {
      return unresolved("rule", "a rule listed under rules (the finding leaves its dimension, trigger or effort to it)", ruleId);
    }
    if (text === undefined) {
      if (status !== "pass" && status !== "not-applicable") return unresolved("message", `a message for a ${status} finding`, "none");
      if (rule === undefined) return unresolved("rule", "a rule listed under rules (the finding leaves its message to it)", ruleId);
      return unresolved("placement", "a placement listed under placements (the finding leaves its message to it)", placement);
    }
    findings.push({
      rule: ruleId,
      service,
      ...(workload ? { workload } : {}),
      placement,
      status,
      severity,
      dimension: restored.dimension,
      trigger: restored.trigger,
      effort: restored.effort,
      message: text,
      ...rest,
      locations: locations ?? [],
    });
  }
  // Every key keeps its place, so writing the assessment again gives the same bytes.
  const assessment: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(file)) {
    if (key !== "workloads") assessment[key] = key === "services" ? services : key === "findings" ? findings : value;
  }
  return { ok: true, assessment: assessment as Assessment };
}

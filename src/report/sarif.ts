import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import type { Log, Notification, PhysicalLocation, ReportingDescriptor, Result, Run } from "sarif";
import type { Assessment, Finding } from "../model/assessment.js";
import type { Severity } from "../model/common.js";
import { fingerprintOf } from "../model/fingerprint.js";
import { describeSubject, describeWorkload } from "../model/subject-key.js";

/** GitHub code scanning reads `security-severity` (0.0–10.0) to rank results as critical, high, medium or low. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0", info: "0.0" };
const LEVEL: Record<Severity, Result.level> = { critical: "error", high: "error", medium: "warning", low: "note", info: "note" };
const INFORMATION_URI = "https://github.com/blendcheck/blendcheck";
/** The base every relative path is resolved against; GitHub code scanning resolves it to the repository checkout. */
const SRCROOT = "%SRCROOT%";

/**
 * The base of a file `up` directories above the working directory. SARIF 2.1.0 §3.10.2 (errata 01)
 * has producers resolve ".." segments away and calls them dangerous, so such a file is written
 * relative to a base of its own instead of as `../x` under %SRCROOT%.
 */
function parentBaseId(up: number): string {
  return `SRCROOT_UP${up}`;
}

/**
 * Renders SARIF 2.1.0 for GitHub code scanning: one rule entry per rule with help text and URI, one
 * result per failing finding, and waived findings as results with an accepted suppression; inputs
 * no catalog service matched are tool execution notifications with their file and line.
 */
export function renderSarif(assessment: Assessment): string {
  return [...sarifPieces(assessment)].join("");
}

/**
 * `renderSarif`'s text, piece by piece, each piece made when it is asked for: the log around the
 * results is laid out once, then each result is made and written as it is reached, so a run with a
 * million failing findings never holds their results, as objects or as one text.
 */
export function* sarifPieces(assessment: Assessment): Generator<string> {
  const ruleIndex = new Map(assessment.rules.map((r, i) => [r.id, i]));
  const rules: ReportingDescriptor[] = assessment.rules.map((rule) => ({
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: {
      text: `${rule.rationale}\n\nRemediation: ${rule.remediation}`,
      markdown: [
        `**${rule.title}**`,
        rule.rationale,
        `**Remediation:** ${rule.remediation}`,
        ...(rule.references.length > 0 ? [rule.references.map((r) => `- [${r.title}](${r.url})`).join("\n")] : []),
      ].join("\n\n"),
    },
    ...(rule.references[0] ? { helpUri: rule.references[0].url } : {}),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: ["blendcheck", rule.dimension, rule.trigger],
      "security-severity": SECURITY_SEVERITY[rule.severity],
      severity: rule.severity,
    },
  }));
  // A mitigated finding still fails in the files as they are; the plan names the mitigation.
  const reported = assessment.findings.filter((f) => f.status === "fail" || f.status === "mitigated" || f.status === "waived");
  const notifications: Notification[] = assessment.unrecognized.map((u) => ({
    level: u.reason.includes("assessed as generic") ? "note" : "warning",
    message: { text: `${u.kind} ${u.name}: ${u.reason}` },
    descriptor: { id: "unrecognized-input" },
    locations: [{ physicalLocation: physicalLocationOf(u.file, u.line, 0) }],
  }));
  // The bases come before the results in the log: they are found from the files the results will cite.
  const files = [...reported.flatMap(citedFiles), ...assessment.unrecognized.map((u) => u.file)];
  const results: Result[] = [];
  const log: Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: assessment.tool.name,
            version: assessment.tool.version,
            semanticVersion: assessment.tool.version,
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        originalUriBaseIds: baseIdsOf(files),
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results,
        columnKind: "utf16CodeUnits",
      },
    ],
  };
  // The log is laid out with a marker for the results; only `columnKind`, a constant, follows it,
  // so its last occurrence is the marker, whatever the rules' or inputs' texts hold.
  const skeleton = `${JSON.stringify(log, (_key, value) => (value === results ? RESULTS_MARKER : value), 2)}\n`;
  const at = skeleton.lastIndexOf(JSON.stringify(RESULTS_MARKER));
  const indent = " ".repeat(at - skeleton.lastIndexOf("\n", at) - 1 - '"results": '.length);
  const inner = `\n${indent}  `;
  yield skeleton.slice(0, at);
  if (reported.length === 0) yield "[]";
  else {
    for (const [i, finding] of reported.entries()) {
      yield `${i === 0 ? "[" : ","}${inner}${JSON.stringify(resultOf(finding, ruleIndex), null, 2).replaceAll("\n", inner)}`;
    }
    yield `\n${indent}]`;
  }
  yield skeleton.slice(at + JSON.stringify(RESULTS_MARKER).length);
}

/** Stands for the results while the log around them is laid out; never written. */
const RESULTS_MARKER = "\u0000results\u0000";

/** A reported finding's SARIF result. */
function resultOf(finding: Finding, ruleIndex: ReadonlyMap<string, number>): Result {
  const [primary, ...related] = physicalLocationsOf(finding);
  const result: Result = {
    ruleId: finding.rule,
    level: LEVEL[finding.severity],
    message: { text: `${describeSubject(finding.service, finding.workload)} @ ${finding.placement}: ${finding.message}` },
    // A finding from catalog knowledge alone, about no one workload, names the service and no file.
    locations: [
      primary
        ? { physicalLocation: primary }
        : { logicalLocations: [{ name: finding.service, fullyQualifiedName: finding.service, kind: "module" }] },
    ],
    partialFingerprints: { "blendcheckFinding/v1": fingerprintOf(finding) },
    properties: {
      service: finding.service,
      ...(finding.workload ? { workload: describeWorkload(finding.workload) } : {}),
      placement: finding.placement,
      severity: finding.severity,
    },
  };
  const index = ruleIndex.get(finding.rule);
  if (index !== undefined) result.ruleIndex = index;
  if (related.length > 0) result.relatedLocations = related.map((physicalLocation, id) => ({ id, physicalLocation }));
  if (finding.status === "waived" && finding.waiver) {
    const { reason, owner, expires } = finding.waiver;
    result.suppressions = [{ kind: "external", status: "accepted", justification: `${reason} (owner ${owner}, expires ${expires})` }];
  }
  return result;
}

/** The files a finding's result is placed in: the facts it cites, else its workload's; none for a service's own finding. */
function citedFiles(finding: Finding): string[] {
  if (finding.locations.length > 0) return finding.locations.map((l) => l.file);
  return finding.workload ? [finding.workload.file] : [];
}

/**
 * Where a finding sits in the user's files: the facts it cites, else the workload it concerns; none
 * for a finding about a service that no one workload stands for.
 */
function physicalLocationsOf(finding: Finding): PhysicalLocation[] {
  if (finding.locations.length > 0) return finding.locations.map((l) => physicalLocationOf(l.file, l.line, l.column));
  if (finding.workload) return [physicalLocationOf(finding.workload.file, finding.workload.line, 0)];
  return [];
}

function physicalLocationOf(file: string, line: number, column: number): PhysicalLocation {
  return {
    artifactLocation: isAbsolute(file) ? { uri: pathToFileURL(file).href } : relativeLocationOf(file),
    region: { startLine: Math.max(1, line), ...(column >= 1 ? { startColumn: column } : {}) },
  };
}

/** A path relative to the working directory as a URI reference without ".." segments, and the base it is relative to. */
function relativeLocationOf(file: string): { uri: string; uriBaseId: string } {
  const segments = file.split("/");
  const up = levelsAbove(segments);
  if (up === 0) return { uri: toUri(file), uriBaseId: SRCROOT };
  return { uri: toUri(segments.slice(up).join("/")), uriBaseId: parentBaseId(up) };
}

/** How many directories above the working directory a relative path's segments lead: its leading `..`s, none when nothing follows them. */
function levelsAbove(segments: readonly string[]): number {
  return Math.max(
    0,
    segments.findIndex((s) => s !== ".."),
  );
}

/** The bases the log's locations use: %SRCROOT%, and one per number of directories one of `files` lies above it. */
function baseIdsOf(files: Iterable<string>): NonNullable<Run["originalUriBaseIds"]> {
  const ups = new Set<number>();
  for (const file of files) {
    const up = isAbsolute(file) ? 0 : levelsAbove(file.split("/"));
    if (up > 0) ups.add(up);
  }
  const bases: NonNullable<Run["originalUriBaseIds"]> = {
    [SRCROOT]: { description: { text: "The directory blendcheck ran in; every path is relative to it or to one of its parents below." } },
  };
  for (const up of [...ups].sort((a, b) => a - b)) {
    bases[parentBaseId(up)] = {
      description: {
        text: `The directory ${up} level${up === 1 ? "" : "s"} above ${SRCROOT} (${"../".repeat(up)} from where blendcheck ran).`,
      },
    };
  }
  return bases;
}

/** A relative path as a URI reference, each segment percent-encoded. */
function toUri(file: string): string {
  return file.split("/").map(encodeURIComponent).join("/");
}

/** `ip-movement/identity-from-hostname` → `IdentityFromHostname`, the PascalCase name SARIF suggests. */
function ruleName(id: string): string {
  const last = id.slice(id.lastIndexOf("/") + 1);
  return last
    .split("-")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
}

import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import type { Log, PhysicalLocation, ReportingDescriptor, Result } from "sarif";
import { fingerprintOf } from "../gate/fingerprint.js";
import type { Assessment, Finding } from "../model/assessment.js";
import type { Severity } from "../model/common.js";

/** GitHub code scanning reads `security-severity` (0.0–10.0) to rank results as critical, high, medium or low. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0", info: "0.0" };
const LEVEL: Record<Severity, Result.level> = { critical: "error", high: "error", medium: "warning", low: "note", info: "note" };
const INFORMATION_URI = "https://github.com/blendcheck/blendcheck";

/**
 * Renders SARIF 2.1.0 for GitHub code scanning: one rule entry per rule with help text and URI, one
 * result per failing finding, and waived findings as results with an accepted suppression.
 */
export function renderSarif(assessment: Assessment): string {
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
  const sources = new Map(assessment.services.map((s) => [s.name, s.sources]));
  const results: Result[] = assessment.findings
    // A mitigated finding still fails in the files as they are; the plan names the mitigation.
    .filter((f) => f.status === "fail" || f.status === "mitigated" || f.status === "waived")
    .map((finding) => {
      const [primary, ...related] = orderLocations(finding, sources.get(finding.service) ?? []);
      const result: Result = {
        ruleId: finding.rule,
        level: LEVEL[finding.severity],
        message: { text: `${finding.service} @ ${finding.placement}: ${finding.message}` },
        locations: [{ physicalLocation: primary }],
        partialFingerprints: { "blendcheckFinding/v1": fingerprintOf(finding) },
        properties: { service: finding.service, placement: finding.placement, severity: finding.severity },
      };
      const index = ruleIndex.get(finding.rule);
      if (index !== undefined) result.ruleIndex = index;
      // Built-in placement files live in the installed package, outside the user's repository.
      const inRepository = related.filter((l) => !l.artifactLocation?.uri?.startsWith("file:"));
      if (inRepository.length > 0) result.relatedLocations = inRepository.map((physicalLocation, id) => ({ id, physicalLocation }));
      if (finding.status === "waived" && finding.waiver) {
        const { reason, owner, expires } = finding.waiver;
        result.suppressions = [{ kind: "external", status: "accepted", justification: `${reason} (owner ${owner}, expires ${expires})` }];
      }
      return result;
    });
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
        results,
        columnKind: "utf16CodeUnits",
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * The finding's locations with those in the service's own files (its profile and artifacts) first,
 * since a built-in placement file is not in the user's repository; the service's first source at
 * line 1 when the finding cites none. Always at least one.
 */
function orderLocations(finding: Finding, sources: readonly string[]): PhysicalLocation[] {
  const own = new Set(sources);
  const cited = [...finding.locations].sort((a, b) => Number(own.has(b.file)) - Number(own.has(a.file)));
  const locations = cited.length > 0 ? cited : [{ file: sources[0] ?? "blendcheck.yaml", line: 1, column: 1 }];
  return locations.map((l) => ({
    artifactLocation: { uri: toUri(l.file) },
    region: { startLine: Math.max(1, l.line), ...(l.column >= 1 ? { startColumn: l.column } : {}) },
  }));
}

/** A relative path as a URI reference (percent-encoded); an absolute path as a file: URL. */
function toUri(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
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

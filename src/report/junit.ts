import { compareText } from "../load/problem.js";
import type { Assessment, Finding } from "../model/assessment.js";
import { describeWorkload } from "../model/subject-key.js";
import { escapeXmlAttribute as attr, escapeXmlText as text } from "./xml-escape.js";

/**
 * Renders JUnit XML: one testsuite per service, one testcase per applicable rule × placement (`rule
 * @ placement`). A failing finding is a `failure`; waived and unknown findings are `skipped` with
 * the reason; a passing finding is a bare testcase; a not-applicable finding is no test at all.
 * Elements and attributes stay within the JUnit schema of Jenkins' xunit plugin (junit-10.xsd),
 * which has no `skipped` attribute on `testsuites`.
 */
export function renderJunit(assessment: Assessment): string {
  return [...junitPieces(assessment)].join("");
}

/**
 * `renderJunit`'s text, piece by piece, each made when it is asked for: the counts are taken first,
 * then each testcase is written as it is reached, so no suite or testcase is held beyond its piece.
 */
export function* junitPieces(assessment: Assessment): Generator<string> {
  const rules = new Map(assessment.rules.map((r) => [r.id, r]));
  const byService = new Map<string, Finding[]>();
  for (const service of assessment.services) byService.set(service.name, []);
  for (const finding of assessment.findings) if (finding.status !== "not-applicable") byService.get(finding.service)?.push(finding);
  const suites = [...byService.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([service, findings]) => ({
      service,
      findings,
      failed: findings.filter(isFailure).length,
      skipped: findings.filter((f) => !isFailure(f) && f.status !== "pass").length,
    }));

  const unrecognized = renderUnrecognizedSuite(assessment.unrecognized);
  const tests = suites.reduce((sum, suite) => sum + suite.findings.length, unrecognized?.count ?? 0);
  const failures = suites.reduce((sum, suite) => sum + suite.failed, 0);
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="blendcheck" tests="${tests}" failures="${failures}" errors="0">\n`;
  for (const { service, findings, failed, skipped } of suites) {
    yield `  <testsuite name="${attr(service)}" tests="${findings.length}" failures="${failed}" errors="0" skipped="${skipped}">\n`;
    for (const finding of findings) yield `${testcaseOf(finding, service, rules)}\n`;
    yield "  </testsuite>\n";
  }
  if (unrecognized) yield `${unrecognized.xml}\n`;
  yield "</testsuites>\n";
}

/** A failing or mitigated finding: a `failure` in its testcase. */
function isFailure(finding: Finding): boolean {
  return finding.status === "fail" || finding.status === "mitigated";
}

/** A finding's testcase: a failure with its message, places and remediation; a bare case for a pass; else skipped with the reason. */
function testcaseOf(finding: Finding, service: string, rules: ReadonlyMap<string, Assessment["rules"][number]>): string {
  const subject = finding.workload ? ` [${describeWorkload(finding.workload)}]` : "";
  const open = `    <testcase name="${attr(`${finding.rule} @ ${finding.placement}${subject}`)}" classname="${attr(`blendcheck.${service}`)}"`;
  if (isFailure(finding)) {
    const remediation = rules.get(finding.rule)?.remediation;
    const body = [
      finding.message,
      ...finding.locations.map((l) => `at ${l.file}:${l.line}:${l.column}`),
      ...(remediation ? [`Remediation: ${remediation}`] : []),
    ].join("\n");
    return `${open}>\n      <failure message="${attr(finding.message)}" type="${attr(finding.severity)}">${text(body)}</failure>\n    </testcase>`;
  }
  if (finding.status === "pass") return `${open}/>`;
  return `${open}>\n      <skipped message="${attr(skipReason(finding))}"/>\n    </testcase>`;
}

/** The inputs no catalog service matched, one skipped testcase each with its file, line and reason. */
function renderUnrecognizedSuite(list: Assessment["unrecognized"]): { xml: string; count: number } | undefined {
  if (list.length === 0) return undefined;
  const cases = list.map(
    (u) =>
      `    <testcase name="${attr(`${u.kind} ${u.name}`)}" classname="blendcheck.unrecognized" file="${attr(u.file)}" line="${u.line}">\n      <skipped message="${attr(`${u.file}:${u.line}: ${u.reason}`)}"/>\n    </testcase>`,
  );
  const head = `  <testsuite name="unrecognized inputs" tests="${list.length}" failures="0" errors="0" skipped="${list.length}">`;
  return { xml: `${head}\n${cases.join("\n")}\n  </testsuite>`, count: list.length };
}

function skipReason(finding: Finding): string {
  if (finding.status === "waived" && finding.waiver) {
    const { reason, owner, expires } = finding.waiver;
    return `waived: ${reason} (owner ${owner}, expires ${expires})`;
  }
  if (finding.status === "unknown") return `unknown: ${finding.message}`;
  return `${finding.status}: ${finding.message}`;
}

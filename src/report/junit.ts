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
  const rules = new Map(assessment.rules.map((r) => [r.id, r]));
  const byService = new Map<string, Finding[]>();
  for (const service of assessment.services) byService.set(service.name, []);
  for (const finding of assessment.findings) if (finding.status !== "not-applicable") byService.get(finding.service)?.push(finding);

  const suites: string[] = [];
  const totals = { tests: 0, failures: 0 };
  for (const [service, findings] of [...byService.entries()].sort(([a], [b]) => compareText(a, b))) {
    const cases: string[] = [];
    let failures = 0;
    let skipped = 0;
    for (const finding of findings) {
      const subject = finding.workload ? ` [${describeWorkload(finding.workload)}]` : "";
      const open = `    <testcase name="${attr(`${finding.rule} @ ${finding.placement}${subject}`)}" classname="${attr(`blendcheck.${service}`)}"`;
      if (finding.status === "fail" || finding.status === "mitigated") {
        failures++;
        const remediation = rules.get(finding.rule)?.remediation;
        const body = [
          finding.message,
          ...finding.locations.map((l) => `at ${l.file}:${l.line}:${l.column}`),
          ...(remediation ? [`Remediation: ${remediation}`] : []),
        ].join("\n");
        cases.push(
          `${open}>\n      <failure message="${attr(finding.message)}" type="${attr(finding.severity)}">${text(body)}</failure>\n    </testcase>`,
        );
      } else if (finding.status === "pass") {
        cases.push(`${open}/>`);
      } else {
        skipped++;
        cases.push(`${open}>\n      <skipped message="${attr(skipReason(finding))}"/>\n    </testcase>`);
      }
    }
    totals.tests += findings.length;
    totals.failures += failures;
    const head = `  <testsuite name="${attr(service)}" tests="${findings.length}" failures="${failures}" errors="0" skipped="${skipped}">`;
    suites.push(cases.length > 0 ? `${head}\n${cases.join("\n")}\n  </testsuite>` : `${head}\n  </testsuite>`);
  }
  const unrecognized = renderUnrecognizedSuite(assessment.unrecognized);
  if (unrecognized) {
    suites.push(unrecognized.xml);
    totals.tests += unrecognized.count;
  }
  const root = `<testsuites name="blendcheck" tests="${totals.tests}" failures="${totals.failures}" errors="0">`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n${suites.map((s) => `${s}\n`).join("")}</testsuites>\n`;
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

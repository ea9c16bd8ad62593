import { XMLParser } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import type { Assessment } from "../src/model/assessment.js";
import { renderJunit } from "../src/report/junit.js";
import { assessSample } from "./browser/hostile-assessment.js";

/**
 * Elements, attributes and required attributes that the JUnit schema of Jenkins' xunit plugin
 * allows (jenkinsci/xunit-plugin:src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd@0c3752259ca17669b739481b2785a3e4cea1cc0f).
 */
const XSD: Record<string, { attributes: string[]; required: string[]; children: string[] }> = {
  testsuites: { attributes: ["name", "time", "tests", "failures", "disabled", "errors"], required: [], children: ["testsuite"] },
  testsuite: {
    attributes: [
      "name",
      "tests",
      "failures",
      "errors",
      "time",
      "disabled",
      "skipped",
      "skips",
      "timestamp",
      "hostname",
      "id",
      "package",
      "assertions",
      "file",
      "skip",
      "log",
      "url",
    ],
    required: ["tests"],
    children: ["testsuite", "properties", "testcase", "system-out", "system-err"],
  },
  testcase: {
    attributes: ["name", "assertions", "time", "timestamp", "classname", "status", "class", "file", "line", "log", "group", "url"],
    required: ["name"],
    children: ["skipped", "error", "failure", "rerunFailure", "rerunError", "system-out", "system-err"],
  },
  failure: { attributes: ["type", "message"], required: [], children: [] },
  error: { attributes: ["type", "message"], required: [], children: [] },
  skipped: { attributes: ["type", "message"], required: [], children: [] },
  properties: { attributes: [], required: [], children: ["property"] },
  property: { attributes: ["name", "value"], required: ["name", "value"], children: [] },
  "system-out": { attributes: [], required: [], children: [] },
  "system-err": { attributes: [], required: [], children: [] },
};

type Node = Record<string, unknown> & { ":@"?: Record<string, string> };

/** Every schema violation in a parsed tree, as `path: what`. */
function violations(nodes: Node[], parent: string | undefined, path: string): string[] {
  const found: string[] = [];
  for (const node of nodes) {
    const name = Object.keys(node).find((k) => k !== ":@") as string;
    if (name === "#text" || name === "?xml") continue;
    const here = `${path}/${name}`;
    const rule = XSD[name];
    if (!rule) {
      found.push(`${here}: element not in the schema`);
      continue;
    }
    if (parent !== undefined && !XSD[parent]?.children.includes(name)) found.push(`${here}: not allowed inside ${parent}`);
    if (parent === undefined && name !== "testsuites") found.push(`${here}: root must be testsuites`);
    const attributes = Object.keys(node[":@"] ?? {});
    for (const a of attributes) if (!rule.attributes.includes(a)) found.push(`${here}: attribute ${a} not in the schema`);
    for (const r of rule.required) if (!attributes.includes(r)) found.push(`${here}: required attribute ${r} missing`);
    found.push(...violations(node[name] as Node[], name, here));
  }
  return found;
}

let assessment: Assessment;
beforeAll(() => {
  assessment = assessSample();
});

describe("JUnit XML against the xunit plugin's schema", () => {
  const parse = (xml: string) =>
    new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: "" }).parse(xml) as Node[];

  it("uses only the elements and attributes the schema allows, nothing on the root that it forbids", () => {
    const xml = renderJunit(assessment);
    expect(violations(parse(xml), undefined, "")).toEqual([]);
    expect(xml).toMatch(/^<testsuites [^>]*>/m);
    expect(xml.match(/<testsuites [^>]*>/)?.[0]).not.toContain("skipped=");
  });

  it("makes no test case for a not-applicable finding", () => {
    // The sample leaves not-applicable findings out; kept ones (--include-not-applicable) make no test case either.
    const first = assessment.findings[0];
    if (!first) throw new Error("the sample has findings");
    const kept = {
      ...assessment,
      findings: [...assessment.findings, { ...first, rule: "deployment/kept-not-applicable", status: "not-applicable" as const }],
    };
    const xml = renderJunit(kept);
    const applicable = kept.findings.filter((f) => f.status !== "not-applicable").length;
    expect(kept.findings.length).toBeGreaterThan(applicable);
    expect(xml.match(/<testcase /g)).toHaveLength(applicable);
    expect(xml).not.toContain("not-applicable:");
  });

  it("a schema violation is caught by the check itself", () => {
    expect(
      violations(parse('<testsuites skipped="1"><testsuite><testcase name="x" bogus="1"/></testsuite></testsuites>'), undefined, ""),
    ).toEqual([
      "/testsuites: attribute skipped not in the schema",
      "/testsuites/testsuite: required attribute tests missing",
      "/testsuites/testsuite/testcase: attribute bogus not in the schema",
    ]);
  });
});

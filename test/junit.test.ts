import { fc, test } from "@fast-check/vitest";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { applyWaivers } from "../src/gate/waivers.js";
import { escapeData, escapeProperty, renderGithub } from "../src/report/github.js";
import { junitPieces, renderJunit } from "../src/report/junit.js";
import { renderEach } from "../src/report/render.js";
import { escapeXmlAttribute, escapeXmlText, stripIllegalXml } from "../src/report/xml-escape.js";
import { sampleAssessment, sampleFinding } from "./gate-sample.js";

const ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

describe("xml-escape", () => {
  it("escapes markup characters and encodes whitespace in attributes", () => {
    expect(escapeXmlText(`a & b < c > "d" 'e'`)).toBe(`a &amp; b &lt; c &gt; "d" 'e'`);
    expect(escapeXmlAttribute(`&<>"'\t\n\r`)).toBe("&amp;&lt;&gt;&quot;&apos;&#9;&#10;&#13;");
  });

  it("strips characters XML 1.0 cannot carry and keeps surrogate pairs", () => {
    expect(stripIllegalXml("a\u0000b\u0008c\u001fd\uFFFEe\uFFFFf\uD800g\uDC00h😀\t\n\r")).toBe("abcdefgh😀\t\n\r");
  });

  test.prop([fc.string({ unit: "binary" })])("any string survives as a well-formed attribute and text", (s) => {
    const xml = `<r a="${escapeXmlAttribute(s)}" b='${escapeXmlAttribute(s)}'>${escapeXmlText(s)}</r>`;
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(ILLEGAL.test(escapeXmlText(s))).toBe(false);
  });

  test.prop([fc.string({ unit: "binary" })])("an attribute round-trips to the stripped text", (s) => {
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "",
      processEntities: true,
      htmlEntities: true,
      trimValues: false,
      parseAttributeValue: false,
    });
    const parsed = parser.parse(`<r a="${escapeXmlAttribute(s)}"/>`) as { r: { a: string } | string };
    const value = typeof parsed.r === "string" ? "" : String(parsed.r.a);
    expect(value).toBe(stripIllegalXml(s));
  });
});

describe("renderJunit", () => {
  const tricky = `fails <here> & "there"\nsecond line`;
  const assessment = applyWaivers(
    sampleAssessment([
      sampleFinding({ message: tricky }),
      sampleFinding({ placement: "swarm" }),
      sampleFinding({ placement: "poci", status: "pass" }),
      sampleFinding({ rule: "termination/grace", dimension: "termination", status: "unknown", message: "not known" }),
      sampleFinding({ rule: "termination/none", dimension: "termination", status: "not-applicable", service: "other-api" }),
    ]),
    [
      {
        rule: "ip-movement/identity-from-hostname",
        service: "demo-worker",
        placement: "swarm",
        reason: "accepted",
        owner: "ops",
        expires: "2099-01-01",
      },
    ],
    "2026-01-01",
  ).assessment;
  const xml = renderJunit(assessment);

  it("is well-formed XML with correct counts per suite and in total", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<testsuites name="blendcheck" tests="4" failures="1" errors="0">');
    expect(xml).toContain('<testsuite name="demo-worker" tests="4" failures="1" errors="0" skipped="2">');
    // Its only finding is not applicable, which is no test case.
    expect(xml).toContain('<testsuite name="other-api" tests="0" failures="0" errors="0" skipped="0">');
  });

  it("names testcases rule @ placement, fails failures and skips waived findings with the reason", () => {
    expect(xml).toContain('name="ip-movement/identity-from-hostname @ k8s-scheduled"');
    expect(xml).toContain(`<failure message="fails &lt;here&gt; &amp; &quot;there&quot;&#10;second line" type="high">`);
    expect(xml).toContain('<skipped message="waived: accepted (owner ops, expires 2099-01-01)"/>');
    expect(xml).toContain('<skipped message="unknown: not known"/>');
  });
});

describe("renderGithub", () => {
  it("escapes workflow-command data and properties as @actions/core does", () => {
    expect(escapeData("50% done\r\nnext")).toBe("50%25 done%0D%0Anext");
    expect(escapeProperty("a:b,c%")).toBe("a%3Ab%2Cc%25");
  });

  it("annotates failing findings only, at the cited file and line", () => {
    const out = renderGithub(
      sampleAssessment([
        sampleFinding(),
        sampleFinding({ placement: "poci", status: "pass" }),
        sampleFinding({ placement: "swarm", status: "unknown" }),
      ]),
    );
    expect(out).toBe(
      "::error file=deploy/worker.yaml,line=10,col=5,title=ip-movement/identity-from-hostname (high) @ k8s-scheduled::demo-worker: demo-worker registers itself by hostname\n",
    );
  });
});

describe("renderJunit with workloads and unrecognized inputs", () => {
  const workload = { kind: "Deployment", namespace: "shop", name: "web", file: "apps/web.yaml", line: 4 };
  const base = sampleAssessment([sampleFinding(), sampleFinding({ workload, locations: [] })]);
  const unrecognized = [{ file: "apps/job.yaml", line: 7, kind: "CronJob", name: "report", reason: "no service matches" }];
  const parsed = new XMLParser({ ignoreAttributes: false }).parse(renderJunit({ ...base, unrecognized }));
  const suites = [parsed.testsuites.testsuite].flat();

  it("names the workload in the testcase of a finding that concerns one", () => {
    const names = suites.flatMap((s) => [s.testcase ?? []].flat()).map((c) => c["@_name"]);
    expect(names).toContain("ip-movement/identity-from-hostname @ k8s-scheduled [Deployment shop/web]");
    expect(names).toContain("ip-movement/identity-from-hostname @ k8s-scheduled");
  });

  it("lists unrecognized inputs in a testsuite of their own, each skipped with file, line and reason", () => {
    const suite = suites.find((s) => s["@_name"] === "unrecognized inputs");
    expect(suite?.["@_tests"]).toBe("1");
    expect(suite?.testcase["@_name"]).toBe("CronJob report");
    expect(suite?.testcase.skipped["@_message"]).toBe("apps/job.yaml:7: no service matches");
    // The xunit plugin's schema has no skipped attribute on the root: the suite counts it.
    expect(parsed.testsuites["@_skipped"]).toBeUndefined();
    expect(suite?.["@_skipped"]).toBe("1");
  });
});

describe("junitPieces", () => {
  const statuses = ["fail", "pass", "unknown", "mitigated", "not-applicable"] as const;
  const many = sampleAssessment(
    Array.from({ length: 500 }, (_, i) =>
      sampleFinding({ service: `svc-${i % 9}`, rule: `r/${i}`, status: statuses[i % statuses.length], message: `finding <${i}>` }),
    ),
  );

  it("counts every suite and the whole before writing any testcase, as the parsed XML does", () => {
    const pieces = [...junitPieces(many)];
    expect(pieces[0]).toContain('<testsuites name="blendcheck" tests="400" failures="200" errors="0">');
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "testsuite" || name === "testcase" }).parse(
      pieces.join(""),
    );
    const suites = parsed.testsuites.testsuite as { "@_tests": string; "@_failures": string; "@_skipped": string; testcase: unknown[] }[];
    expect(suites).toHaveLength(9);
    for (const suite of suites) {
      const cases = suite.testcase as Record<string, unknown>[];
      expect(Number(suite["@_tests"])).toBe(cases.length);
      expect(Number(suite["@_failures"])).toBe(cases.filter((c) => c.failure !== undefined).length);
      expect(Number(suite["@_skipped"])).toBe(cases.filter((c) => c.skipped !== undefined).length);
    }
  });

  it("makes one testcase at a time: no piece holds more than one", () => {
    const pieces = [...junitPieces(many)];
    expect(pieces.length).toBeGreaterThan(400);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(400);
  });

  it("is what the CLI writes for --format junit, in pieces, the same text as renderJunit", () => {
    const content = renderEach(many)("junit");
    expect(typeof content).not.toBe("string");
    expect([...content].join("")).toBe(renderJunit(many));
  });
});

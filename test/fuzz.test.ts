import fc from "fast-check";
import { XMLValidator } from "fast-xml-parser";
import { dump } from "js-yaml";
import { describe, expect, it } from "vitest";
import { type CelMap, compileCondition, toCelValue } from "../src/engine/cel.js";
import { extractArtifacts } from "../src/extract/index.js";
import { loadDocuments } from "../src/load/documents.js";
import { serviceIndex } from "../src/load/inputs.js";
import { parseYaml } from "../src/load/yaml.js";
import type { Assessment, Finding } from "../src/model/assessment.js";
import { FORMATS, type Format, render } from "../src/report/render.js";
import { sampleAssessment, sampleFinding } from "./gate-sample.js";
import { parseAssessmentJson } from "./helpers/assessment-json.js";

/**
 * Generated inputs through every loader: none may throw, whatever the bytes. `npm run fuzz` sets
 * FUZZ_RUNS=100000 and allows each property 20 minutes instead of the suite's one; the normal
 * test run uses a small count.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
// Three properties generate inputs; together they run at least RUNS of them.
const perProperty = Math.max(1, Math.ceil(RUNS / 3));

const index = serviceIndex([
  {
    apiVersion: "blendcheck/v1",
    kind: "ServiceProfile",
    metadata: { name: "nova-compute", project: "nova", aliases: ["compute"] },
    spec: { role: "agent", evidence: [] },
  },
  {
    apiVersion: "blendcheck/v1",
    kind: "ServiceProfile",
    metadata: { name: "keystone-api", project: "keystone" },
    spec: { role: "api", evidence: [] },
  },
]);

const yamlish = fc.oneof(
  fc.string({ unit: "binary", maxLength: 400 }),
  fc.jsonValue({ maxDepth: 6 }).map((v) => dump(v, { noRefs: true })),
  fc
    .record({
      apiVersion: fc.constantFrom("blendcheck/v1", "apps/v1", "v1", "policy/v1"),
      kind: fc.constantFrom(
        "ServiceProfile",
        "Rule",
        "Placement",
        "RuleTest",
        "Policy",
        "Deployment",
        "DaemonSet",
        "StatefulSet",
        "List",
        "Pod",
        "CronJob",
      ),
      metadata: fc.dictionary(fc.constantFrom("name", "project", "labels", "__proto__", "constructor"), fc.jsonValue({ maxDepth: 3 })),
      spec: fc.jsonValue({ maxDepth: 5 }),
      id: fc.string(),
      when: fc.string(),
      fails: fc.string(),
    })
    .map((v) => dump(v, { noRefs: true })),
);

const iniish = fc
  .array(
    fc.oneof(
      fc.constantFrom("[DEFAULT]", "[database]", "[oslo_messaging_rabbit]", "[vnc]", "  continued", "", "# comment", "; comment"),
      fc
        .tuple(
          fc.constantFrom("host", "my_ip", "transport_url", "connection", "graceful_shutdown_timeout", "use_stderr", "workers", "x"),
          fc.constantFrom(" = ", ":", "="),
          fc.string({ maxLength: 60 }),
        )
        .map(([k, s, v]) => `${k}${s}${v}`),
      fc.string({ unit: "binary", maxLength: 60 }),
    ),
    { maxLength: 30 },
  )
  .map((lines) => lines.join("\n"));

describe(`loaders under ${RUNS} generated inputs`, () => {
  it("parseYaml never throws, with either schema", () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        parseYaml(text, "fuzz.yaml", "core");
        parseYaml(text, "fuzz.yaml", "yaml11");
      }),
      { numRuns: perProperty },
    );
  });

  it("loadDocuments never throws and reports problems with positions", () => {
    fc.assert(
      fc.property(yamlish, (body) => {
        const loaded = loadDocuments([{ file: "fuzz.yaml", text: `apiVersion: blendcheck/v1\n${body}` }]);
        for (const problem of loaded.problems) {
          expect(problem.line).toBeGreaterThanOrEqual(0);
          expect(problem.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: perProperty },
    );
  });

  it("the artifact readers never throw on manifests, compose files or INI text", () => {
    fc.assert(
      fc.property(yamlish, iniish, (yamlText, iniText) => {
        const result = extractArtifacts(
          [
            { file: "fuzz/manifest.yaml", text: yamlText },
            { file: "fuzz/nova.conf", text: iniText },
            { file: "fuzz/docker-compose.yml", text: yamlText },
          ],
          index,
        );
        expect(Array.isArray(result.facts)).toBe(true);
      }),
      { numRuns: perProperty },
    );
  });

  it("no generated input changes Object.prototype", () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});

/**
 * The longest INI line generated: near the input size limit under `npm run fuzz`, where a
 * quadratic scan would take minutes; short enough for the normal run either way.
 */
const LONG_LINE = RUNS > 1000 ? 200_000 : 4_000;

const longIniLine = fc
  .tuple(
    fc.constantFrom("host", "my_ip", "transport_url", "x"),
    fc.constantFrom(" = ", "=", ": "),
    fc.constantFrom(" ", "\t", "a", "=", "[", "]", "\\", '"'),
    fc.integer({ min: 1, max: LONG_LINE }),
    fc.constantFrom("", "x", " ", "\r"),
  )
  .map(([key, separator, unit, count, end]) => `[DEFAULT]\n${key}${separator}${unit.repeat(count)}${end}\n[${unit.repeat(count)}\n`);

describe(`long INI lines under ${RUNS} runs`, () => {
  it("are read in time linear in their length", () => {
    fc.assert(
      fc.property(longIniLine, (text) => {
        const started = performance.now();
        extractArtifacts([{ file: "fuzz/nova.conf", text }], index);
        // Generous for a loaded machine, far below what a quadratic scan of LONG_LINE takes.
        expect(performance.now() - started).toBeLessThan(3000);
      }),
      { numRuns: Math.max(5, Math.ceil(perProperty / 20)) },
    );
  });
});

const hostileText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.constantFrom(
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "::error::forged",
    "\u001b]0;x\u0007",
    "$' $& $$",
    "@octocat",
    "]]>",
    "|`*_",
  ),
);

const arbitraryFinding: fc.Arbitrary<Finding> = fc
  .record({
    rule: fc.oneof(fc.constantFrom("ip-movement/identity-from-hostname", "termination/grace"), hostileText),
    service: fc.oneof(fc.constantFrom("demo-worker", "nova-compute"), hostileText),
    placement: fc.constantFrom("k8s-scheduled", "swarm", "poci"),
    status: fc.constantFrom("pass", "fail", "unknown", "not-applicable", "waived"),
    severity: fc.constantFrom("critical", "high", "medium", "low", "info"),
    message: hostileText,
    file: hostileText,
    line: fc.integer({ min: 0, max: 1_000_000 }),
    column: fc.integer({ min: 0, max: 10_000 }),
  })
  .map(({ file, line, column, status, ...rest }) =>
    sampleFinding({
      ...rest,
      status,
      locations: [{ file, line, column }],
      ...(status === "waived" ? { waiver: { reason: rest.message, owner: rest.service, expires: "2030-01-01" } } : {}),
    }),
  );

describe(`every reporter under ${RUNS} generated assessments`, () => {
  it("renders every format without throwing, JSON and SARIF as JSON, JUnit as XML, annotations one per line", () => {
    fc.assert(
      fc.property(fc.array(arbitraryFinding, { maxLength: 8 }), (findings) => {
        const assessment: Assessment = sampleAssessment(findings);
        for (const format of Object.keys(FORMATS) as Format[]) {
          const output = render(format, assessment);
          expect(typeof output).toBe("string");
          if (format === "json") expect(parseAssessmentJson(output)).toEqual(JSON.parse(JSON.stringify(assessment)));
          if (format === "sarif") expect(() => JSON.parse(output)).not.toThrow();
          if (format === "junit") expect(XMLValidator.validate(output)).toBe(true);
          if (format === "github") {
            const lines = output.split("\n").filter((l) => l !== "");
            expect(lines).toHaveLength(findings.filter((f) => f.status === "fail").length);
            for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) /);
          }
        }
      }),
      { numRuns: Math.max(5, Math.ceil(perProperty / 10)) },
    );
  });
});

const celPath = fc.constantFrom("service.name", "service.xs", "service.n", "service.nested.deep", "placement.grace", "x", "y");
const celAtom = fc.oneof(
  celPath,
  fc.integer({ min: -5, max: 5 }).map(String),
  fc.string({ maxLength: 12 }).map((t) => JSON.stringify(t)),
  fc.constantFrom("true", "false", "null", "[1, 2, 3]", '{"a": 1}', "(a+)+$", "^(a|a)*$"),
);
const celExpression: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    celAtom,
    fc
      .tuple(tie("expr"), fc.constantFrom("==", "!=", "<", ">=", "&&", "||", "+", "-", "*", "/", "%", "in"), tie("expr"))
      .map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie("expr"), tie("expr")).map(([a, b]) => `${a}.matches(${b})`),
    fc
      .tuple(celPath, fc.constantFrom("all", "exists", "exists_one", "filter", "map"), fc.constantFrom("x", "y"), tie("expr"))
      .map(([list, macro, variable, body]) => `${list}.${macro}(${variable}, ${body})`),
    fc.tuple(tie("expr")).map(([a]) => `!${a}`),
    fc.tuple(tie("expr")).map(([a]) => `has(${a})`),
    fc.tuple(tie("expr")).map(([a]) => `size(${a})`),
    fc.string({ unit: "binary", maxLength: 40 }),
  ),
})).expr;

const celContext = fc
  .record({
    name: fc.string({ maxLength: 2000 }),
    xs: fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 20 })), { maxLength: 200 }),
    n: fc.integer(),
    nested: fc.jsonValue({ maxDepth: 4 }),
  })
  .map((service) => ({ service: toCelValue(service) as CelMap, placement: toCelValue({ grace: 30 }) as CelMap }));

describe(`user rules under ${RUNS} generated conditions`, () => {
  it("compile or fail with a column, and evaluate to a result within the budget, never throwing", () => {
    fc.assert(
      fc.property(celExpression, celContext, (source, context) => {
        const compiled = compileCondition(source);
        if (!compiled.ok) {
          expect(compiled.column).toBeGreaterThanOrEqual(1);
          return;
        }
        const started = performance.now();
        const result = compiled.condition.evaluate(context);
        expect(["value", "missing", "error"]).toContain(result.kind);
        expect(performance.now() - started).toBeLessThan(3000);
      }),
      { numRuns: perProperty },
    );
  });
});

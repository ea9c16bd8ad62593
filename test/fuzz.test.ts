import fc from "fast-check";
import { dump } from "js-yaml";
import { describe, expect, it } from "vitest";
import { extractArtifacts } from "../src/extract/index.js";
import { loadDocuments } from "../src/load/documents.js";
import { serviceIndex } from "../src/load/inputs.js";
import { parseYaml } from "../src/load/yaml.js";

/**
 * Generated inputs through every loader: none may throw, whatever the bytes. `npm run fuzz` sets
 * FUZZ_RUNS=100000; the normal test run uses a small count.
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

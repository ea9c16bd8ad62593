import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractArtifacts, type ServiceIndex } from "../src/extract/index.js";
import { parseYaml } from "../src/load/yaml.js";
import { tempDir } from "./helpers/cli.js";
import { runCliInProcess } from "./helpers/cli-in-process.js";

const DIR = "fixtures/artifacts/lenient";
const fixture = (name: string) => ({ file: `${DIR}/${name}`, text: readFileSync(`${DIR}/${name}`, "utf8") });
const index: ServiceIndex = {
  names: new Map([
    ["heat-engine", "heat-engine"],
    ["glance-api", "glance-api"],
  ]),
  byProject: new Map([
    ["heat", ["heat-engine"]],
    ["glance", ["glance-api"]],
  ]),
};

describe("YAML read as Kubernetes reads it", () => {
  it("accepts a quoted scalar in a flow sequence indented less than its key, with a warning per line", () => {
    const { file, text } = fixture("heat-engine-flow-indent.yaml");
    const parsed = parseYaml(text, file, "yaml11", { lenient: true });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.warnings.map((w) => [w.line, w.severity, w.code])).toEqual([
      [21, "warning", "yaml-indentation"],
      [22, "warning", "yaml-indentation"],
    ]);
    const deployment = parsed.documents[0]?.value as { spec: { template: { spec: { containers: { command: string[] }[] } } } };
    expect(deployment.spec.template.spec.containers[0]?.command).toEqual([
      "/bin/bash",
      "-c",
      "exec heat-engine --config-file /etc/heat/heat.conf",
    ]);
  });

  it("keeps rejecting the same text without leniency, and rejects what no YAML parser reads", () => {
    const { file, text } = fixture("heat-engine-flow-indent.yaml");
    expect(parseYaml(text, file, "yaml11").ok).toBe(false);
    const broken = fixture("unparseable.yaml");
    expect(parseYaml(broken.text, broken.file, "yaml11", { lenient: true }).ok).toBe(false);
  });

  it("reads the workload of the accepted file, citing lines of the original text", () => {
    const result = extractArtifacts([fixture("heat-engine-flow-indent.yaml")], index);
    expect(result.skipped).toEqual([]);
    expect(result.facts.map((f) => f.service)).toEqual(["heat-engine"]);
    expect(result.facts[0]?.locations["deployment.replicas"]).toMatchObject({ line: 8 });
    expect(result.problems).toEqual([
      expect.objectContaining({ line: 21, severity: "warning" }),
      expect.objectContaining({ line: 22, severity: "warning" }),
    ]);
  });
});

describe("one bad file among good ones", () => {
  it("skips the file that cannot be parsed and reads the others", () => {
    const result = extractArtifacts([fixture("glance-api.yaml"), fixture("unparseable.yaml")], index);
    expect(result.facts.map((f) => f.service)).toEqual(["glance-api"]);
    expect(result.skipped).toEqual([`${DIR}/unparseable.yaml`]);
    expect(result.problems).toEqual([expect.objectContaining({ file: `${DIR}/unparseable.yaml`, severity: "error", code: "yaml-syntax" })]);
    expect(result.unrecognized).toEqual([
      expect.objectContaining({ file: `${DIR}/unparseable.yaml`, kind: "file", reason: expect.stringMatching(/^skipped: /) }),
    ]);
  });

  it("assesses the rest, writes the report naming the skipped file, and exits 2; --strict assesses nothing", async () => {
    const out = tempDir();
    const run = await runCliInProcess(["assess", DIR, "--format", "json", "--out", out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${DIR}/unparseable.yaml:6:1 error yaml-syntax`);
    expect(run.stderr).toContain(`${DIR}/heat-engine-flow-indent.yaml:21:1 warning yaml-indentation`);
    const json = JSON.parse(readFileSync(join(out, "blendcheck.json"), "utf8"));
    expect(json.services.map((s: { name: string }) => s.name)).toEqual(["glance-api", "heat-engine"]);
    expect(json.unrecognized).toContainEqual(expect.objectContaining({ file: `${DIR}/unparseable.yaml`, kind: "file" }));
    expect(json.problems).toContainEqual(expect.objectContaining({ file: `${DIR}/unparseable.yaml`, code: "yaml-syntax" }));

    const strictOut = tempDir();
    const strict = await runCliInProcess(["assess", DIR, "--strict", "--format", "json", "--out", strictOut]);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain("nothing was assessed");
    expect(() => readFileSync(join(strictOut, "blendcheck.json"))).toThrow();
  });

  it("never falls back to the built-in catalog when every file given was skipped", async () => {
    const out = tempDir();
    const run = await runCliInProcess(["assess", `${DIR}/unparseable.yaml`, "--format", "json", "--out", out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("nothing was assessed");
    expect(() => readFileSync(join(out, "blendcheck.json"))).toThrow();
  });
});

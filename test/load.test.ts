import { describe, expect, it } from "vitest";
import { loadDocuments } from "../src/load/documents.js";
import { type LoadOptions, loadInputs } from "../src/load/inputs.js";
import { formatProblem } from "../src/load/problem.js";
import { locatePath, parseYaml } from "../src/load/yaml.js";

const profile = (body: string) => ({ file: "svc.yaml", text: `apiVersion: blendcheck/v1\nkind: ServiceProfile\n${body}` });

describe("parseYaml", () => {
  it("reads YAML 1.1 booleans the way Kubernetes does", () => {
    const result = parseYaml("privileged: yes\n", "pod.yaml", "yaml11");
    expect(result.ok && result.documents[0]?.value).toEqual({ privileged: true });
    const core = parseYaml("privileged: yes\n", "pod.yaml", "core");
    expect(core.ok && core.documents[0]?.value).toEqual({ privileged: "yes" });
  });

  it("reports a syntax error with its line and column", () => {
    const result = parseYaml("a: 1\nb: [1, 2\n", "bad.yaml");
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.code).toBe("yaml-syntax");
      expect(result.problem.line).toBeGreaterThanOrEqual(2);
    }
  });

  it("rejects an alias bomb by its expanded size", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]`);
    }
    const result = parseYaml(`${levels.join("\n")}\n`, "bomb.yaml");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.code).toBe("yaml-too-large");
  });

  it("keeps document indexes when empty documents are dropped", () => {
    const result = parseYaml("---\n---\na: 1\n", "multi.yaml");
    expect(result.ok && result.documents.map((d) => d.index)).toEqual([1]);
  });
});

describe("locatePath", () => {
  const text = "a: 1\nb:\n  - x\n  - c: 'q'\n---\nz: 2\n";
  it("finds nested values", () => {
    expect(locatePath(text, 0, ["b", 1, "c"])).toEqual({ line: 4, column: 9 });
    expect(locatePath(text, 1, ["z"])).toEqual({ line: 6, column: 4 });
  });
  it("falls back to the nearest existing parent", () => {
    expect(locatePath(text, 0, ["b", 1, "missing"])).toEqual({ line: 4, column: 5 });
  });
});

describe("loadDocuments", () => {
  it("reports every problem of every file with file:line:col, code, path and expected/got", () => {
    const wrongType = profile(
      "metadata:\n  name: demo\n  project: demo\nspec:\n  role: api\n  process:\n    startSeconds: soon\n  evidence: []\n",
    );
    const badRule = {
      file: "rules/termination/broken.yaml",
      text: [
        "apiVersion: blendcheck/v1",
        "kind: Rule",
        "id: termination/broken",
        "title: Broken",
        "dimension: termination",
        "severity: low",
        "trigger: restart",
        "when: service.process.sigterm ==",
        "fails: 'true'",
        "message: m",
        "rationale: It is broken.",
        "remediation: Fix it.",
        "effort: 1",
        "references: [{title: t, url: 'https://kubernetes.io/'}]",
        "",
      ].join("\n"),
    };
    const loaded = loadDocuments([wrongType, badRule]);
    const lines = loaded.problems.map(formatProblem);
    expect(lines).toContain('svc.yaml:9:19 error invalid-type spec.process.startSeconds: expected number, got string "soon"');
    const cel = loaded.problems.find((p) => p.code === "cel-syntax");
    expect(cel).toMatchObject({ file: "rules/termination/broken.yaml", line: 8, path: "when" });
    expect(cel?.column).toBeGreaterThan(6);
    expect(loaded.profiles).toHaveLength(0);
    expect(loaded.rules).toHaveLength(0);
  });

  it("points an unknown key at the key itself", () => {
    const loaded = loadDocuments([
      profile("metadata:\n  name: demo\n  project: demo\n  colour: blue\nspec:\n  role: api\n  evidence: []\n"),
    ]);
    expect(loaded.problems.map(formatProblem)).toEqual([
      'svc.yaml:6:3 error unknown-key metadata.colour: expected no key "colour" here (known keys are listed in the JSON Schema), got one',
    ]);
  });

  it("never lets a __proto__ key reach a prototype", () => {
    const loaded = loadDocuments([
      profile("metadata:\n  name: demo\n  project: demo\n  __proto__: {polluted: yes}\nspec:\n  role: api\n  evidence: []\n"),
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(loaded.problems.some((p) => p.path.includes("__proto__"))).toBe(true);
  });

  it("treats files without a blendcheck apiVersion as artifacts", () => {
    const loaded = loadDocuments([{ file: "deploy.yaml", text: "apiVersion: apps/v1\nkind: Deployment\n" }]);
    expect(loaded.artifacts.map((a) => a.file)).toEqual(["deploy.yaml"]);
    expect(loaded.problems).toEqual([]);
  });

  it("requires a rule's path to mirror its id", () => {
    const text = [
      "apiVersion: blendcheck/v1",
      "kind: Rule",
      "id: termination/right-name",
      "title: T",
      "dimension: termination",
      "severity: low",
      "trigger: restart",
      "fails: 'false'",
      "message: m",
      "rationale: It matters.",
      "remediation: Do it.",
      "effort: 1",
      "references: [{title: t, url: 'https://kubernetes.io/'}]",
      "",
    ].join("\n");
    const loaded = loadDocuments([{ file: "rules/termination/wrong-name.yaml", text }]);
    expect(loaded.problems.map((p) => p.code)).toEqual(["rule-path-mismatch"]);
  });
});

describe("loadInputs called from JavaScript with what is not its options", () => {
  const call = (options: unknown) => () => loadInputs(options as LoadOptions);

  it("says which option is wrong, and what it got, before reading anything", () => {
    expect(call(["deploy"])).toThrow(new TypeError("expected loadInputs({ paths, cwd }) with an options object, got an array"));
    expect(call(undefined)).toThrow(new TypeError("expected loadInputs({ paths, cwd }) with an options object, got undefined"));
    expect(call({ paths: "deploy", cwd: "." })).toThrow(
      new TypeError("expected the paths option of loadInputs to be an array of strings, got string"),
    );
    expect(call({ paths: ["deploy", undefined], cwd: "." })).toThrow(
      new TypeError("expected the paths option of loadInputs to be an array of strings, got an array holding undefined"),
    );
    expect(call({ paths: ["deploy"] })).toThrow(new TypeError("expected the cwd option of loadInputs to be a string, got undefined"));
  });

  it("reads options that are its options", () => {
    expect(loadInputs({ paths: [], cwd: process.cwd() }).profiles.length).toBeGreaterThan(50);
  });
});

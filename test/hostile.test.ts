import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDocuments } from "../src/load/documents.js";
import { listFiles, MAX_FILE_BYTES, readInputFile } from "../src/load/files.js";
import { parseYaml } from "../src/load/yaml.js";
import { runCli, tempDir } from "./helpers/cli.js";

const HOSTILE_NAME = "x<script>alert(1)</script>";
const HOSTILE_TEXT = '"><img src=x onerror=alert(1)>';

/** A valid profile whose free-text fields carry hostile strings. */
function hostileProfile(): string {
  return [
    "apiVersion: blendcheck/v1",
    "kind: ServiceProfile",
    "metadata:",
    "  name: hostile-svc",
    "  project: hostile",
    `  description: ${JSON.stringify(HOSTILE_NAME)}`,
    "spec:",
    "  role: api",
    `  variant: ${JSON.stringify(HOSTILE_TEXT)}`,
    "  identity:",
    "    source: hostname",
    `    keyedBy: ${JSON.stringify(HOSTILE_NAME)}`,
    "  evidence:",
    "    - fact: identity",
    `      claim: ${JSON.stringify(HOSTILE_TEXT)}`,
    "      source: https://example.org/<script>",
    "",
  ].join("\n");
}

describe("hostile files", () => {
  it("refuses a file over the size limit without reading it whole", () => {
    const dir = tempDir();
    const file = join(dir, "huge.yaml");
    writeFileSync(file, Buffer.alloc(MAX_FILE_BYTES + 1, 0x61));
    const result = readInputFile(file, dir);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.code).toBe("file-too-large");
  });

  it("refuses invalid UTF-8 and binary content", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "latin1.yaml"), Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
    writeFileSync(join(dir, "binary.yaml"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]));
    const latin1 = readInputFile(join(dir, "latin1.yaml"), dir);
    const binary = readInputFile(join(dir, "binary.yaml"), dir);
    expect(!latin1.ok && latin1.problem.code).toBe("invalid-utf8");
    expect(!binary.ok && binary.problem.code).toBe("binary-file");
  });

  it("refuses nesting deeper than the limit", () => {
    const deep = `${"[".repeat(500)}${"]".repeat(500)}\n`;
    const result = parseYaml(deep, "deep.yaml");
    expect(result.ok).toBe(false);
  });

  it("does not follow a symbolic link out of the input tree", () => {
    const outside = tempDir();
    writeFileSync(join(outside, "secret.yaml"), "apiVersion: blendcheck/v1\n");
    const inside = tempDir();
    mkdirSync(join(inside, "in"));
    symlinkSync(join(outside, "secret.yaml"), join(inside, "in", "link.yaml"));
    writeFileSync(join(inside, "in", "ok.yaml"), "a: 1\n");
    const listed = listFiles(["in"], inside);
    expect(listed.files.map((f) => f.split("/").at(-1))).toEqual(["ok.yaml"]);
    expect(listed.problems.map((p) => p.code)).toEqual(["link-outside-input"]);
  });

  it("rejects __proto__ and constructor keys and leaves prototypes alone", () => {
    const text =
      "apiVersion: blendcheck/v1\nkind: ServiceProfile\nmetadata:\n  name: p\n  project: p\nspec:\n  role: api\n  constructor: {prototype: {polluted: 1}}\n  evidence: []\n  __proto__: {polluted: 1}\n";
    const loaded = loadDocuments([{ file: "p.yaml", text }]);
    expect(loaded.profiles).toEqual([]);
    expect(loaded.problems.map((p) => p.path).sort()).toEqual(["spec.__proto__", "spec.constructor"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("exits 2 on an alias bomb instead of expanding it", () => {
    const dir = tempDir();
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(", ")}]`,
      );
    writeFileSync(join(dir, "bomb.yaml"), `apiVersion: blendcheck/v1\nkind: ServiceProfile\n${levels.join("\n")}\n`);
    const result = runCli(["validate", "bomb.yaml"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("yaml-too-large");
  });
});

describe("hostile strings in reports", () => {
  it("renders them as text in HTML and Markdown", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "hostile.yaml"), hostileProfile());
    const out = join(dir, "out");
    const result = runCli(["assess", "hostile.yaml", "--out", out, "--format", "html,md,json"], { cwd: dir });
    expect(result.code).toBe(0);
    const html = readFileSync(join(out, "blendcheck.html"), "utf8");
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    const md = readFileSync(join(out, "blendcheck.md"), "utf8");
    expect(md).not.toContain("<script>");
    expect(md).not.toContain("<img");
  });
});

describe("template placeholders in manifests", () => {
  it("reports an unquoted Helm placeholder as a YAML problem with its position, not a crash", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "api.yaml"),
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: keystone-api\nspec:\n  replicas: {{ .Values.replicas }}\n",
    );
    const result = runCli(["assess", "api.yaml", "--out", join(dir, "out")], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/api\.yaml:6:\d+ error yaml-syntax/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("keeps a quoted placeholder as an opaque string and never evaluates it", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "api.yaml"),
      [
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        "  name: keystone-api",
        "  labels: {application: keystone, component: api}",
        "spec:",
        "  selector: {matchLabels: {application: keystone, component: api}}",
        "  template:",
        "    metadata: {labels: {application: keystone, component: api}}",
        "    spec:",
        '      terminationGracePeriodSeconds: "{{ .Values.grace }}"',
        "      containers:",
        '        - {name: api, image: "{{ .Values.image }}", command: ["{{ range $x := .Values.cmd }}{{ $x }}{{ end }}"]}',
        "",
      ].join("\n"),
    );
    const out = join(dir, "out");
    const result = runCli(["assess", "api.yaml", "--out", out, "--format", "json"], { cwd: dir });
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(0);
    const json = JSON.parse(readFileSync(join(out, "blendcheck.json"), "utf8"));
    expect(json.services.map((s: { name: string }) => s.name)).toEqual(["keystone-api"]);
  });
});

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadInputs } from "../src/load/inputs.js";
import { parseYaml } from "../src/load/yaml.js";
import { tempDir } from "./helpers/cli.js";
import { runCliInProcess } from "./helpers/cli-in-process.js";
import { keystoneDeployment } from "./helpers/manifests.js";

const DEPLOYMENT = keystoneDeployment({ name: "keystone-api", replicas: "REPLICAS", image: "docker.io/openstackhelm/keystone:2024.1" });

describe("numbers JSON cannot hold (.inf, .nan)", () => {
  it.each([
    ["core", "a: 1\nb:\n  c: .inf\n", "b.c", ".inf", 3, 6],
    ["core", "- x\n- -.Inf\n", "1", "-.Inf", 2, 3],
    ["core", "- .inf\n- x\n", "0", ".inf", 1, 3],
    ["core", "a:\n  - {}\n  - b: [x, 1]\n    c: -.inf\n", "a.1.c", "-.inf", 4, 8],
    ["core", "n: .NaN\n", "n", ".NaN", 1, 4],
    ["yaml11", "a: ok\n---\nlist: [1, .nan]\n", "list.1", ".nan", 3, 11],
  ] as const)("are a problem at their line and column (%s: %j)", (schema, text, path, written, line, column) => {
    const parsed = parseYaml(text, "f.yaml", schema);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problem).toEqual({
      file: "f.yaml",
      line,
      column,
      severity: "error",
      code: "yaml-non-finite-number",
      path,
      message: `expected a finite number, got ${written}; JSON has no value for it, so Kubernetes and blendcheck's reports cannot carry it`,
    });
  });

  it("leave finite numbers alone, and strings that merely look like them (js-yaml keeps an overflowing number a string)", () => {
    const huge = `1${"0".repeat(400)}`;
    const text = `a: 1.5e+300\nb: ".inf"\nc: inf\nd: NaN\ne: 1.0e+999\nf: ${huge}\n`;
    for (const schema of ["core", "yaml11"] as const) {
      const parsed = parseYaml(text, "f.yaml", schema);
      expect(parsed.ok && parsed.documents[0]?.value).toEqual({ a: 1.5e300, b: ".inf", c: "inf", d: "NaN", e: "1.0e+999", f: huge });
    }
  });

  it("in a manifest, stop the file from being read and never reach the JSON report as null", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "keystone.yaml"), DEPLOYMENT.replace("REPLICAS", ".inf"));
    writeFileSync(
      join(dir, "keystone-2.yaml"),
      DEPLOYMENT.replace("REPLICAS", ".nan").replace("name: keystone-api\n  labels", "name: keystone-2\n  labels"),
    );
    writeFileSync(
      join(dir, "keystone-3.yaml"),
      DEPLOYMENT.replace("REPLICAS", "3").replace("name: keystone-api\n  labels", "name: keystone-3\n  labels"),
    );
    const run = await runCliInProcess(["assess", ".", "--format", "json", "--out", "out"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("keystone.yaml:7:13 error yaml-non-finite-number spec.replicas: expected a finite number, got .inf;");
    expect(run.stderr).toContain("keystone-2.yaml:7:13 error yaml-non-finite-number spec.replicas: expected a finite number, got .nan;");
    // The files that hold them are skipped; the others are still assessed and written.
    const written = readFileSync(join(dir, "out", "blendcheck.json"), "utf8");
    expect(written).toContain('"replicas":3');
    expect(written).not.toMatch(/"replicas": ?null/);
  });
});

describe("an oslo.config integer beyond what a double holds", () => {
  it("is not a number fact, rather than Infinity (which JSON writes as null)", () => {
    const dir = tempDir();
    const huge = `1${"0".repeat(400)}`;
    writeFileSync(join(dir, "nova.conf"), `[DEFAULT]\nhost = compute-1\ngraceful_shutdown_timeout = ${huge}\n[libvirt]\nvirt_type = kvm\n`);
    const inputs = loadInputs({ paths: [dir], cwd: dir });
    const nova = inputs.extracted.facts.filter((f) => f.oslo !== undefined);
    expect(nova.length).toBeGreaterThan(0);
    for (const facts of nova) {
      expect(facts.oslo?.host).toBe("compute-1");
      expect(facts.oslo).not.toHaveProperty("gracefulShutdownTimeout");
    }
    writeFileSync(
      join(dir, "nova.conf"),
      "[DEFAULT]\nhost = compute-1\ngraceful_shutdown_timeout = 9007199254740991\n[libvirt]\nvirt_type = kvm\n",
    );
    const largest = loadInputs({ paths: [dir], cwd: dir }).extracted.facts.filter((f) => f.oslo !== undefined);
    expect(largest.map((f) => f.oslo?.gracefulShutdownTimeout)).toContain(Number.MAX_SAFE_INTEGER);
  });
});

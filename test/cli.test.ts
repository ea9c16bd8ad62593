import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { runCli, tempDir } from "./helpers/cli.js";
import { runCliInProcess } from "./helpers/cli-in-process.js";

describe("blendcheck assess", () => {
  it("writes HTML, Markdown and JSON for the built-in catalog, byte-identical on a second run", async () => {
    // The built CLI's run, shared by the suite; the second run is the source's, in-process, so the
    // bundle (with its precompiled templates) and the source must also agree byte for byte.
    const a = inject("catalogRun");
    const first = a.out;
    const second = tempDir();
    expect(a.stderr).not.toMatch(/error/i);
    expect(a.code).toBe(0);
    const b = await runCliInProcess(["assess", "--out", second], { env: { SOURCE_DATE_EPOCH: "" } });
    expect(b.code).toBe(0);
    for (const name of ["openstack.html", "openstack.md", "openstack.json"]) {
      const left = readFileSync(join(first, name));
      expect(left.length).toBeGreaterThan(100);
      expect(left.equals(readFileSync(join(second, name)))).toBe(true);
    }
    const json = JSON.parse(readFileSync(join(first, "openstack.json"), "utf8"));
    expect(json.schemaVersion).toBeTypeOf("string");
    expect(json.generatedAt).toBeNull();
    expect(json.services.length).toBeGreaterThan(0);
  });

  it("takes its timestamp only from SOURCE_DATE_EPOCH", async () => {
    const out = tempDir();
    const args = ["assess", "--service", "keystone-api", "--out", out, "--format", "json"];
    expect((await runCliInProcess(args, { env: { SOURCE_DATE_EPOCH: "1700000000" } })).code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, "openstack.json"), "utf8")).generatedAt).toBe("2023-11-14T22:13:20.000Z");
  });

  it("exits 2 on a path that does not exist", async () => {
    const result = await runCliInProcess(["assess", "no/such/dir", "--out", tempDir()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no/such/dir:0:0 error not-found");
  });

  it("exits 2 on an unknown format or a report name that leaves --out", async () => {
    expect((await runCliInProcess(["assess", "--format", "pdf", "--out", tempDir()])).code).toBe(2);
    const escaping = await runCliInProcess(["assess", "--service", "keystone-api", "--name", "../escaped", "--out", tempDir()]);
    expect(escaping.code).toBe(2);
    expect(escaping.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 on an unknown command", () => {
    expect(runCli(["frobnicate"]).code).toBe(2);
  });
});

describe("blendcheck validate", () => {
  it("lists a wrong type and broken CEL with file:line:col and exits 2, with no stack trace", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "termination"));
    writeFileSync(
      join(dir, "svc.yaml"),
      "apiVersion: blendcheck/v1\nkind: ServiceProfile\nmetadata:\n  name: demo\n  project: demo\nspec:\n  role: api\n  process:\n    shutdownSeconds: forever\n  evidence: []\n",
    );
    writeFileSync(
      join(dir, "termination", "broken.yaml"),
      [
        "apiVersion: blendcheck/v1",
        "kind: Rule",
        "id: termination/broken",
        "title: Broken",
        "dimension: termination",
        "severity: low",
        "trigger: restart",
        "when: 'true'",
        "fails: service.process.shutdownSeconds >",
        "message: m",
        "rationale: It is broken.",
        "remediation: Fix it.",
        "effort: 1",
        "references: [{title: t, url: 'https://kubernetes.io/'}]",
        "",
      ].join("\n"),
    );
    const result = await runCliInProcess(["validate", "svc.yaml", "termination"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('svc.yaml:9:22 error invalid-type spec.process.shutdownSeconds: expected number, got string "forever"');
    expect(result.stdout).toMatch(/termination\/broken\.yaml:9:\d+ error cel-syntax fails: expected a valid CEL condition/);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/\n\s+at /);
  });

  it("accepts the built-in catalog", async () => {
    const result = await runCliInProcess(["validate"]);
    expect(result.stdout).toMatch(/valid/);
    expect(result.code).toBe(0);
  });
});

import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { shownPath, tempDir } from "./helpers/cli.js";
import { runCliInProcess } from "./helpers/cli-in-process.js";

const RULE = `apiVersion: blendcheck/v1
kind: Rule
id: custom/sigterm-heard
title: SIGTERM is not ignored
dimension: termination
severity: medium
trigger: restart
fails: FAILS
message: "{{service.name}} ignores SIGTERM under {{placement.title}}"
rationale: A process that ignores SIGTERM is killed without cleanup when the grace period ends.
remediation: Handle SIGTERM by draining work and exiting.
effort: 2
references:
  - title: Pod termination
    url: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination
`;

const CASES = {
  pass: `  - name: a graceful service passes
    placement: k8s-scheduled
    service: { name: demo, process: { sigterm: graceful } }
    expect: pass
`,
  fail: `  - name: an ignoring service fails
    placement: poci
    service: { name: demo, process: { sigterm: ignored } }
    expect: fail
`,
  wrong: `  - name: this case is deliberately wrong
    placement: k8s-scheduled
    service: { name: demo, process: { sigterm: ignored } }
    expect: pass
`,
};

/** Writes a user rule directory with one rule and the given cases; returns the directory. */
function writeRuleDir(options: { fails?: string; cases: (keyof typeof CASES)[] }): string {
  const dir = join(tempDir(), "my-rules");
  mkdirSync(join(dir, "custom"), { recursive: true });
  writeFileSync(join(dir, "custom", "sigterm-heard.yaml"), RULE.replace("FAILS", options.fails ?? `service.process.sigterm == "ignored"`));
  const cases = options.cases.map((c) => CASES[c]).join("");
  writeFileSync(
    join(dir, "custom", "sigterm-heard.test.yaml"),
    `apiVersion: blendcheck/v1\nkind: RuleTest\nrule: custom/sigterm-heard\ncases:\n${cases}`,
  );
  return dir;
}

describe("blendcheck rules test", () => {
  it("passes on the built-in rules", async () => {
    const result = await runCliInProcess(["rules", "test"]);
    expect(result.stdout).not.toMatch(/^FAIL/m);
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it("tests only a user's directory, with the built-in placements, from any working directory", async () => {
    const dir = writeRuleDir({ cases: ["pass", "fail"] });
    for (const [cwd, target] of [
      [undefined, dir],
      [dirname(dir), basename(dir)],
      [dirname(dir), `./${basename(dir)}/`],
    ] as const) {
      const result = await runCliInProcess(["rules", "test", target], cwd ? { cwd } : {});
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain("1 rule(s), 2 case(s) passed, 0 failed");
    }
  });

  it("exits 1 on a wrong case and prints file:line, rule, case, expected and actual", async () => {
    const dir = writeRuleDir({ cases: ["pass", "fail", "wrong"] });
    const result = await runCliInProcess(["rules", "test", dir]);
    expect(result.code, result.stderr).toBe(1);
    const file = join(dir, "custom", "sigterm-heard.test.yaml");
    expect(result.stdout).toContain(
      `FAIL ${shownPath(file)}:13 custom/sigterm-heard "this case is deliberately wrong": expected pass, got fail`,
    );
    expect(result.stdout).toContain("2 case(s) passed, 1 failed");
  });

  it("exits 1 when a rule lacks a failing case", async () => {
    const dir = writeRuleDir({ cases: ["pass", "pass"] });
    const result = await runCliInProcess(["rules", "test", dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("rule custom/sigterm-heard has no fail case");
  });

  it("exits 2 on broken CEL, pointing at file:line:col", async () => {
    const dir = writeRuleDir({ fails: `service.process.sigterm == == "ignored"`, cases: ["pass", "fail"] });
    const result = await runCliInProcess(["rules", "test", dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(`${shownPath(join(dir, "custom", "sigterm-heard.yaml")).replace(/[.]/g, "\\.")}:8:35 error cel-syntax`),
    );
  });

  it("exits 2 when the directory holds no rules", async () => {
    const result = await runCliInProcess(["rules", "test", tempDir()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/expected rules or rule tests in/);
  });
});

describe("blendcheck rules list --placement", () => {
  it("lists the rules with a failing case under that placement", async () => {
    const dir = writeRuleDir({ cases: ["pass", "fail"] });
    const ids = async (placement: string) => {
      const result = await runCliInProcess(["rules", "list", "--rules", dir, "--placement", placement, "--format", "json"]);
      expect(result.code, result.stderr).toBe(0);
      return (JSON.parse(result.stdout) as { id: string }[]).map((r) => r.id);
    };
    expect(await ids("poci")).toContain("custom/sigterm-heard");
    expect(await ids("k8s-scheduled")).not.toContain("custom/sigterm-heard");
  });

  it("exits 2 on an unknown placement", async () => {
    const result = await runCliInProcess(["rules", "list", "--placement", "nowhere"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/expected a placement name .*got "nowhere"/);
  });

  it("prints a text table with a count, filtered by dimension", async () => {
    const dir = writeRuleDir({ cases: ["pass", "fail"] });
    const result = await runCliInProcess(["rules", "list", "--rules", dir, "--dimension", "termination"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^custom\/sigterm-heard\s+termination\s+medium\s+restart\s+SIGTERM is not ignored$/m);
    expect(result.stdout).not.toMatch(/^ip-movement\//m);
    expect(result.stdout).toMatch(/^\d+ rule\(s\)$/m);
  });
});

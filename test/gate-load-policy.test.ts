import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkPolicyPlacements, findPolicyFile, loadPolicyFile, resolvePolicyBaseline } from "../src/gate/load-policy.js";
import { tempDir } from "./helpers/cli.js";

const HEADER = "apiVersion: blendcheck/v1\nkind: Policy\n";

/** A folder holding `policy.yaml` with the given text. */
function policyDir(text: string): string {
  const dir = tempDir("blendcheck-policy-");
  writeFileSync(join(dir, "policy.yaml"), text);
  return dir;
}

function loadOk(text: string) {
  const dir = policyDir(text);
  const loaded = loadPolicyFile("policy.yaml", dir);
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join("; "));
  return { dir, policy: loaded.policy };
}

describe("loadPolicyFile", () => {
  it("loads the one Policy document of a file, with the file named relative to the working directory", () => {
    const { policy } = loadOk(`${HEADER}spec:\n  failOn: critical\n`);
    expect(policy.file).toBe("policy.yaml");
    expect(policy.value.spec.failOn).toBe("critical");
  });

  it("is a problem naming the file when it is missing", () => {
    const loaded = loadPolicyFile("absent.yaml", tempDir("blendcheck-policy-"));
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.problems).toMatchObject([{ file: "absent.yaml", severity: "error" }]);
  });

  it("is a problem at line 1 when the file holds no Policy, or more than one", () => {
    const profile =
      "apiVersion: blendcheck/v1\nkind: ServiceProfile\nmetadata:\n  name: x\n  project: p\n  description: d\nspec:\n  role: worker\n  evidence: []\n";
    for (const [text, count] of [
      [profile, 0],
      [`${HEADER}spec: {}\n---\n${HEADER}spec: {}\n`, 2],
    ] as const) {
      const loaded = loadPolicyFile("policy.yaml", policyDir(text));
      expect(loaded.ok).toBe(false);
      if (!loaded.ok) {
        expect(loaded.problems).toEqual([
          {
            file: "policy.yaml",
            line: 1,
            column: 1,
            severity: "error",
            code: "expected-policy",
            path: "",
            message: `expected exactly one document of kind Policy (apiVersion blendcheck/v1), got ${count}`,
          },
        ]);
      }
    }
  });

  it("passes on the loader's problems for an invalid policy, without adding its own", () => {
    const loaded = loadPolicyFile("policy.yaml", policyDir(`${HEADER}spec:\n  failOn: sometimes\n`));
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) {
      expect(loaded.problems.length).toBeGreaterThan(0);
      expect(loaded.problems.map((p) => p.code)).not.toContain("expected-policy");
      expect(loaded.problems[0]).toMatchObject({ file: "policy.yaml", line: 4 });
    }
  });
});

describe("findPolicyFile", () => {
  it("prefers the named file, else .blendcheck.yaml when the working directory has one, else nothing", () => {
    const dir = tempDir("blendcheck-policy-");
    expect(findPolicyFile(undefined, dir)).toBeUndefined();
    expect(findPolicyFile("ci/other.yaml", dir)).toBe("ci/other.yaml");
    writeFileSync(join(dir, ".blendcheck.yaml"), HEADER);
    expect(findPolicyFile(undefined, dir)).toBe(".blendcheck.yaml");
    expect(findPolicyFile("ci/other.yaml", dir)).toBe("ci/other.yaml");
  });
});

describe("checkPolicyPlacements", () => {
  const known = new Set(["swarm", "k8s-scheduled", "poci"]);

  it("accepts known placements and waivers that name none", () => {
    const { policy } = loadOk(
      `${HEADER}spec:\n  placements: [poci, swarm]\n  waivers:\n    - rule: r/x\n      service: s\n      reason: why\n      owner: me\n      expires: "2030-01-01"\n`,
    );
    expect(checkPolicyPlacements(policy, known)).toEqual([]);
    expect(checkPolicyPlacements(loadOk(`${HEADER}spec: {}\n`).policy, known)).toEqual([]);
  });

  it("names each unknown target and waiver placement where it is written, with the known ones sorted and a suggestion", () => {
    const { policy } = loadOk(
      `${HEADER}spec:\n  placements:\n    - poci\n    - swram\n  waivers:\n    - rule: r/x\n      service: s\n      placement: marathon\n      reason: why\n      owner: me\n      expires: "2030-01-01"\n`,
    );
    expect(checkPolicyPlacements(policy, known)).toEqual([
      {
        file: "policy.yaml",
        line: 6,
        column: 7,
        severity: "error",
        code: "unknown-placement",
        path: "spec.placements.1",
        message: "expected one of k8s-scheduled, poci, swarm, got swram; did you mean swarm?",
      },
      {
        file: "policy.yaml",
        line: 10,
        column: 18,
        severity: "error",
        code: "unknown-placement",
        path: "spec.waivers.0.placement",
        message: "expected one of k8s-scheduled, poci, swarm, got marathon",
      },
    ]);
  });
});

describe("resolvePolicyBaseline", () => {
  it("is no path when the policy names no baseline", () => {
    const { dir, policy } = loadOk(`${HEADER}spec: {}\n`);
    expect(resolvePolicyBaseline(policy, dir)).toEqual({ ok: true, path: undefined });
  });

  it("accepts the policy's folder itself and a file that does not exist yet inside it", () => {
    const { dir, policy } = loadOk(`${HEADER}spec:\n  baseline: .\n`);
    expect(resolvePolicyBaseline(policy, dir)).toEqual({ ok: true, path: dir });
    const later = loadOk(`${HEADER}spec:\n  baseline: later/old.json\n`);
    expect(resolvePolicyBaseline(later.policy, later.dir)).toEqual({ ok: true, path: join(later.dir, "later", "old.json") });
  });

  it("refuses a sibling folder whose name merely starts with the policy folder's name", () => {
    const root = tempDir("blendcheck-policy-");
    const repo = join(root, "repo");
    mkdirSync(join(root, "repo-evil"), { recursive: true });
    mkdirSync(repo);
    writeFileSync(join(root, "repo-evil", "old.json"), "{}");
    writeFileSync(join(repo, "policy.yaml"), `${HEADER}spec:\n  baseline: ../repo-evil/old.json\n`);
    const loaded = loadPolicyFile("policy.yaml", repo);
    if (!loaded.ok) throw new Error("policy did not load");
    const result = resolvePolicyBaseline(loaded.policy, repo);
    expect(result).toMatchObject({
      ok: false,
      problem: { file: "policy.yaml", line: 4, column: 13, severity: "error", code: "baseline-outside-policy", path: "spec.baseline" },
    });
    if (!result.ok) expect(result.problem.message).toContain("pass --baseline to name it explicitly");
  });
});

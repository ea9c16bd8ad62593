import { symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPolicyFile, resolvePolicyBaseline } from "../src/gate/load-policy.js";
import { repository } from "./helpers/policy-repository.js";

function resolveIn(repo: string) {
  const loaded = loadPolicyFile("ci/policy.yaml", repo);
  if (!loaded.ok) throw new Error(loaded.problems[0]?.message);
  return resolvePolicyBaseline(loaded.policy, repo);
}

describe("a baseline named by a policy", () => {
  it("is read inside the policy's folder or the working directory", () => {
    const { repo } = repository("../old.json");
    expect(resolveIn(repo)).toEqual({ ok: true, path: join(repo, "old.json") });
    writeFileSync(join(repo, "ci", "policy.yaml"), 'apiVersion: blendcheck/v1\nkind: Policy\nspec:\n  baseline: "base/a.json"\n');
    expect(resolveIn(repo)).toEqual({ ok: true, path: join(repo, "ci", "base", "a.json") });
  });

  it("is refused with its location when it leaves both, by path or by absolute name", () => {
    for (const baseline of ["../../token.json", "/etc/hostname"]) {
      const { repo } = repository(baseline);
      const result = resolveIn(repo);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problem).toMatchObject({ file: "ci/policy.yaml", line: 4, code: "baseline-outside-policy" });
    }
  });

  it("is refused when a symbolic link inside the repository points outside it", () => {
    const { outside, repo } = repository("link.json");
    symlinkSync(join(outside, "token.json"), join(repo, "ci", "link.json"));
    expect(resolveIn(repo).ok).toBe(false);
  });
});

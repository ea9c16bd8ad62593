import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { repository } from "./helpers/policy-repository.js";

describe("blendcheck gate with a policy naming a baseline outside the repository", () => {
  it("makes the gate exit 2 without printing the file's content", () => {
    const { repo } = repository("../../token.json");
    mkdirSync(join(repo, "deploy"));
    writeFileSync(
      join(repo, "deploy", "demo.yaml"),
      "apiVersion: blendcheck/v1\nkind: ServiceProfile\nmetadata:\n  name: demo-worker\n  project: demo\n  description: A test service.\nspec:\n  role: worker\n  evidence: []\n",
    );
    const run = runCli(["gate", "deploy", "--policy", "ci/policy.yaml"], { cwd: repo });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain("baseline-outside-policy");
    expect(run.stderr + run.stdout).not.toContain("SECRET");
  });
});

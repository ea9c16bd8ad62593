import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./cli.js";

/** A token-like secret placed outside the repository. */
export const SECRET = "ghp_0123456789SECRETSECRET";

/** A repository with a secret outside it and a policy in `ci/` naming the given baseline. */
export function repository(baseline: string): { outside: string; repo: string } {
  const outside = tempDir("blendcheck-outside-");
  writeFileSync(join(outside, "token.json"), `{"token": ${SECRET}}`);
  const repo = join(outside, "repo");
  mkdirSync(join(repo, "ci"), { recursive: true });
  writeFileSync(
    join(repo, "ci", "policy.yaml"),
    `apiVersion: blendcheck/v1\nkind: Policy\nspec:\n  baseline: ${JSON.stringify(baseline)}\n`,
  );
  return { outside, repo };
}

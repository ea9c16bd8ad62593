import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { ROOT } from "./helpers/cli.js";

const README = readFileSync(join(ROOT, "README.md"), "utf8");

describe("README", () => {
  it("shows the quick start's terminal summary as `assess` really prints it", () => {
    const block = /<!-- quick-start-summary:start -->\n```text\n([\s\S]*?)```\n<!-- quick-start-summary:end -->/.exec(README)?.[1];
    expect(block, "the README needs the quick-start summary block").toBeDefined();
    // `assess --out <folder>` on the built-in catalog, run once for the suite by the global setup.
    const run = inject("catalogRun");
    expect(run.code, run.stderr).toBe(0);
    // To refresh it: npm run build && node dist/cli.mjs assess --out "$(mktemp -d)" and paste stdout.
    expect(block).toBe(run.stdout);
    expect(block).toMatch(/^k8s-scheduled\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+$/m);
  });

  it("installs blendcheck in CI from a tarball, never from a registry it is not published to", () => {
    expect(README).not.toMatch(/npx --yes blendcheck|npx -y blendcheck|npm install(?: -g)? blendcheck\b/);
    const snippets = [...README.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? "").filter((s) => s.includes("blendcheck gate"));
    expect(snippets.length).toBeGreaterThanOrEqual(2);
    for (const snippet of snippets) {
      const install = snippet.indexOf("npm install --no-save --no-audit --no-fund ./tools/blendcheck-0.1.0.tgz");
      expect(install).toBeGreaterThan(-1);
      expect(install).toBeLessThan(snippet.indexOf("npx --no blendcheck gate"));
    }
    expect(README).toContain("is not published to a package registry");
  });

  it("documents --fail-on beside the policy's failOn", () => {
    const policy = README.indexOf("failOn: high");
    const flag = README.indexOf("`--fail-on SEVERITY`");
    expect(policy).toBeGreaterThan(-1);
    expect(flag).toBeGreaterThan(policy);
    expect(flag - policy).toBeLessThan(1500);
  });
});

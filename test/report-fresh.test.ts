import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";

describe("reports/", () => {
  it("holds the sample reports of the built-in catalog as the current code renders them", () => {
    const out = tempDir("blendcheck-fresh-");
    const result = runCli(["assess", "--out", out, "--name", "openstack"], { env: { SOURCE_DATE_EPOCH: "" } });
    expect(result.code, result.stderr).toBe(0);
    const stale: string[] = [];
    for (const file of ["openstack.html", "openstack.md", "openstack.json"]) {
      let committed = "";
      try {
        committed = readFileSync(join(ROOT, "reports", file), "utf8");
      } catch {
        committed = "(missing)";
      }
      if (committed !== readFileSync(join(out, file), "utf8")) stale.push(`reports/${file}`);
    }
    expect(
      stale,
      `the sample reports differ from what the current code renders: ${stale.join(", ")}. ` +
        "Run `npm run reports` and read `git diff reports/` before committing: an unexpected change there " +
        "(a score, a fit, an escape, a missing finding) is a bug this test caught, not a file to refresh.",
    ).toEqual([]);
  });
});

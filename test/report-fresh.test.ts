import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { ROOT } from "./helpers/cli.js";

describe("reports/", () => {
  it("holds the sample reports of the built-in catalog as the current code renders them", () => {
    // `assess --out <out>` with no timestamp, as `npm run reports` writes them; run once for the suite.
    const result = inject("catalogRun");
    const out = result.out;
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

import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect, it, vi } from "vitest";
import { tempDir } from "./helpers/cli.js";
import { runCliInProcess } from "./helpers/cli-in-process.js";

/** How many rule rows were evaluated: none, when a run is refused before it is assessed. */
const counted = vi.hoisted(() => ({ rows: 0 }));

vi.mock("../src/engine/evaluate.js", async (original) => {
  const actual = await original<typeof import("../src/engine/evaluate.js")>();
  return {
    ...actual,
    evaluateRuleRow: (...args: Parameters<typeof actual.evaluateRuleRow>) => {
      counted.rows++;
      return actual.evaluateRuleRow(...args);
    },
  };
});

// A bound the built-in catalog's 56 services cannot fit in, at a few kilobytes each at the least.
vi.mock("../src/model/constants.js", async (original) => ({
  ...(await original<typeof import("../src/model/constants.js")>()),
  MAX_ASSESSMENT_BYTES: 20_000,
}));

const REFUSED =
  "blendcheck: the assessment JSON would exceed 20000 bytes even without its findings; assess fewer inputs at a time (split the paths over several runs)";

it("refuses a run whose services its JSON cannot hold before assessing any, and writes nothing", async () => {
  for (const command of ["assess", "gate"]) {
    const out = tempDir("blendcheck-room-out-");
    counted.rows = 0;
    const run = await runCliInProcess([command, "--format", "json", "--out", out]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(REFUSED);
    expect(counted.rows).toBe(0);
    expect(existsSync(join(out, "openstack.json"))).toBe(false);
  }
});

it("assesses the same run when no JSON report is asked for", async () => {
  counted.rows = 0;
  const run = await runCliInProcess(["assess", "--format", "md", "--out", tempDir("blendcheck-room-md-")]);
  expect(run.code, run.stderr).toBe(0);
  expect(counted.rows).toBeGreaterThan(0);
});

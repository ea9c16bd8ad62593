import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "./helpers/cli.js";
import { isHostile } from "./helpers/hostile-output.js";

describe("the built CLI", () => {
  it("prints a hostile file name escaped when the CLI reports it", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "ok.yaml"), "a: 1\n");
    const result = runCli(["validate", `nothing\n::error file=x::forged\u001b[2J.yaml`], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr + result.stdout).toContain(":\\:error");
    expect(isHostile(result.stderr)).toBe(false);
    expect(isHostile(result.stdout)).toBe(false);
  });
});

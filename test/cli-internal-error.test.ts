import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("../src/assess.js", () => ({
  assess: () => {
    throw new TypeError("cannot read properties of undefined");
  },
}));

const { runCli } = await import("../src/cli/run.js");
const { tempDir } = await import("./helpers/cli.js");

describe("an internal error", () => {
  afterEach(() => vi.restoreAllMocks());

  it("exits 3 with a line asking to report it, and no stack trace without --debug", async () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const code = await runCli(["assess", "--out", tempDir(), "--format", "json"]);
    const stderr = written.join("");
    expect(code).toBe(3);
    expect(stderr).toContain("blendcheck: internal error: cannot read properties of undefined");
    expect(stderr).toContain("please report it");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("prints the stack trace with --debug", async () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    expect(await runCli(["assess", "--out", tempDir(), "--format", "json", "--debug"])).toBe(3);
    expect(written.join("")).toMatch(/\n\s+at /);
  });
});

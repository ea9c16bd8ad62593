import { describe, expect, it } from "vitest";
import { PROGRESS_DELAY_MS, Progress } from "../src/cli/progress.js";

function fakeProgress(env: NodeJS.ProcessEnv, isTTY: boolean) {
  let now = 0;
  const written: string[] = [];
  const progress = new Progress({ stream: { isTTY, write: (text: string) => written.push(text) > 0 }, env, now: () => now });
  return { progress, written, advance: (ms: number) => (now += ms) };
}

describe("Progress", () => {
  it("stays quiet for the first second, then shows each step on one line and clears it", () => {
    const { progress, written, advance } = fakeProgress({}, true);
    progress.step("loading");
    expect(written).toEqual([]);
    advance(PROGRESS_DELAY_MS + 200);
    progress.step("assessing 53 service(s)");
    expect(written).toEqual(["\r\u001b[Kassessing 53 service(s) (1.2 s)"]);
    progress.done();
    expect(written.at(-1)).toBe("\r\u001b[K");
  });

  it("never writes off a terminal, with NO_COLOR or on CI", () => {
    for (const [env, tty] of [
      [{}, false],
      [{ NO_COLOR: "1" }, true],
      [{ CI: "true" }, true],
    ] as const) {
      const { progress, written, advance } = fakeProgress(env, tty);
      advance(5000);
      progress.step("assessing");
      progress.done();
      expect(written).toEqual([]);
    }
  });
});

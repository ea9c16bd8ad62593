import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVitest, type Vitest } from "vitest/node";
import { tempDir } from "./helpers/cli.js";

/**
 * The pool `npm run mutation` runs its tests on (scripts/mutation-pool.mjs) keeps one thread from
 * one vitest run to the next, up to a number of runs. These runs drive vitest the way Stryker does for each mutant: clear
 * the state, set the tests to run, provide values, start. The probe file writes what each of its
 * tests saw (thread, module evaluations, module state) as JSON lines.
 */
const root = fileURLToPath(new URL("./fixtures/mutation-pool/", import.meta.url));
const probe = join(root, "test/pool.probe.ts");

type Seen = {
  name: string;
  threadId: number;
  evaluations: number;
  seenBefore: number;
  leftBehind: { namespace: boolean; env: boolean };
};

let vitest: Vitest;
let out: string;

beforeAll(async () => {
  vitest = await createVitest("test", {
    root,
    config: join(root, "vitest.config.mjs"),
    watch: false,
    bail: 1,
    maxWorkers: 1,
    reporters: [{}],
    onConsoleLog: () => false,
  });
});

afterAll(async () => {
  await vitest?.close();
});

/** One run as Stryker starts it: what each test recorded and each test's final state. */
async function run(options: { only?: RegExp; fail?: boolean } = {}) {
  out = join(tempDir(), "seen.jsonl");
  rmSync(out, { force: true });
  vitest.state.filesMap.clear();
  for (const project of vitest.projects) project.config.testNamePattern = options.only;
  vitest.provide("out", out);
  vitest.provide("fail", options.fail ?? false);
  vitest.provide("globalNamespace", "__probe_runner__");
  await vitest.start([probe]);
  const seen: Seen[] = readSeen();
  const states = Object.fromEntries(
    vitest.state.getFiles().flatMap((file) => file.tasks.map((task) => [task.name, task.result?.state ?? "not run"])),
  );
  return { seen, states };
}

function readSeen(): Seen[] {
  try {
    return readFileSync(out, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Seen);
  } catch {
    return [];
  }
}

describe("the mutation pool", () => {
  it("runs each run on the same thread, with the project's modules evaluated afresh", async () => {
    const first = await run();
    const second = await run();
    expect(first.seen.map((test) => test.name)).toEqual(["fails when asked", "first", "second"]);
    expect(second.seen.map((test) => test.name)).toEqual(["fails when asked", "first", "second"]);
    const thread = first.seen[0]?.threadId;
    expect(second.seen.every((test) => test.threadId === thread)).toBe(true);
    // A fresh module: evaluated once more, and its state starts empty in every run.
    expect(second.seen[0]?.evaluations).toBe((first.seen[0]?.evaluations ?? 0) + 1);
    expect(second.seen.map((test) => test.seenBefore)).toEqual([0, 1, 2]);
  });

  it("starts each run without the environment variables and runner state the last run left", async () => {
    // The probe's last test sets both; the next run collects its tests on the same thread.
    await run();
    const next = await run();
    expect(next.seen.map((test) => test.leftBehind)).toEqual([
      { namespace: false, env: false },
      { namespace: false, env: false },
      { namespace: false, env: false },
    ]);
  });

  it("runs only the tests named for this run, from the config as it is now", async () => {
    expect((await run({ only: /^second$/ })).seen.map((test) => test.name)).toEqual(["second"]);
    expect((await run({ only: /^first$/ })).seen.map((test) => test.name)).toEqual(["first"]);
  });

  it("runs every test of the run after one that a failing test cut short", async () => {
    const failed = await run({ fail: true });
    expect(failed.states["fails when asked"]).toBe("fail");
    const next = await run();
    expect(next.states).toEqual({ "fails when asked": "pass", first: "pass", second: "pass" });
    expect(next.seen.map((test) => test.name)).toEqual(["fails when asked", "first", "second"]);
  });

  it("replaces the thread after the runs it may serve (four in the probe's config)", async () => {
    const runs: Seen[] = [];
    for (let i = 0; i < 5; i += 1) {
      const [first] = (await run({ only: /^second$/ })).seen;
      if (first) runs.push(first);
    }
    expect(runs).toHaveLength(5);
    const perThread = new Map<number, Seen[]>();
    for (const seen of runs) perThread.set(seen.threadId, [...(perThread.get(seen.threadId) ?? []), seen]);
    expect(perThread.size).toBeGreaterThanOrEqual(2);
    for (const served of perThread.values()) expect(served.length).toBeLessThanOrEqual(4);
    // A new thread evaluates the module for the first time.
    const latest = [...perThread.values()].at(-1) ?? [];
    expect(latest[0]?.evaluations).toBe(1);
  });
});

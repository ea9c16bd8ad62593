import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: the benchmark is plain JavaScript without types
import { catalogInputs } from "../bench/catalog-inputs.mjs";
// @ts-expect-error: the benchmark is plain JavaScript without types
import { describeFailure, measureRun, parseSize, RunFailedError, summarize, summarizeRatios } from "../bench/measure.mjs";
// @ts-expect-error: the benchmark is plain JavaScript without types
import { renderResults, targetRows } from "../bench/results.mjs";
// @ts-expect-error: the benchmark is plain JavaScript without types
import { CENSUS_RULE, checkCensus, readSpectralResults } from "../bench/spectral-peer.mjs";
import { builtinPaths } from "../src/package-root.js";
import { ROOT, tempDir } from "./helpers/cli.js";

type Summary = { median: number; min: number; max: number; n: number };

describe("benchmark measurement", () => {
  it("gives the catalog job's floor every folder the built-in catalog is read from", () => {
    const { services, libraries, rules } = builtinPaths();
    expect(catalogInputs(ROOT)).toEqual([services, libraries, rules]);
  });

  it("reads a child's own CPU time and peak memory", () => {
    const scratch = tempDir();
    // Busy for about 300 ms of CPU while holding about 200 MiB.
    const burn =
      "const b = Buffer.alloc(200 * 2 ** 20, 1); const end = process.cpuUsage().user + 300000; " +
      "while (process.cpuUsage().user < end) for (let i = 0; i < 1e6; i++) b[i % 4096]++;";
    const idle = measureRun(["-e", "0"], { cwd: scratch, scratch });
    const busy = measureRun(["-e", burn], { cwd: scratch, scratch });
    expect(busy.cpuMs - idle.cpuMs).toBeGreaterThan(250);
    // The buffer adds about 200 MiB; one run on a loaded machine measured 145, so half is the bar.
    expect(busy.rssMiB - idle.rssMiB).toBeGreaterThan(100);
  });

  it("reads a child's own peak memory, not the harness's it was forked from", () => {
    const scratch = tempDir();
    // The harness holds 256 MiB while it starts a child that holds about 40.
    const held = Buffer.alloc(256 * 2 ** 20, 1);
    const idle = measureRun(["-e", "0"], { cwd: scratch, scratch });
    expect(held.length).toBeGreaterThan(0);
    expect(idle.rssMiB).toBeLessThan(128);
  });

  it("fails a run that exits with an unexpected code, naming the command", () => {
    const scratch = tempDir();
    expect(() => measureRun(["-e", "process.exit(3)"], { cwd: scratch, scratch })).toThrow(/exited 3, expected 0/);
  });

  it("keeps what a failed run cost: its usage when it exited, its wall time when it was stopped", () => {
    const scratch = tempDir();
    const failure = (args: string[], timeoutMs?: number) => {
      try {
        measureRun(args, { cwd: scratch, scratch, timeoutMs });
      } catch (error) {
        return error as { status: number | null; timedOut: boolean; wallMs: number; usage?: { cpuMs: number }; message: string };
      }
      throw new Error("expected the run to fail");
    };
    const exited = failure(["-e", "process.stderr.write('blendcheck: too big\\n'); process.exit(2)"]);
    expect(exited).toBeInstanceOf(RunFailedError);
    expect(exited.status).toBe(2);
    expect(exited.timedOut).toBe(false);
    expect(exited.usage?.cpuMs).toBeGreaterThan(0);
    const stopped = failure(["-e", "setInterval(() => {}, 1000)"], 300);
    expect(stopped.timedOut).toBe(true);
    expect(stopped.usage).toBeUndefined();
    expect(stopped.wallMs).toBeGreaterThanOrEqual(300);
    expect(stopped.message).toMatch(/was stopped at its time limit of 0.3 s/);
    // What the results say of each: how it ended, in the limit's own unit, and the line that says why.
    expect(describeFailure(exited)).toMatchObject({ ended: "exit 2", message: "blendcheck: too big", wallMs: exited.wallMs });
    expect(describeFailure(exited).cpuMs).toBeGreaterThan(0);
    expect(describeFailure(stopped)).toMatchObject({ ended: "stopped at its time limit of 0.3 s", cpuMs: undefined, message: "" });
  });

  it("summarizes with the median and the spread, and pairs ratios by repetition", () => {
    expect(summarize([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, n: 3 });
    expect(summarize([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, n: 4 });
    // Paired: each repetition's ratio, not the ratio of the medians (which would be 2).
    expect(summarizeRatios([10, 40, 20], [10, 10, 20])).toEqual({ median: 1, min: 1, max: 4, n: 3 });
    expect(() => summarizeRatios([1, 2], [1])).toThrow(/equal counts/);
  });

  it("reads sizes as the options write them", () => {
    expect(["1k", "10k", "100k", "2500", "1m"].map(parseSize)).toEqual([1000, 10_000, 100_000, 2500, 1_000_000]);
    expect(() => parseSize("ten")).toThrow(/expected a size/);
  });
});

describe("benchmark peer output", () => {
  /** Results in the layout of Spectral's json formatter (tab-indented, one key per line). */
  function writeResults(results: { code: string; source: string }[]): string {
    const file = join(tempDir(), "spectral.json");
    const full = results.map((r) => ({ code: r.code, path: ["kind"], message: "m", severity: 3, range: {}, source: r.source }));
    writeFileSync(file, JSON.stringify(full, null, "\t"));
    return file;
  }

  it("counts results and collects the files the census marked", async () => {
    const file = writeResults([
      { code: CENSUS_RULE, source: "/e/a-deployment.yaml" },
      { code: "host-network", source: "/e/b-daemonset.yaml" },
      { code: CENSUS_RULE, source: '/e/odd "name".yaml' },
      { code: "readiness-probe", source: "/e/a-deployment.yaml" },
    ]);
    const read = await readSpectralResults(file);
    expect(read.results).toBe(4);
    expect([...read.census].sort()).toEqual(["/e/a-deployment.yaml", '/e/odd "name".yaml']);
  });

  it("fails when the peer did not report on every workload, or reported on others", () => {
    const workloads = ["/e/a.yaml", "/e/b.yaml"];
    expect(() => checkCensus(new Set(workloads), workloads)).not.toThrow();
    expect(() => checkCensus(new Set(["/e/a.yaml"]), workloads)).toThrow(/reported on 1 of 2 workloads; missing e.g. \/e\/b.yaml/);
    expect(() => checkCensus(new Set([...workloads, "/e/role.yaml"]), workloads)).toThrow(/1 reports on files that are not workloads/);
  });
});

describe("benchmark results", () => {
  const one = (median: number): Summary => ({ median, min: median, max: median, n: 1 });
  const runs = (cpu: number, rss: number) => ({ cpuMs: one(cpu), wallMs: one(cpu), rssMiB: one(rss) });
  function run(assessOverFloor10k: number, load: number) {
    const estate = (size: number, ratio: number) => ({
      size,
      generated: { files: 1, documents: 1, bytes: 1 },
      checks: { rules: 72, subjects: 25, placements: 5, checks: 9000 },
      floor: runs(1000, 60),
      assess: runs(1000 * ratio, 120),
      assessOverFloor: one(ratio),
      assessRssOverFloor: one(2),
    });
    return {
      command: "npm run bench",
      startedAt: new Date(0),
      machine: { cpu: "cpu", cores: 2, memoryGiB: 8, os: "linux", node: "v20" },
      load: { start: load, end: load, cores: 2 },
      reps: 5,
      timeoutMinutes: 20,
      coldReps: 10,
      catalogReps: 12,
      spectralVersion: "6.16.3",
      estates: [
        {
          ...estate(1000, 3),
          spectral: runs(60_000, 1000),
          peer: { rules: 64, documents: 6720, results: 13_000 },
          assessOverSpectral: one(0.07),
        },
        estate(10_000, assessOverFloor10k),
      ],
      catalog: {
        formats: "html,md,json",
        documents: 1,
        jsonBytes: 2_400_000,
        outputs: [],
        checks: {},
        floor: runs(100, 50),
        assess: runs(300, 90),
        assessOverFloor: one(3),
      },
      coldStart: { node: runs(40, 40), version: runs(50, 50), help: runs(70, 60), versionOverNode: one(1.25), helpOverNode: one(1.75) },
    };
  }

  it("judges each measured figure against its target and marks the rest not measured", () => {
    const rows = targetRows(run(1.4, 0)) as { goal: string; met: string }[];
    const met = Object.fromEntries(rows.map((r) => [r.goal, r.met]));
    expect(met["assess / floor CPU at 10k workloads"]).toBe("yes");
    expect(met["assess / floor CPU at 100k workloads"]).toBe("not measured");
    expect(met["catalog job / its floor CPU"]).toBe("**no**");
    expect(met["catalog job JSON size"]).toBe("yes");
    expect(met["`--version` / `node -e 0` CPU"]).toBe("yes");
    expect(met["`assess --help` / `node -e 0` CPU"]).toBe("**no**");
    expect(met["assess / Spectral CPU per workload at 1k"]).toBe("yes");
    const slower = Object.fromEntries((targetRows(run(1.6, 0)) as { goal: string; met: string }[]).map((r) => [r.goal, r.met]));
    expect(slower["assess / floor CPU at 10k workloads"]).toBe("**no**");
  });

  it("records a size assess failed at as failed, judges its goals not met, and measures growth only between finished sizes", () => {
    const failedRun = run(1.4, 0) as ReturnType<typeof run> & { estates: unknown[] };
    failedRun.estates.push({
      size: 100_000,
      generated: { files: 40_000, documents: 560_000, bytes: 2 ** 30 },
      floor: runs(90_000, 115),
      failed: {
        ended: "exit 2",
        rep: 1,
        wallMs: 360_000,
        cpuMs: 372_000,
        rssMiB: 8600,
        message: "blendcheck: the JSON | `x` would exceed",
      },
    });
    const met = Object.fromEntries((targetRows(failedRun) as { goal: string; measured: string; met: string }[]).map((r) => [r.goal, r]));
    expect(met["assess / floor CPU at 100k workloads"]).toMatchObject({ measured: "assess failed (exit 2)", met: "**no**" });
    expect(met["assess CPU growth 10k → 100k"]).toMatchObject({ measured: "assess failed (exit 2)", met: "**no**" });
    expect(met["peak RSS assess / floor at 100k"]).toMatchObject({ met: "**no**" });
    expect(met["assess / floor CPU at 10k workloads"]).toMatchObject({ met: "yes" });
    const text = renderResults(failedRun) as string;
    expect(text).toContain("| 100,000 | 40,000 | 560,000 | 1024 | 90,000 | failed | | 115 | 8,600 | | |");
    expect(text).toContain("**At 100,000 workloads assess failed** (exit 2) in repetition 1 after 372,000 ms of CPU");
    // What the tool said cannot break the table or the code span it is quoted in.
    expect(text).toContain("saying: `blendcheck: the JSON \\| 'x' would exceed`");
    expect(text).toContain("runs past 20 minutes, is recorded as failed");
    expect(text).toContain("| 1k → 10k |");
    expect(text).not.toContain("| 10k → 100k |");
  });

  it("prints how many checks each tool ran beside its time", () => {
    const text = renderResults(run(1.4, 0)) as string;
    expect(text).toContain("| 1,000 | blendcheck | 1 | 1 | 72 rules × 25 subjects × 5 placements = 9,000 | 9 | 3,000 | 3.00 | 333.3 |");
    expect(text).toContain("| 1,000 | Spectral | 6,720 | 6,720 | 64 rules × 6,720 documents = 430,080 | 430 | 60,000 | 60.00 | 139.5 |");
  });

  it("warns that the per-workload comparison flatters blendcheck only when it assessed fewer subjects than workloads", () => {
    expect(renderResults(run(1.4, 0))).toContain("flatters it");
    const perWorkload = run(1.4, 0);
    for (const estate of perWorkload.estates) estate.checks = { ...estate.checks, subjects: estate.size };
    expect(renderResults(perWorkload)).not.toContain("flatters it");
  });

  it("says when the floor's own CPU time, the same work every repetition, varied enough to blur the ratios", () => {
    expect(renderResults(run(1.4, 0))).not.toContain("Unsteady machine");
    const unsteady = run(1.4, 0);
    const tenK = unsteady.estates[1] as { floor: { cpuMs: Summary } };
    tenK.floor.cpuMs = { median: 16_000, min: 8_000, max: 17_000, n: 5 };
    const text = renderResults(unsteady) as string;
    expect(text).toContain("**Unsteady machine.**");
    expect(text).toContain("2.13× at 10,000 workloads");
    // Below the threshold the spread is the machine's ordinary noise.
    tenK.floor.cpuMs = { median: 16_000, min: 14_000, max: 17_000, n: 5 };
    expect(renderResults(unsteady)).not.toContain("Unsteady machine");
  });

  it("says how many repetitions the catalog job's pair had", () => {
    expect(renderResults(run(1.4, 0))).toContain("against its floor (12 interleaved repetitions)");
  });

  it("says the figures are indicative when the machine was busy", () => {
    expect(renderResults(run(1.4, 0.2))).not.toContain("Indicative only");
    expect(renderResults(run(1.4, 6))).toContain("Indicative only");
  });
});

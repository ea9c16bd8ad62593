import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readAssessmentFile } from "../src/gate/read-assessment.js";
import type { Finding, FindingStatus } from "../src/model/assessment.js";
import { JsonTooLargeError, KEEP_ORDER, keptWithin, renderJson, renderJsonWithin } from "../src/report/json.js";
import { CutForecast, writeJsonFile } from "../src/report/json-file.js";
import { sampleAssessment, sampleFinding } from "./gate-sample.js";
import { tempDir } from "./helpers/cli.js";

const STATUSES: readonly FindingStatus[] = ["fail", "pass", "not-applicable", "unknown", "mitigated", "waived", "pass", "pass"];

/** Findings of every status, interleaved, with lines of many lengths, some of them past one byte a character. */
function mixedFindings(count: number, pad = 0): Finding[] {
  return Array.from({ length: count }, (_, i) =>
    sampleFinding({
      rule: `r/${String(i % 97).padStart(2, "0")}`,
      service: `svc-${i % 7}`,
      status: STATUSES[(i * 5) % STATUSES.length],
      message: `${i % 3 === 0 ? "é✓" : "m"}${"x".repeat(((i * 13) % 40) + pad)}`,
    }),
  );
}

/** What `writeJsonFile` leaves at `name` in `dir` for the bound, or the error it throws; no other file is ever left. */
function written(dir: string, name: string, assessment: ReturnType<typeof sampleAssessment>, bound: number) {
  const path = join(dir, name);
  try {
    const { truncated } = writeJsonFile(path, assessment, bound);
    return { text: readFileSync(path, "utf8"), truncated };
  } catch (error) {
    return { error };
  } finally {
    expect(readdirSync(dir).filter((file) => file !== name)).toEqual([]);
  }
}

/** What `renderJsonWithin` gives for the bound, or the error it throws. */
function rendered(assessment: ReturnType<typeof sampleAssessment>, bound: number) {
  try {
    const { json, truncated } = renderJsonWithin(assessment, bound);
    return { text: json, truncated };
  } catch (error) {
    return { error };
  }
}

describe("writeJsonFile", () => {
  it("writes the bytes renderJsonWithin gives under every bound, whole, cut or refused", () => {
    const dir = tempDir("json-file-sweep-");
    const assessment = sampleAssessment(mixedFindings(60));
    const size = Buffer.byteLength(renderJson(assessment), "utf8");
    let cut = 0;
    let refused = 0;
    for (let bound = size + 2; bound > 0; bound -= bound > size - 400 ? 1 : 7) {
      const file = written(dir, "sweep.json", assessment, bound);
      const expected = rendered(assessment, bound);
      if (expected.error !== undefined) {
        expect(file.error).toBeInstanceOf(JsonTooLargeError);
        refused++;
        continue;
      }
      expect(file.text).toBe(expected.text);
      expect(file.truncated).toEqual(expected.truncated);
      if (expected.truncated) cut++;
    }
    expect(cut).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(10);
  });

  it("writes the same bytes at the edges: the whole to the byte, no findings at all, and the least bound a cut fits in", () => {
    const dir = tempDir("json-file-edges-");
    const same = (assessment: ReturnType<typeof sampleAssessment>, bound: number) => {
      const file = written(dir, "edge.json", assessment, bound);
      const expected = rendered(assessment, bound);
      expect(file.error?.constructor).toBe(expected.error?.constructor);
      expect(file.text).toBe(expected.text);
      expect(file.truncated).toEqual(expected.truncated);
      return expected.error === undefined;
    };
    const empty = sampleAssessment([]);
    const emptySize = Buffer.byteLength(renderJson(empty), "utf8");
    for (const bound of [emptySize + 1, emptySize, emptySize - 1, emptySize - 2]) same(empty, bound);
    // The least bound renderJsonWithin accepts, found by halving: there and one byte under it.
    const assessment = sampleAssessment(mixedFindings(40));
    let low = 1;
    let high = Buffer.byteLength(renderJson(assessment), "utf8");
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (rendered(assessment, middle).error === undefined) high = middle;
      else low = middle + 1;
    }
    expect(same(assessment, low)).toBe(true);
    expect(same(assessment, low - 1)).toBe(false);
  });

  it("leaves no file descriptor open, whether it writes the whole, a cut or nothing", () => {
    const dir = tempDir("json-file-fds-");
    const assessment = sampleAssessment(mixedFindings(60));
    const size = Buffer.byteLength(renderJson(assessment), "utf8");
    const open = () => readdirSync("/proc/self/fd").length;
    const before = open();
    for (const bound of [size, Math.floor(size * 0.8), 300]) written(dir, "fds.json", assessment, bound);
    expect(open()).toBe(before);
  });

  it("copies the lines it keeps across the reading buffer's edges, a file of several MiB", () => {
    const dir = tempDir("json-file-large-");
    const assessment = sampleAssessment(mixedFindings(6000, 900));
    const size = Buffer.byteLength(renderJson(assessment), "utf8");
    expect(size).toBeGreaterThan(5 << 20);
    for (const bound of [size, size - 1, Math.floor(size * 0.6), Math.floor(size * 0.2)]) {
      const file = written(dir, "large.json", assessment, bound);
      const expected = rendered(assessment, bound);
      expect(file.text === expected.text).toBe(true);
      expect(file.truncated).toEqual(expected.truncated);
    }
  });

  it("makes each finding's line at most once, and a line the cut leaves out only while it may be kept", () => {
    const dir = tempDir("json-file-once-");
    // Nine passing findings to each failing one: the cut keeps the failing ones and some passing ones at most.
    const statuses: FindingStatus[] = ["fail", "pass", "pass", "pass", "pass", "pass", "pass", "pass", "pass", "pass"];
    const findings = Array.from({ length: 5000 }, (_, i) =>
      sampleFinding({ rule: `r/${i % 50}`, status: statuses[i % statuses.length], message: `${i} ${"x".repeat(i % 50)}` }),
    );
    const size = Buffer.byteLength(renderJson(sampleAssessment(findings)), "utf8");
    const reads = new Map<number, number>();
    for (const [i, finding] of findings.entries()) {
      const message = finding.message;
      Object.defineProperty(finding, "message", {
        enumerable: true,
        get: () => {
          reads.set(i, (reads.get(i) ?? 0) + 1);
          return message;
        },
      });
    }
    const readsFor = (bound: number) => {
      reads.clear();
      const file = written(dir, "once.json", sampleAssessment(findings), bound);
      expect(file.error).toBeUndefined();
      expect(file.truncated === undefined).toBe(bound === size);
      const kept = new Set((JSON.parse(file.text ?? "{}").findings as { message: string }[]).map((f) => f.message.split(" ")[0]));
      return { counts: [...findings.keys()].map((i) => reads.get(i) ?? 0), kept };
    };
    // Encoding a finding reads its message a set number of times: the cut encodes a finding as the whole does, or not at all.
    const whole = readsFor(size).counts;
    expect(Math.min(...whole)).toBeGreaterThan(0);
    for (const bound of [Math.floor(size * 0.6), Math.floor(size * 0.15)]) {
      const { counts, kept } = readsFor(bound);
      for (const [i, count] of counts.entries()) {
        expect(count === 0 || count === whole[i]).toBe(true);
        if (kept.has(String(i))) expect(count).toBe(whole[i]);
      }
      // Past the bound, the passing lines the cut cannot reach are not made at all.
      const unmade = counts.filter((count) => count === 0).length;
      expect(unmade).toBeGreaterThan((findings.length - kept.size) * 0.5);
    }
  });

  it("writes the same bytes when its forecast from the first lines is wrong either way", () => {
    const dir = tempDir("json-file-forecast-");
    const same = (findings: Finding[], bound: (size: number) => number) => {
      const assessment = sampleAssessment(findings);
      const at = bound(Buffer.byteLength(renderJson(assessment), "utf8"));
      const file = written(dir, "forecast.json", assessment, at);
      const expected = rendered(assessment, at);
      expect(file.text === expected.text).toBe(true);
      expect(file.truncated).toEqual(expected.truncated);
      return expected.truncated;
    };
    // Long lines first: the whole is forecast far past its bound, yet fits.
    const longFirst = Array.from({ length: 3000 }, (_, i) =>
      sampleFinding({ rule: `r/${i % 30}`, status: i % 2 === 0 ? "fail" : "pass", message: `${i} ${"x".repeat(i < 1024 ? 2000 : 1)}` }),
    );
    expect(same(longFirst, (size) => size)).toBeUndefined();
    // Long failing lines first: the passing ones are forecast past the cut, yet the cut keeps some.
    const shortLater = Array.from({ length: 3000 }, (_, i) =>
      sampleFinding({
        rule: `r/${i % 30}`,
        status: i % 3 === 0 ? "fail" : "pass",
        message: `${i} ${"x".repeat(i < 1024 && i % 3 === 0 ? 3000 : 1)}`,
      }),
    );
    const truncated = same(shortLater, (size) => Math.floor(size * 0.95));
    expect(truncated?.findingsLeftOut.pass).toBeGreaterThan(0);
    // More passing lines kept than were made before the forecast: the rest were made when the cut reached them.
    expect(truncated?.findingsLeftOut.pass).toBeLessThan(2000 - 700);
    expect(truncated?.findingsLeftOut.fail).toBeUndefined();
  });

  it("refuses at once a JSON whose text before the findings passes the bound, with nothing left written", () => {
    const dir = tempDir("json-file-refused-");
    const findings = mixedFindings(50);
    const assessment = sampleAssessment(findings);
    let reads = 0;
    const message = findings[0]?.message ?? "";
    Object.defineProperty(findings[0], "message", {
      enumerable: true,
      get: () => {
        reads++;
        return message;
      },
    });
    expect(written(dir, "refused.json", assessment, 200).error).toBeInstanceOf(JsonTooLargeError);
    expect(reads).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("adds to the counts of an assessment that was already cut", () => {
    const dir = tempDir("json-file-again-");
    const assessment = { ...sampleAssessment(mixedFindings(80)), truncated: { limitBytes: 10, findingsLeftOut: { pass: 12_345 } } };
    const size = Buffer.byteLength(renderJson(assessment), "utf8");
    const bound = Math.floor(size * 0.9);
    const file = written(dir, "again.json", assessment, bound);
    expect(file.error).toBeUndefined();
    expect(file.truncated?.findingsLeftOut.pass).toBeGreaterThan(12_345);
    expect(file.text).toBe(rendered(assessment, bound).text);
    // Read back and written again, as `report` does: the field sits where the reader leaves it.
    const elsewhere = tempDir("json-file-read-");
    writeFileSync(join(elsewhere, "read.json"), file.text ?? "");
    const again = readAssessmentFile("read.json", elsewhere, bound);
    if (!again.ok) throw new Error(again.problem.message);
    const second = written(dir, "again.json", again.assessment, Math.floor(bound * 0.95));
    expect(second.truncated?.findingsLeftOut.pass).toBeGreaterThan(file.truncated?.findingsLeftOut.pass ?? 0);
    // Within its bound, such an assessment is written whole, its field where it was.
    expect(written(tempDir("json-file-whole-"), "whole.json", assessment, size)).toEqual({
      text: renderJson(assessment),
      truncated: undefined,
    });
    expect(second.text).toBe(rendered(again.assessment, Math.floor(bound * 0.95)).text);
  });
});

describe("CutForecast.through", () => {
  const ALL: FindingStatus[] = ["fail", "waived", "mitigated", "unknown", "pass", "not-applicable"];

  /** The rule the writer goes by: a line may yet be kept while the lines made through its status come to at most the budget. */
  const mayBeKeptWithin = (statuses: FindingStatus[], budget: number) => {
    const forecast = new CutForecast(statuses.map((status) => sampleFinding({ status })));
    return (status: FindingStatus, size: number) => {
      const rank = forecast.rankOf(status);
      forecast.saw(rank, size);
      return forecast.through(rank) <= budget;
    };
  };

  it("says every line keptWithin keeps may be kept, whatever the statuses, sizes and budget", () => {
    const line = fc.record({ status: fc.constantFrom(...ALL), size: fc.integer({ min: 0, max: 50 }) });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), fc.integer({ min: -10, max: 1500 }), (lines, budget) => {
        const mayBeKept = mayBeKeptWithin(
          lines.map((l) => l.status),
          budget,
        );
        const said = lines.map(({ status, size }) => mayBeKept(status, size));
        const findings = lines.map(({ status }) => sampleFinding({ status }));
        const keep = keptWithin(findings, (i) => lines[i]?.size ?? 0, budget);
        for (const [i, kept] of keep.entries()) if (kept === 1) expect(said[i]).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("says no once the lines seen of a status and the statuses kept before it pass the budget", () => {
    // Each line costs six bytes more than its own: its indent and the separator before it.
    const mayBeKept = mayBeKeptWithin(ALL, 100);
    expect(mayBeKept("fail", 60)).toBe(true); // 66
    expect(mayBeKept("pass", 30)).toBe(false); // 66 + 36 = 102
    expect(mayBeKept("fail", 20)).toBe(true); // 66 + 26 = 92
    expect(mayBeKept("waived", 2)).toBe(true); // 92 + 8 = 100
    expect(mayBeKept("mitigated", 0)).toBe(false); // 100 + 6 = 106
    expect(mayBeKept("fail", 2)).toBe(true); // fail alone: 100
    expect(mayBeKept("fail", 0)).toBe(false); // 106
  });
});

describe("CutForecast", () => {
  const findingsOf = (statuses: FindingStatus[]) => statuses.map((status) => sampleFinding({ status }));

  it("forecasts the whole past its bound only every 1,024 lines, and only a quarter past it at the mean line so far", () => {
    const forecast = new CutForecast(findingsOf(Array.from({ length: 4096 }, () => "pass")));
    // 100 bytes before the findings, then 10 bytes a line: 40,960 more over all 4,096 lines.
    forecast.passes(0, 110, 1000);
    expect(forecast.passes(1022, 110 + 1022 * 10, 1)).toBe(false);
    const at = 110 + 1023 * 10;
    // The forecast whole: `at` plus 10 bytes for each of the 3,072 lines left, 41,060 bytes.
    expect(forecast.passes(1023, at, Math.floor(41_060 / 1.25))).toBe(false);
    expect(forecast.passes(1023, at, Math.floor(41_060 / 1.25) - 1)).toBe(true);
    expect(forecast.passes(2047, 110 + 2047 * 10, 1)).toBe(true);
  });

  it("puts past the cut the statuses that come after more forecast bytes than a quarter over the budget", () => {
    // Ten failing findings, ten unknown and five passing; three failing lines of 94 bytes made (100 with the separator).
    const forecast = new CutForecast(findingsOf([...Array(10).fill("fail"), ...Array(10).fill("unknown"), ...Array(5).fill("pass")]));
    const fail = forecast.rankOf("fail");
    for (let i = 0; i < 3; i++) forecast.saw(fail, 94);
    expect(forecast.through(fail)).toBe(300);
    // Failing lines forecast at 1,000 bytes; unknown ones, none made, at the mean of the lines made: 1,000 more.
    const ranks = (budget: number) => forecast.beyond(budget).flatMap((past, rank) => (past ? [KEEP_ORDER[rank]] : []));
    expect(ranks(799)).toEqual(["waived", "mitigated", "unknown", "pass", "not-applicable"]);
    expect(ranks(800)).toEqual(["pass", "not-applicable"]);
    expect(ranks(1599)).toEqual(["pass", "not-applicable"]);
    // Passing lines forecast at 500 bytes more.
    expect(ranks(1600)).toEqual(["not-applicable"]);
    expect(ranks(2000)).toEqual([]);
    forecast.saw(forecast.rankOf("unknown"), 4);
    // Unknown lines now forecast at 10 bytes each; passing ones, none made, at the mean of the four made, 77.5.
    expect(ranks(879)).toEqual(["pass", "not-applicable"]);
    expect(ranks(880)).toEqual(["not-applicable"]);
    expect(ranks(1190)).toEqual([]);
  });
});

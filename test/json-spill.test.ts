import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: the benchmark is plain JavaScript without types
import { generateEstate } from "../bench/generate.mjs";
import { type AssessOptions, assess } from "../src/assess.js";
import { findingOfWorkload } from "../src/engine/workload-findings.js";
import { loadInputs } from "../src/load/inputs.js";
import type { Assessment, Finding, FindingStatus, ServiceResult, Workload } from "../src/model/assessment.js";
import { JsonTooLargeError } from "../src/report/json.js";
import { writeJsonFile } from "../src/report/json-file.js";
import { JsonFindingSpill, writeSpilledJsonFile } from "../src/report/json-spill.js";
import { renderSummary } from "../src/report/text.js";
import { sampleAssessment, sampleFinding } from "./gate-sample.js";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";

const OPTIONS: AssessOptions = { tool: { name: "blendcheck", version: "0.0.0" }, generatedAt: null, baseDir: ROOT };

/** One run's assessment with every finding held, and the same run's with each workload's findings spilled. */
async function assessedBothWays(paths: string[]): Promise<{ held: Assessment; spilled: Assessment; spill: JsonFindingSpill }> {
  const inputs = await loadInputs({ paths, cwd: ROOT });
  const held = assess(inputs, OPTIONS);
  const spill = new JsonFindingSpill(join(tempDir("json-spill-lines-"), "findings.tmp"));
  const spilled = assess(inputs, { ...OPTIONS, findingSink: spill });
  return { held, spilled, spill };
}

/** What a writer leaves at `name` in `dir` for the bound, or the error it throws; no other file is ever left. */
function written(dir: string, name: string, write: (path: string) => { truncated?: unknown }) {
  const path = join(dir, name);
  try {
    const { truncated } = write(path);
    return { text: readFileSync(path, "utf8"), truncated };
  } catch (error) {
    return { error };
  } finally {
    expect(readdirSync(dir).filter((file) => file !== name)).toEqual([]);
  }
}

describe("the assessment JSON from findings spilled as each workload is assessed", () => {
  it("is byte for byte the JSON of the findings held, whole, cut under every kind of bound, or refused", async () => {
    const estate = tempDir("json-spill-estate-");
    // Three regions: the services' workloads agree on some findings (listed once) and not on others (Jobs among them).
    generateEstate(estate, 60);
    const { held, spilled, spill } = await assessedBothWays([estate, join(ROOT, "fixtures", "artifacts", "k8s")]);
    try {
      expect(spilled.findings.length).toBeLessThan(held.findings.length / 2);
      expect(spilled.findings.some((f) => f.workload === undefined)).toBe(true);
      expect(spilled.services).toEqual(held.services);
      expect(spilled.waves).toEqual(held.waves);
      expect(renderSummary(spill.summarized(spilled), { color: false })).toBe(renderSummary(held, { color: false }));
      const dir = tempDir("json-spill-sweep-");
      const whole = written(dir, "out.json", (path) => writeJsonFile(path, held));
      const size = Buffer.byteLength(whole.text as string, "utf8");
      expect(written(dir, "out.json", (path) => writeSpilledJsonFile(path, spilled, spill))).toEqual(whole);
      let cut = 0;
      let refused = 0;
      for (let bound = size + 1; bound > 0; bound -= bound > size - 2000 ? 97 : Math.ceil(size / 60)) {
        const expected = written(dir, "out.json", (path) => writeJsonFile(path, held, bound));
        const actual = written(dir, "out.json", (path) => writeSpilledJsonFile(path, spilled, spill, bound));
        if (expected.error !== undefined) {
          expect(actual.error).toBeInstanceOf(JsonTooLargeError);
          refused++;
          continue;
        }
        expect(actual.text).toBe(expected.text);
        expect(actual.truncated).toEqual(expected.truncated);
        if (expected.truncated) cut++;
      }
      expect(cut).toBeGreaterThan(40);
      expect(refused).toBeGreaterThan(0);
    } finally {
      spill.remove();
    }
  }, 120_000);

  it("is the JSON of the findings held for the catalog alone, where no workload's findings are spilled", async () => {
    const { held, spilled, spill } = await assessedBothWays([]);
    try {
      expect(spilled.findings).toEqual(held.findings);
      const dir = tempDir("json-spill-catalog-");
      expect(written(dir, "catalog.json", (path) => writeSpilledJsonFile(path, spilled, spill))).toEqual(
        written(dir, "catalog.json", (path) => writeJsonFile(path, held)),
      );
    } finally {
      spill.remove();
    }
  });
});

describe("writeSpilledJsonFile", () => {
  it("writes the bytes writeJsonFile writes for the findings held, under every bound to the byte", () => {
    const statuses: FindingStatus[] = ["pass", "fail", "pass", "unknown", "mitigated", "pass", "waived", "fail"];
    // Three workloads of one service and a service without one, whose findings the assessment holds.
    const held = sampleAssessment([sampleFinding({ service: "lone", message: "é✓ held" })]);
    const services: ServiceResult[] = [0, 1, 2].map((i) => ({
      ...(held.services[0] as ServiceResult),
      name: "demo-worker",
      workload: { kind: "Deployment", namespace: "ns", name: `worker-${i}`, file: `deploy/w${i}.yaml`, line: 1 + i },
    }));
    const own = (service: ServiceResult, i: number): Finding[] =>
      Array.from({ length: 7 }, (_, j) =>
        sampleFinding({
          service: service.name,
          workload: service.workload,
          rule: `r/${j}`,
          status: statuses[(i * 3 + j) % statuses.length],
          message: `${j % 2 === 0 ? "✓" : "m"}${"x".repeat((i * 7 + j * 5) % 23)}`,
        }),
      );
    // Two shared groups, the last workload assessed first: one listed for each workload, one listed once.
    const firsts = [
      sampleFinding({ service: "demo-worker", workload: services[2]?.workload, rule: "r/s", status: "fail", message: "shared ✓" }),
      sampleFinding({ service: "demo-worker", workload: services[2]?.workload, rule: "r/t", status: "pass", message: "once" }),
    ];
    const agreeing = (group: number, workload: Workload) => findingOfWorkload(firsts[group] as Finding, workload, []);
    // Finding objects given for every workload, as a class's own findings are: each line is written once, then held.
    const common = ["r/c", "r/d"].map((rule, j) =>
      sampleFinding({ service: "demo-worker", rule, status: statuses[j], message: `common ${"✓".repeat(j + 1)}`, locations: [] }),
    );
    const listed = services.flatMap((service, i) => [
      ...own(service, i),
      ...common.map((finding) => findingOfWorkload(finding, service.workload as Workload)),
      i === 2 ? (firsts[0] as Finding) : agreeing(0, service.workload as Workload),
    ]);
    const once = { ...(firsts[1] as Finding), workload: undefined, locations: [] };
    delete once.workload;
    const assessment = { ...held, services: [...services, ...held.services], findings: [once, ...listed, ...held.findings] };
    const whole = sampleAssessment(assessment.findings);
    Object.assign(assessment, { rules: whole.rules, placements: whole.placements });
    const spill = new JsonFindingSpill(join(tempDir("json-spill-unit-"), "findings.tmp"));
    try {
      spill.begin(assessment);
      for (const i of [2, 0, 1]) {
        const workload = services[i]?.workload as Workload;
        for (const finding of own(services[i] as ServiceResult, i)) spill.add(finding, workload, -1);
        for (const finding of common) spill.add(finding, workload, -1);
        if (i === 2) {
          spill.add(firsts[0] as Finding, workload, 0);
          spill.add(firsts[1] as Finding, workload, 1);
        } else {
          spill.agree(0);
          spill.agree(1);
        }
        spill.endWorkload(services[i] as ServiceResult);
      }
      spill.finish([once, 1, 2, 0, ...held.findings], Uint8Array.of(0, 1), agreeing);
      const spilled = { ...assessment, findings: [once, ...held.findings] };
      const dir = tempDir("json-spill-bytes-");
      const size = Buffer.byteLength(written(dir, "out.json", (path) => writeJsonFile(path, assessment)).text as string, "utf8");
      let cut = 0;
      for (let bound = size + 1; bound > size / 3; bound--) {
        const expected = written(dir, "out.json", (path) => writeJsonFile(path, assessment, bound));
        const actual = written(dir, "out.json", (path) => writeSpilledJsonFile(path, spilled, spill, bound));
        expect(actual.error?.constructor).toBe(expected.error?.constructor);
        expect(actual.text).toBe(expected.text);
        expect(actual.truncated).toEqual(expected.truncated);
        if (expected.truncated) cut++;
      }
      expect(cut).toBeGreaterThan(500);
    } finally {
      spill.remove();
    }
  }, 60_000);
});

describe("writeSpilledJsonFile with a long name", () => {
  it("puts the workload's id in its place after a rule and service longer than 64 KiB", () => {
    const name = `svc-${"é".repeat(40_000)}`;
    const service = { ...(sampleAssessment([sampleFinding()]).services[0] as ServiceResult), name };
    service.workload = { kind: "Deployment", namespace: "ns", name: "w", file: "deploy/w.yaml", line: 1 };
    const findings = [0, 1].map((i) => sampleFinding({ service: name, workload: service.workload, rule: `r/${i}` }));
    const assessment = { ...sampleAssessment(findings), services: [service] };
    const spill = new JsonFindingSpill(join(tempDir("json-spill-long-"), "findings.tmp"));
    try {
      spill.begin(assessment);
      for (const finding of findings) spill.add(finding, service.workload, -1);
      spill.endWorkload(service);
      spill.finish([0], new Uint8Array(0), () => findings[0] as Finding);
      const dir = tempDir("json-spill-long-out-");
      const expected = written(dir, "out.json", (path) => writeJsonFile(path, assessment));
      expect(expected.text).toContain('"workload":"w1"');
      expect(written(dir, "out.json", (path) => writeSpilledJsonFile(path, { ...assessment, findings: [] }, spill))).toEqual(expected);
    } finally {
      spill.remove();
    }
  });
});

describe("assess --format json", () => {
  it("writes the JSON it writes beside another report, and leaves no other file", () => {
    const estate = tempDir("json-spill-cli-estate-");
    generateEstate(estate, 30);
    const alone = tempDir("json-spill-cli-alone-");
    const beside = tempDir("json-spill-cli-beside-");
    const env = { SOURCE_DATE_EPOCH: "0" };
    const first = runCli(["assess", estate, "--format", "json", "--out", alone], { cwd: estate, env });
    const second = runCli(["assess", estate, "--format", "json,md", "--out", beside], { cwd: estate, env });
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    expect(readdirSync(alone)).toEqual(["blendcheck.json"]);
    expect(readFileSync(join(alone, "blendcheck.json"), "utf8")).toBe(readFileSync(join(beside, "blendcheck.json"), "utf8"));
    expect(first.stdout).toBe(second.stdout);
    expect(first.stdout).toMatch(/Top blockers under/);
  }, 60_000);
});

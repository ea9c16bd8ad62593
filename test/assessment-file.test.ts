import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { assess } from "../src/assess.js";
import { UsageError } from "../src/cli/exit-codes.js";
import { emitReports } from "../src/cli/write-report.js";
import { readAssessmentFile } from "../src/gate/read-assessment.js";
import { loadInputs } from "../src/load/inputs.js";
import type { Assessment } from "../src/model/assessment.js";
import {
  cutJsonPieces,
  jsonChunks,
  jsonPartsWithin,
  jsonPieces,
  LIST_PIECE_UNITS,
  renderJson,
  renderJsonWithin,
} from "../src/report/json.js";
import { sampleAssessment, sampleFinding } from "./gate-sample.js";
import { tempDir } from "./helpers/cli.js";

/** A Deployment: keystone api ones (odd ones privileged) and, every fifth, one no catalog service knows. */
function deployment(index: number): string {
  const generic = index % 5 === 4;
  const labels = generic ? "{app: shop-frontend}" : "{application: keystone, component: api}";
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${generic ? "shop" : "keystone-api"}-${index}
  namespace: ns-${index % 3}
  labels: ${labels}
spec:
  replicas: 2
  selector:
    matchLabels: ${labels}
  template:
    metadata:
      labels: ${labels}
    spec:
      containers:
        - name: main
          image: quay.io/example/app:1.0
${index % 2 === 1 ? "          securityContext: {privileged: true}\n" : ""}`;
}

/** Assesses `count` Deployments split over two files, not-applicable findings included. */
function assessEstate(count: number): { assessment: Assessment; dir: string } {
  const dir = tempDir("blendcheck-json-");
  mkdirSync(join(dir, "deploy"));
  const docs = Array.from({ length: count }, (_, i) => deployment(i));
  writeFileSync(join(dir, "deploy", "a.yaml"), docs.slice(0, count / 2).join("---\n"));
  writeFileSync(join(dir, "deploy", "b.yaml"), docs.slice(count / 2).join("---\n"));
  const inputs = loadInputs({ paths: ["deploy"], cwd: dir });
  const tool = { name: "blendcheck", version: "test" };
  return { assessment: assess(inputs, { tool, baseDir: dir, includeNotApplicable: true }), dir };
}

const { assessment, dir } = assessEstate(120);
const json = renderJson(assessment);

function writeText(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}

describe("the order of an assessment", () => {
  /** A subject as its name, then its workload's file and line, so that sorting the texts sorts the subjects. */
  const subjectText = (s: { service?: string; name?: string; workload?: { file: string; line: number } }) =>
    `${s.service ?? s.name}\u0000${s.workload?.file ?? ""}\u0000${String(s.workload?.line ?? 0).padStart(6, "0")}`;

  it("lists services by name, then by their workload's file and line, whatever order the files give them in", () => {
    const texts = assessment.services.map(subjectText);
    // The files interleave the two names (every fifth workload is a shop): in their order, the texts are not sorted.
    expect(texts).toEqual([...texts].sort());
  });

  it("lists findings subject by subject in the services' order", () => {
    const texts = assessment.findings.map(subjectText);
    expect(texts).toEqual([...texts].sort());
    const subjects = [...new Set(texts)];
    const services = assessment.services.map(subjectText);
    expect(subjects.filter((t) => services.includes(t))).toEqual(services.filter((t) => subjects.includes(t)));
  });
});

describe("the assessment JSON names each workload once", () => {
  it("assesses many workloads, each with findings that concern it", () => {
    expect(assessment.services.filter((s) => s.workload).length).toBe(120);
    expect(assessment.findings.filter((f) => f.workload).length).toBeGreaterThan(1000);
  });

  it("writes a workloads table and findings that carry an id, not the workload", () => {
    const file = JSON.parse(json);
    expect(Object.keys(file.workloads)).toHaveLength(120);
    expect(file.workloads.w1).toEqual({
      kind: "Deployment",
      namespace: "ns-0",
      name: "keystone-api-0",
      file: "deploy/a.yaml",
      line: 2,
      service: "keystone-api",
    });
    const withWorkload = file.findings.filter((f: { workload?: unknown }) => f.workload !== undefined);
    expect(withWorkload.length).toBeGreaterThan(1000);
    for (const f of withWorkload) expect(f.workload).toMatch(/^w\d+$/);
    for (const s of file.services) if (s.workload !== undefined) expect(Object.hasOwn(file.workloads, s.workload)).toBe(true);
  });

  it("reads back the assessment it wrote, workloads, messages and rule properties restored", () => {
    const read = readAssessmentFile(writeText("round.json", json), dir);
    expect(read.ok ? read.assessment : read.problem).toEqual(JSON.parse(JSON.stringify(assessment)));
    if (read.ok) expect(renderJson(read.assessment)).toBe(json);
  });

  it("leaves out a passing finding's message and its rule's properties, and keeps a failing finding's", () => {
    const file = JSON.parse(json);
    const pass = file.findings.find((f: { status: string }) => f.status === "pass");
    const fail = file.findings.find((f: { status: string }) => f.status === "fail");
    expect(pass).not.toHaveProperty("message");
    expect(pass).not.toHaveProperty("dimension");
    expect(pass).toHaveProperty("severity");
    expect(fail.message).toMatch(/\S/);
    expect(fail.locations.length).toBeGreaterThan(0);
  });

  it("gives one workload object two ids when findings of two services cite it, and equal workloads one id", () => {
    const where = { kind: "Deployment", namespace: "ns", name: "api", file: "deploy/a.yaml", line: 1 };
    const sample = sampleAssessment([
      sampleFinding({ service: "nova-api", workload: where }),
      sampleFinding({ service: "keystone-api", workload: where }),
      sampleFinding({ service: "nova-api", workload: { ...where } }),
    ]);
    const file = JSON.parse(renderJson(sample));
    expect(file.findings.map((f: { workload: string }) => file.workloads[f.workload].service)).toEqual([
      "nova-api",
      "keystone-api",
      "nova-api",
    ]);
    expect(file.findings[2].workload).toBe(file.findings[0].workload);
  });

  it("refuses a finding whose workload id is not in the table, naming the finding", () => {
    const file = JSON.parse(json);
    const at = file.findings.findIndex((f: { workload?: string }) => f.workload !== undefined);
    file.findings[at].workload = "w9999";
    const read = readAssessmentFile(writeText("dangling.json", JSON.stringify(file)), dir);
    expect(read.ok ? "read" : read.problem).toMatchObject({
      code: "invalid-assessment",
      message: `findings.${at}.workload: expected the id of a workload listed under workloads, got "w9999"`,
    });
  });

  it("refuses a service result whose workload id is not in the table", () => {
    const file = JSON.parse(json);
    delete file.workloads.w3;
    const read = readAssessmentFile(writeText("dangling-service.json", JSON.stringify(file)), dir);
    expect(read.ok ? "read" : read.problem.message).toMatch(/^services\.\d+\.workload: expected the id of a workload/);
  });

  it("refuses a left-out message whose rule the file does not list", () => {
    const file = JSON.parse(json);
    const at = file.findings.findIndex((f: { status: string }) => f.status === "pass");
    file.findings[at].rule = "nowhere/rule";
    const read = readAssessmentFile(writeText("no-rule.json", JSON.stringify(file)), dir);
    expect(read.ok ? "read" : read.problem.message).toMatch(new RegExp(`^findings\\.${at}\\.rule: expected a rule listed under rules`));
  });

  it("refuses a 2.0.0 assessment with the advice to re-run the baseline", () => {
    const old = { ...JSON.parse(json), schemaVersion: "2.0.0" };
    const read = readAssessmentFile(writeText("v2.json", JSON.stringify(old)), dir);
    expect(read.ok ? "read" : read.problem).toMatchObject({
      code: "old-schema-version",
      message: "assessment schemaVersion 2.0.0 cannot be compared with 3.0.0; re-run the baseline (blendcheck assess --format json)",
    });
  });
});

describe("the JSON layout", () => {
  it("writes text holding replacement patterns ($&, $', $`, $$) as it is, in results, workloads and profiles", () => {
    const tricky = "a$&b$'c$`d$$e$1";
    const base = sampleAssessment([sampleFinding()]);
    const service = { ...(base.services[0] as Assessment["services"][number]) };
    service.facts = { ...service.facts, note: tricky };
    service.workload = { kind: "Deployment", namespace: "ns", name: "w", file: `deploy/${tricky}.yaml`, line: 3 };
    const tricked: Assessment = {
      ...base,
      services: [service],
      profiles: { [tricky]: { facts: { name: tricky }, evidence: [] } },
    };
    const file = JSON.parse(renderJson(tricked));
    expect(file.services[0].facts.note).toBe(tricky);
    expect(file.workloads.w1.file).toBe(`deploy/${tricky}.yaml`);
    expect(file.profiles[tricky].facts.name).toBe(tricky);
  });
});

describe("the JSON size bound", () => {
  const size = Buffer.byteLength(json, "utf8");

  it("writes everything when the JSON fits", () => {
    const within = renderJsonWithin(assessment, size);
    expect(within.truncated).toBeUndefined();
    expect(within.json).toBe(json);
  });

  it("never writes a byte over the bound: one byte under the whole size leaves a finding out", () => {
    for (const bound of [size - 1, size - 2]) {
      const { json: cut, truncated } = renderJsonWithin(assessment, bound);
      expect(truncated?.limitBytes).toBe(bound);
      expect(Buffer.byteLength(cut, "utf8")).toBeLessThanOrEqual(bound);
    }
  });

  it("stays within every bound when it cuts, to the byte", () => {
    // Every status left out in part, so the counts written take as many digits as the counts assumed.
    const statuses = ["fail", "mitigated", "unknown", "pass", "not-applicable"] as const;
    const findings = Array.from({ length: 30 }, (_, i) =>
      sampleFinding({ rule: `r/${String(i).padStart(2, "0")}`, status: statuses[i % 5], message: `m${"x".repeat(i * 3)}` }),
    );
    const small = sampleAssessment(findings);
    const full = Buffer.byteLength(renderJson(small), "utf8");
    let cuts = 0;
    for (let bound = full; bound > 0; bound--) {
      let cut: string;
      try {
        cut = renderJsonWithin(small, bound).json;
      } catch {
        break;
      }
      cuts++;
      expect(Buffer.byteLength(cut, "utf8")).toBeLessThanOrEqual(bound);
    }
    expect(cuts).toBeGreaterThan(500);
  });

  it("leaves out not-applicable findings first, then passing ones, says so, and stays readable under the same bound", () => {
    const count = (list: readonly { status: string }[], status: string) => list.filter((f) => f.status === status).length;
    const lineBytes = (status: string) =>
      (JSON.parse(json).findings as { status: string }[])
        .filter((f) => f.status === status)
        .reduce((n, f) => n + Buffer.byteLength(`    ${JSON.stringify(f)},\n`, "utf8"), 0);
    // Below the size without not-applicable findings, so passing ones must go too; far above the failing ones.
    const bound = size - lineBytes("not-applicable") - Math.floor(lineBytes("pass") / 4);
    const { json: cut, truncated } = renderJsonWithin(assessment, bound);
    expect(Buffer.byteLength(cut, "utf8")).toBeLessThanOrEqual(bound);
    const file = JSON.parse(cut);
    expect(file.truncated).toEqual(truncated);
    expect(truncated?.limitBytes).toBe(bound);
    expect(truncated?.findingsLeftOut["not-applicable"]).toBe(count(assessment.findings, "not-applicable"));
    expect(truncated?.findingsLeftOut.pass).toBeGreaterThan(0);
    expect(Object.keys(truncated?.findingsLeftOut ?? {})).toEqual(["not-applicable", "pass"]);
    expect(count(file.findings, "fail")).toBe(count(assessment.findings, "fail"));
    const left = Object.values(truncated?.findingsLeftOut ?? {}).reduce((a, b) => a + b, 0);
    expect(file.findings.length + left).toBe(assessment.findings.length);
    const read = readAssessmentFile(writeText("cut.json", cut), dir, bound);
    expect(read.ok ? read.assessment.truncated : read.problem).toEqual(truncated);
  });

  it("cuts the same findings every time and keeps the kept ones in file order", () => {
    const bound = Math.floor(size * 0.3);
    const first = renderJsonWithin(assessment, bound);
    expect(renderJsonWithin(assessment, bound).json).toBe(first.json);
    const kept = JSON.parse(first.json).findings.map((f: { rule: string; placement: string }) => `${f.rule} ${f.placement}`);
    const order = assessment.findings.map((f) => `${f.rule} ${f.placement}`);
    let at = -1;
    for (const key of kept) {
      at = order.indexOf(key, at + 1);
      expect(at).toBeGreaterThanOrEqual(0);
    }
  });

  it("says on stderr what it left out when the CLI writes a JSON over the bound", () => {
    const out = join(dir, "cli-out");
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      emitReports(assessment, ["json"], { out, name: "cut", summary: false, jsonLimit: Math.floor(size / 2) });
    } finally {
      spy.mockRestore();
    }
    const text = readFileSync(join(out, "cut.json"), "utf8");
    expect(text).toBe(renderJsonWithin(assessment, Math.floor(size / 2)).json);
    const file = JSON.parse(text);
    const left = file.truncated.findingsLeftOut["not-applicable"];
    expect(left).toBeGreaterThan(0);
    expect(written.join("")).toContain(
      `blendcheck: the JSON report would exceed ${Math.floor(size / 2)} bytes, the most blendcheck reads back; left out findings (${left} not-applicable), as its "truncated" field says\n`,
    );
  });

  it("gives the same JSON in pieces as in one string, whole, cut or without findings", () => {
    const empty = sampleAssessment([]);
    const cases: [Assessment, number | undefined][] = [
      [assessment, undefined],
      [assessment, Math.floor(size * 0.3)],
      [empty, undefined],
    ];
    for (const [subject, bound] of cases) {
      const whole = renderJsonWithin(subject, bound);
      const parts = jsonPartsWithin(subject, bound);
      expect([...jsonChunks(parts)].join("")).toBe(whole.json);
      expect(parts.truncated).toEqual(whole.truncated);
    }
    // The findings come in pieces of bounded length, so no piece grows with the number of findings or workloads.
    const parts = jsonPartsWithin(assessment);
    const longest = Math.max(...json.split("\n").map((line) => line.length));
    expect(parts.findings.length).toBeGreaterThan(3);
    for (const piece of jsonChunks(parts)) expect(piece.length).toBeLessThanOrEqual(LIST_PIECE_UNITS + longest + 6);
  });

  it("writes from the CLI, to a file and to stdout, exactly the JSON renderJsonWithin gives", () => {
    const out = join(dir, "cli-whole");
    emitReports(assessment, ["json"], { out, name: "whole", summary: false });
    expect(readFileSync(join(out, "whole.json"), "utf8")).toBe(json);
    const printed: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      emitReports(assessment, ["json"], { out: "-", name: "whole", summary: false });
    } finally {
      spy.mockRestore();
    }
    expect(printed.join("")).toBe(json);
  });

  it("makes the whole JSON piece by piece as it is asked for, the same text as in one string", () => {
    // Findings that name workloads no service names: the table before the findings is filled from them.
    const unnamed = sampleAssessment(
      ["a", "b", "a"].map((name, i) =>
        sampleFinding({
          rule: `r/${i}`,
          workload: { kind: "Deployment", namespace: "ns", name, file: `deploy/${name}.yaml`, line: 1 },
        }),
      ),
    );
    const cut = { ...sampleAssessment([sampleFinding()]), truncated: { limitBytes: 1, findingsLeftOut: { pass: 5 } } };
    for (const subject of [assessment, sampleAssessment([]), unnamed, cut]) {
      expect([...jsonPieces(subject)].join("")).toBe(renderJson(subject));
    }
    expect(Object.keys(JSON.parse(renderJson(unnamed)).workloads)).toEqual(["w1", "w2"]);
    // The first piece of the findings is out before the last finding is read.
    const long = "x".repeat(LIST_PIECE_UNITS);
    const findings = [sampleFinding({ message: long }), sampleFinding({ rule: "b/rule", message: "late" })];
    const reads: string[] = [];
    const whole = renderJson(sampleAssessment(findings));
    Object.defineProperty(findings[1], "message", {
      enumerable: true,
      get: () => {
        reads.push("late");
        return "late";
      },
    });
    const pieces = jsonPieces(sampleAssessment(findings));
    let text = "";
    for (let next = pieces.next(); !next.done; next = pieces.next()) {
      text += next.value;
      if (text.includes(long)) break;
    }
    expect(reads).toEqual([]);
    for (let next = pieces.next(); !next.done; next = pieces.next()) text += next.value;
    expect(reads.length).toBeGreaterThan(0);
    expect(text).toBe(whole);
  });

  it("hands its writer pieces of some thirty thousand units: neither one per line nor one per list", () => {
    const many = sampleAssessment(Array.from({ length: 2000 }, (_, i) => sampleFinding({ rule: `r/${i % 40}`, message: `finding ${i}` })));
    const pieces = [...jsonPieces(many)];
    const units = pieces.reduce((sum, piece) => sum + piece.length, 0);
    expect(units).toBeGreaterThan(300_000);
    expect(pieces.length).toBeLessThan(60);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(40_000);
  });

  it("hands its writer a wave that names thousands of workloads in such pieces too, the same text as a whole", () => {
    const names = Array.from({ length: 5000 }, (_, i) => `cinder-api (Deployment openstack/cinder-api at region-${i}/cinder.yaml:238)`);
    const base = sampleAssessment([]);
    const wave = {
      wave: 2,
      title: "Scheduler with mitigations",
      family: "scheduled" as const,
      placement: "k8s-scheduled",
      effort: 0,
      blockers: [],
    };
    const many = { ...base, waves: [{ ...wave, services: names, reasons: names.map((n) => `${n}: ready`) }] };
    const pieces = [...jsonPieces(many)];
    expect(pieces.join("")).toBe(renderJson(many));
    expect(pieces.join("")).toContain(JSON.stringify(names.at(-1)));
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(40_000);
  });

  it("hands its writer the cut JSON in such pieces too, the same text jsonPartsWithin holds whole", () => {
    const many = sampleAssessment(Array.from({ length: 2000 }, (_, i) => sampleFinding({ rule: `r/${i % 40}`, message: `finding ${i}` })));
    const bound = Math.floor(Buffer.byteLength(renderJson(many)) * 0.7);
    const held = jsonPartsWithin(many, bound);
    const cut = cutJsonPieces(many, bound);
    const pieces = [...cut.pieces];
    expect(cut.truncated).toEqual(held.truncated);
    expect(cut.truncated.findingsLeftOut.fail).toBeGreaterThan(0);
    expect(pieces.join("")).toBe([...jsonChunks(held)].join(""));
    expect(pieces.length).toBeGreaterThan(5);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(40_000);
  });

  it("writes from the CLI within the bound exactly, and past it writes the cut JSON with no temporary file left", () => {
    const out = join(dir, "cli-bound");
    emitReports(assessment, ["json"], { out, name: "exact", summary: false, jsonLimit: size });
    expect(readFileSync(join(out, "exact.json"), "utf8")).toBe(json);
    const spy = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      emitReports(assessment, ["json"], { out, name: "over", summary: false, jsonLimit: size - 1 });
    } finally {
      spy.mockRestore();
    }
    expect(readFileSync(join(out, "over.json"), "utf8")).toBe(renderJsonWithin(assessment, size - 1).json);
    expect(readdirSync(out).sort()).toEqual(["exact.json", "over.json"]);
  });

  it("refuses to write an assessment that exceeds the bound without any finding", () => {
    expect(() => renderJsonWithin(assessment, 1000)).toThrow(/would exceed 1000 bytes even without its findings/);
  });

  it("refuses an assessment far past the bound without making the text of every finding", () => {
    // The first finding alone fills a piece of the findings list: past a bound of 100 bytes, nothing after it is needed.
    const findings = [sampleFinding({ message: "x".repeat(LIST_PIECE_UNITS) }), sampleFinding({ rule: "b/rule", message: "late" })];
    const reads: string[] = [];
    Object.defineProperty(findings[1], "message", {
      enumerable: true,
      get: () => {
        reads.push("late");
        return "late";
      },
    });
    expect(() => jsonPartsWithin(sampleAssessment(findings), 100)).toThrow(/would exceed 100 bytes even without its findings/);
    expect(reads).toEqual([]);
  });

  it("stops the CLI with a usage error, not an internal one, when the results alone exceed the bound", () => {
    const out = join(dir, "cli-too-large");
    let thrown: unknown;
    try {
      emitReports(assessment, ["json"], { out, name: "big", summary: false, jsonLimit: 1000 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as UsageError).code).toBe(2);
    expect((thrown as UsageError).message).toMatch(/would exceed 1000 bytes even without its findings; assess fewer inputs at a time/);
  });

  it("adds to the counts of an assessment that was already cut when it is written again", () => {
    const small = sampleAssessment([sampleFinding(), sampleFinding({ rule: "b/rule", status: "pass", message: "x" })]);
    const base = Buffer.byteLength(renderJson(small), "utf8");
    const again = renderJsonWithin({ ...small, truncated: { limitBytes: 1, findingsLeftOut: { pass: 5 } } }, base);
    expect(again.truncated?.findingsLeftOut).toEqual({ pass: 6 });
  });
});

describe("the catalog's JSON", () => {
  it("stays under 2.5 MB, as the default catalog job writes it", () => {
    const catalog = assess(loadInputs({ paths: [], cwd: dir }), { tool: { name: "blendcheck", version: "test" }, baseDir: dir });
    expect(catalog.services.length).toBeGreaterThan(50);
    expect(Buffer.byteLength(renderJson(catalog), "utf8")).toBeLessThan(2_500_000);
  });
});

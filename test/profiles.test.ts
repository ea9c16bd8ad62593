import { describe, expect, it } from "vitest";
import { countLeaves } from "../src/cli/commands/profiles-run.js";
import { loadInputs } from "../src/load/inputs.js";
import { formatProblem } from "../src/load/problem.js";
import { ROLES } from "../src/model/profile.js";
import { runCliInProcess } from "./helpers/cli-in-process.js";

const inputs = loadInputs({ paths: [], cwd: process.cwd() });
const profiles = inputs.profiles.map((p) => p.value);
const SOURCE = /^(https:\/\/\S+|[\w.-]+\/[\w.-]+(:\S+)?(@[0-9a-f]{7,40})?( commit [0-9a-f]{7,40})?)$/;

/** True when a profile carries evidence for `fact` or for a path below it. */
function hasEvidence(facts: readonly string[], fact: string): boolean {
  return facts.some((f) => f === fact || f.startsWith(`${fact}.`));
}

describe("the built-in profile catalog", () => {
  it("loads without problems", async () => {
    expect(inputs.problems.map(formatProblem)).toEqual([]);
  });

  it("holds at least 40 profiles", async () => {
    expect(profiles.length).toBeGreaterThanOrEqual(40);
  });

  it("has unique names", async () => {
    const names = profiles.map((p) => p.metadata.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it("gives each name or alias to one profile only", async () => {
    const owners = new Map<string, Set<string>>();
    for (const p of profiles) {
      for (const alias of [p.metadata.name, ...(p.metadata.aliases ?? [])]) {
        const key = alias.toLowerCase();
        owners.set(key, (owners.get(key) ?? new Set()).add(p.metadata.name));
      }
    }
    expect([...owners].filter(([, names]) => names.size > 1).map(([alias, names]) => `${alias}: ${[...names].join(", ")}`)).toEqual([]);
  });

  it("uses only known roles", async () => {
    const roles: readonly string[] = ROLES;
    expect(profiles.filter((p) => !roles.includes(p.spec.role)).map((p) => p.metadata.name)).toEqual([]);
  });

  it("gives evidence for identity, shutdown and every operation", async () => {
    const missing: string[] = [];
    for (const profile of profiles) {
      const facts = profile.spec.evidence.map((e) => e.fact);
      const name = profile.metadata.name;
      if (!hasEvidence(facts, "identity")) missing.push(`${name}: identity`);
      if (!hasEvidence(facts, "process.sigterm") && !hasEvidence(facts, "process.shutdownSeconds")) missing.push(`${name}: shutdown`);
      for (const op of profile.spec.operations ?? []) {
        if (!hasEvidence(facts, `operations.${op.name}`)) missing.push(`${name}: operations.${op.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("cites every source as an https URL or owner/repo:path", async () => {
    const bad = profiles.flatMap((p) =>
      p.spec.evidence.filter((e) => !SOURCE.test(e.source)).map((e) => `${p.metadata.name}: ${e.source}`),
    );
    expect(bad).toEqual([]);
  });
});

describe("blendcheck profiles", () => {
  it("counts leaf facts, an empty list as one and an absent value as none", async () => {
    expect(
      countLeaves({ role: "agent", operations: [], process: { sigterm: "graceful", startSeconds: undefined }, tags: ["a", "b"] }),
    ).toBe(5);
  });

  it("lists every profile as JSON", async () => {
    const result = await runCliInProcess(["profiles", "list", "--format", "json"]);
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as { name: string; facts: number; evidence: number }[];
    expect(rows.map((r) => r.name).sort()).toEqual(profiles.map((p) => p.metadata.name).sort());
    expect(rows.every((r) => r.facts > 0 && r.evidence > 0)).toBe(true);
  });

  it("shows a known profile", async () => {
    const result = await runCliInProcess(["profiles", "show", "nova-compute"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("nova-compute");
  });

  it("prints a profile whole as JSON", async () => {
    const result = await runCliInProcess(["profiles", "show", "nova-compute", "--format", "json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).metadata.name).toBe("nova-compute");
  });

  it("exits 2 for an unknown profile", async () => {
    const result = await runCliInProcess(["profiles", "show", "nope"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("nope");
  });
});

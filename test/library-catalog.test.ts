import { describe, expect, it } from "vitest";
import { loadInputs } from "../src/load/inputs.js";
import { formatProblem } from "../src/load/problem.js";
import type { Evidence } from "../src/model/common.js";

const inputs = loadInputs({ paths: [], cwd: process.cwd() });
// The library schema is a deep partial built at run time, so its spec is typed loosely.
const libraries = inputs.libraries.map((l) => ({
  name: l.value.metadata.name,
  spec: l.value.spec as Record<string, unknown> & { evidence: Evidence[] },
}));
const SOURCE = /^(https:\/\/\S+|[\w.-]+\/[\w.-]+(:\S+)?(@[0-9a-f]{7,40})?)$/;

/** The dotted paths of every leaf fact in a fact tree; an array counts as one leaf. */
function leafPaths(value: unknown, prefix: string): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, prefix ? `${prefix}.${key}` : key));
}

describe("the built-in libraries of shared facts", () => {
  it("load without problems", () => {
    expect(inputs.problems.map(formatProblem)).toEqual([]);
    expect(libraries.map((l) => l.name).sort()).toEqual(["oslo-config", "oslo-log", "oslo-messaging-rpc-server", "oslo-service", "uwsgi"]);
  });

  it("give evidence for every fact they declare, at the fact or above it", () => {
    const missing = libraries.flatMap((library) => {
      const { evidence, ...facts } = library.spec;
      const cited = evidence.map((e) => e.fact);
      return leafPaths(facts, "")
        .filter((leaf) => !cited.some((fact) => leaf === fact || leaf.startsWith(`${fact}.`)))
        .map((leaf) => `${library.name}: ${leaf}`);
    });
    expect(missing).toEqual([]);
  });

  it("cite every source as an https URL or owner/repo:path at a commit", () => {
    const bad = libraries.flatMap((l) => l.spec.evidence.filter((e) => !SOURCE.test(e.source)).map((e) => `${l.name}: ${e.source}`));
    expect(bad).toEqual([]);
  });

  it("are each used by at least one profile", () => {
    const used = new Set(inputs.profiles.flatMap((p) => p.value.spec.uses ?? []));
    expect(libraries.map((l) => l.name).filter((name) => !used.has(name))).toEqual([]);
  });

  it("reach the profiles that use them, under the profile's own facts", () => {
    const profile = (name: string) => inputs.profiles.find((p) => p.value.metadata.name === name)?.value;
    // nova-compute inherits the RPC server's ack-before-dispatch but keeps its own host-keyed queue.
    expect(profile("nova-compute")?.spec.process?.rpc).toEqual({ consumer: true, ackBeforeDispatch: true, queueKeyedBy: "hostname" });
    // nova-scheduler keeps Nova's 180 s over oslo.service's 60 s default, and the shared topic over the host queue.
    expect(profile("nova-scheduler")?.spec.process?.shutdownSeconds).toBe(180);
    expect(profile("nova-scheduler")?.spec.process?.rpc?.queueKeyedBy).toBe("topic");
    // keystone-api inherits uWSGI's SIGTERM reload: die-on-term is a deployment's choice.
    expect(profile("keystone-api")?.spec.process?.sigterm).toBe("reload");
  });
});

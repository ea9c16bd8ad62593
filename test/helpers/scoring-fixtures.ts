import { expect } from "vitest";
import { loadDocuments } from "../../src/load/documents.js";
import type { Inputs } from "../../src/load/inputs.js";

/**
 * A small, made-up world for the mitigate stage and scoring v2: three placements (one per wave
 * family, with names no code knows), five rules (two share the `grace-period` mechanism, one is
 * blocking) and three mitigations (a cheap and a dear one for the same fix, and an upstream change).
 */
export function placementYaml(name: string, family: "scheduled" | "pinned" | "fixed", over: Record<string, unknown> = {}): string {
  const spec = {
    scheduler: family === "fixed" ? "none" : "kubernetes",
    ipStable: family !== "scheduled",
    hostnameStable: family !== "scheduled",
    movesBetweenHosts: family === "scheduled",
    hostNetwork: family !== "scheduled",
    hostAccess: family !== "scheduled",
    graceSeconds: 30,
    restartsOnConfigChange: true,
    serviceDiscovery: "dns",
    overlapsReplacement: family === "scheduled",
    stableDnsName: false,
    stateFollowsInstance: false,
    waveFamily: family,
    events: { restart: 2, "ip-change": family === "scheduled" ? 2 : 0 },
    evidence: [{ fact: "graceSeconds", claim: "A made-up placement for tests.", source: "https://kubernetes.io/" }],
    ...over,
  };
  return JSON.stringify({ apiVersion: "blendcheck/v1", kind: "Placement", metadata: { name, title: name }, spec });
}

export function ruleYaml(id: string, fields: Record<string, unknown>): string {
  const [dimension] = id.split("/");
  return JSON.stringify({
    apiVersion: "blendcheck/v1",
    kind: "Rule",
    id,
    title: `Title of ${id}`,
    dimension,
    ...(dimension === "twelve-factor" ? { factor: "XI" } : {}),
    severity: "high",
    trigger: "restart",
    message: `${id} fails for {{service.name}}`,
    rationale: "It matters for the test.",
    remediation: "Change it for the test.",
    effort: 2,
    references: [{ title: "Kubernetes", url: "https://kubernetes.io/" }],
    ...fields,
  });
}

export function mitigationYaml(id: string, fields: Record<string, unknown>): string {
  return JSON.stringify({
    apiVersion: "blendcheck/v1",
    kind: "Mitigation",
    id,
    title: `Title of ${id}`,
    placements: ["sched"],
    remediationKind: "deployment",
    effort: 1,
    cost: "Nothing much to run.",
    rationale: "It works in the test.",
    references: [{ title: "Kubernetes", url: "https://kubernetes.io/" }],
    ...fields,
  });
}

export function profileYaml(name: string, spec: Record<string, unknown>): string {
  return JSON.stringify({
    apiVersion: "blendcheck/v1",
    kind: "ServiceProfile",
    metadata: { name, project: "demo" },
    spec: { role: "worker", evidence: [], ...spec },
  });
}

export const GRACE_RULES = [
  ruleYaml("termination/grace-covers-shutdown", {
    when: "service.process.sigterm == 'graceful'",
    fails: "service.process.shutdownSeconds > placement.graceSeconds",
    mechanism: "grace-period",
    effort: 1,
  }),
  ruleYaml("termination/grace-drains-rpc", {
    severity: "medium",
    when: "service.process.sigterm == 'graceful'",
    fails: "service.process.shutdownSeconds > placement.graceSeconds",
    mechanism: "grace-period",
    effort: 3,
  }),
];

export const OTHER_RULES = [
  ruleYaml("ip-movement/needs-host-network", {
    when: "service.network.hostNetwork",
    fails: "!placement.hostNetwork",
    blocking: true,
    severity: "medium",
  }),
  ruleYaml("ip-movement/peers-by-ip", {
    when: "has(service.network.peers)",
    fails: "service.network.peers.exists(p, p.addressing == 'ip-literal') && !placement.ipStable",
  }),
  ruleYaml("twelve-factor/logs-to-stream", { severity: "low", fails: "service.logging.default == 'file'" }),
];

export const MITIGATIONS = [
  mitigationYaml("raise-grace", {
    applies: "has(service.process.shutdownSeconds)",
    sets: { "placement.graceSeconds": "service.process.shutdownSeconds + 10" },
    effort: 1,
  }),
  mitigationYaml("raise-grace-twice", {
    applies: "has(service.process.shutdownSeconds)",
    sets: { "placement.graceSeconds": "service.process.shutdownSeconds * 2" },
    effort: 3,
  }),
  mitigationYaml("peers-by-dns", {
    applies: "has(service.network.peers)",
    sets: { "service.network.peers": "[{'name': 'peers', 'addressing': 'dns-name'}]" },
    remediationKind: "upstream",
    effort: 8,
  }),
];

/** Loads the documents (each as its own file, paths mirroring ids) into the Inputs that `assess` takes. */
export function buildInputs(documents: readonly string[]): Inputs {
  const files = documents.map((text, index) => {
    const doc = JSON.parse(text) as { kind: string; id?: string; metadata?: { name: string } };
    const name = doc.id ?? doc.metadata?.name ?? String(index);
    const folder = doc.kind === "Mitigation" ? "rules/mitigations" : doc.kind === "Rule" ? "rules" : `docs/${index}`;
    // Block YAML whose values are JSON flow nodes, so the `apiVersion: blendcheck/v1` line is there.
    const lines = Object.entries(JSON.parse(text) as Record<string, unknown>).map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
    return { file: `${folder}/${name}.yaml`, text: `${lines.join("\n")}\n` };
  });
  const loaded = loadDocuments(files);
  expect(loaded.problems).toEqual([]);
  return {
    profiles: loaded.profiles,
    placements: loaded.placements,
    rules: loaded.rules,
    ruleTests: loaded.ruleTests,
    mitigations: loaded.mitigations,
    mitigationTests: loaded.mitigationTests,
    libraries: loaded.libraries,
    policies: loaded.policies,
    userServices: [],
    extracted: { facts: [], unrecognized: [], problems: [], skipped: [], workloads: [] },
    userFiles: [],
    inputs: [],
    problems: [],
  };
}

/** The standard world: the three placements, all rules and mitigations, and the given profiles. */
export function standardInputs(profiles: readonly string[]): Inputs {
  return buildInputs([
    placementYaml("sched", "scheduled"),
    placementYaml("pin", "pinned"),
    placementYaml("fixed", "fixed", { graceSeconds: 600 }),
    ...GRACE_RULES,
    ...OTHER_RULES,
    ...MITIGATIONS,
    ...profiles,
  ]);
}

/** Scoring that prefers the made-up placements: sched, then pin, then fixed. */
export const TEST_SCORING = {
  weights: { critical: 10, high: 5, medium: 3, low: 1, info: 0 },
  thresholds: { minConfidence: 0.6, ready: 90, readyWithMitigations: 75, needsWork: 50 },
  preference: ["sched", "pin", "fixed"],
  target: "sched",
};

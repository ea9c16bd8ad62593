import { dump } from "js-yaml";
import { loadInputs } from "../../load/inputs.js";
import { formatProblem, hasErrors } from "../../load/problem.js";
import type { ServiceProfile } from "../../model/profile.js";
import { EXIT, UsageError } from "../exit-codes.js";
import type { ProfilesArgs } from "./profiles.js";

/** One row of `profiles list`: a profile and how much is known about it. */
export interface ProfileRow {
  name: string;
  project: string;
  role: string;
  facts: number;
  evidence: number;
}

/** Runs `blendcheck profiles`, loaded only when the command runs. */
export async function runProfiles(args: ProfilesArgs): Promise<number> {
  const inputs = loadInputs({ paths: [], cwd: process.cwd() });
  for (const problem of inputs.problems) process.stderr.write(`${formatProblem(problem)}\n`);
  if (hasErrors(inputs.problems)) return EXIT.badInput;
  const profiles = inputs.profiles.map((p) => p.value).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  if (args.action === "show") {
    const profile = profiles.find((p) => p.metadata.name === args.name);
    if (!profile) throw new UsageError(`expected a profile name such as nova-compute, got ${JSON.stringify(args.name ?? "")}`);
    process.stdout.write(renderProfile(profile, args.format));
    return EXIT.ok;
  }
  const rows = profiles.map(summarizeProfile);
  if (args.format === "json") process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (args.format === "yaml") process.stdout.write(dump(rows));
  else process.stdout.write(renderTable(rows));
  return EXIT.ok;
}

/** Summarizes a profile as a `profiles list` row. */
export function summarizeProfile(profile: ServiceProfile): ProfileRow {
  const { evidence, ...facts } = profile.spec;
  return {
    name: profile.metadata.name,
    project: profile.metadata.project,
    role: profile.spec.role,
    facts: countLeaves(facts),
    evidence: evidence.length,
  };
}

/** Counts the scalar leaves of a value; an empty array counts as one known fact. */
export function countLeaves(value: unknown): number {
  if (Array.isArray(value)) return value.length === 0 ? 1 : value.reduce((sum: number, item) => sum + countLeaves(item), 0);
  if (value !== null && typeof value === "object") return Object.values(value).reduce((sum: number, item) => sum + countLeaves(item), 0);
  return value === undefined ? 0 : 1;
}

function renderTable(rows: readonly ProfileRow[]): string {
  const lines = [`${"NAME".padEnd(28)} ${"PROJECT".padEnd(14)} ${"ROLE".padEnd(18)} ${"FACTS".padStart(5)} ${"EVIDENCE".padStart(8)}`];
  for (const r of rows) {
    lines.push(
      `${r.name.padEnd(28)} ${r.project.padEnd(14)} ${r.role.padEnd(18)} ${String(r.facts).padStart(5)} ${String(r.evidence).padStart(8)}`,
    );
  }
  const facts = rows.reduce((sum, r) => sum + r.facts, 0);
  const evidence = rows.reduce((sum, r) => sum + r.evidence, 0);
  lines.push(`${rows.length} profile(s), ${facts} fact(s), ${evidence} evidence item(s)`);
  return `${lines.join("\n")}\n`;
}

function renderProfile(profile: ServiceProfile, format: string): string {
  if (format === "json") return `${JSON.stringify(profile, null, 2)}\n`;
  if (format === "yaml") return dump(profile, { lineWidth: 120 });
  const { metadata, spec } = profile;
  const row = summarizeProfile(profile);
  const lines = [`${metadata.name} (${metadata.project}, ${spec.role})`];
  if (metadata.description) lines.push(`  ${metadata.description}`);
  if (spec.variant) lines.push(`  variant: ${spec.variant}`);
  if (metadata.releases?.length) lines.push(`  releases: ${metadata.releases.join(", ")}`);
  if (metadata.aliases?.length) lines.push(`  aliases: ${metadata.aliases.join(", ")}`);
  const process = spec.process;
  if (process) {
    const shutdown = process.shutdownSeconds === undefined ? "" : `, shutdown ${process.shutdownSeconds}s`;
    lines.push(`  process: ${process.runtime ?? "?"}, SIGTERM ${process.sigterm ?? "?"}${shutdown}, ${process.concurrency ?? "?"}`);
  }
  if (spec.identity) {
    const pinned = spec.identity.pinnedBy ? `, pinned by ${spec.identity.pinnedBy}` : "";
    lines.push(`  identity: from ${spec.identity.source}${pinned}`);
  }
  if (spec.host?.privileged !== undefined) lines.push(`  privileged: ${spec.host.privileged}`);
  for (const op of spec.operations ?? []) lines.push(`  operation ${op.name}: interruption ${op.interruption}, recovery ${op.recovery}`);
  if (spec.dependencies?.length) lines.push(`  depends on: ${spec.dependencies.join(", ")}`);
  lines.push(`  ${row.facts} fact(s), ${row.evidence} evidence item(s)`);
  return `${lines.join("\n")}\n`;
}

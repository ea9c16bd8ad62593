import { readdirSync } from "node:fs";
import { join } from "node:path";
import { assess } from "../../src/assess.js";
import { loadInputs } from "../../src/load/inputs.js";

const TOOL = { name: "blendcheck", version: "test" };

/** The fixture runs whose positions are compared: every artifact folder on its own, and the catalog alone. */
export function positionRuns(root: string): { name: string; paths: string[] }[] {
  const artifacts = join(root, "fixtures", "artifacts");
  const folders = readdirSync(artifacts, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return [{ name: "catalog", paths: [] }, ...folders.map((name) => ({ name, paths: [join("fixtures", "artifacts", name)] }))];
}

/**
 * Every position one run reports or keeps: problems, unrecognized files, the location of every fact
 * the readers found, and the locations of every finding that cites one.
 */
export function summarizePositions(root: string, paths: string[]): Record<string, string[]> {
  const inputs = loadInputs({ paths, cwd: root });
  const assessment = assess(inputs, { tool: TOOL, generatedAt: null });
  const at = (l: { file: string; line: number; column?: number }) => `${l.file}:${l.line}:${l.column ?? ""}`;
  const described = new Set(inputs.extracted.facts.map((f) => f.service));
  const facts = inputs.extracted.facts.flatMap((f) =>
    Object.entries(f.locations)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([fact, l]) => `${f.service} ${fact} ${at(l)}`),
  );
  return {
    problems: inputs.problems.map((p) => `${p.code} ${at(p)}`),
    unrecognized: inputs.extracted.unrecognized.map((u) => `${u.name} ${at(u)}`),
    facts,
    // Placements rarely change where a finding points, so identical lines are kept once; an artifact
    // run keeps only the services its artifacts describe (the catalog run covers the rest).
    findings: [
      ...new Set(
        assessment.findings
          .filter((f) => f.locations.length > 0 && (paths.length === 0 || described.has(f.service)))
          .map((f) => `${f.service} ${f.rule} ${f.status} ${f.locations.map(at).join(" ")}`),
      ),
    ],
  };
}

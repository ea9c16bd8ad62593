import { existsSync, realpathSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { type Loaded, loadDocuments } from "../load/documents.js";
import { readInputFile } from "../load/files.js";
import type { Problem } from "../load/problem.js";
import { describeSuggestion } from "../load/suggest.js";
import { locatePath } from "../load/yaml.js";
import type { Policy } from "../model/policy.js";

/** The file name the gate reads from the working directory when `--policy` is not given. */
export const DEFAULT_POLICY_FILE = ".blendcheck.yaml";

/** A loaded policy, or every problem that stopped it loading. */
export type PolicyLoad = { ok: true; policy: Loaded<Policy> } | { ok: false; problems: Problem[] };

/** Reads and validates one policy file; a file with no Policy document, or several, is a problem. */
export function loadPolicyFile(path: string, cwd: string): PolicyLoad {
  const read = readInputFile(resolve(cwd, path), cwd);
  if (!read.ok) return { ok: false, problems: [read.problem] };
  const loaded = loadDocuments([read.input]);
  const problems = [...loaded.problems];
  if (problems.length === 0 && loaded.policies.length !== 1) {
    problems.push({
      file: read.input.file,
      line: 1,
      column: 1,
      severity: "error",
      code: "expected-policy",
      path: "",
      message: `expected exactly one document of kind Policy (apiVersion blendcheck/v1), got ${loaded.policies.length}`,
    });
  }
  const policy = loaded.policies[0];
  return problems.length > 0 || !policy ? { ok: false, problems } : { ok: true, policy };
}

/** The policy file to use: the one named, else `.blendcheck.yaml` in `cwd` when it exists. */
export function findPolicyFile(named: string | undefined, cwd: string): string | undefined {
  if (named !== undefined) return named;
  return existsSync(resolve(cwd, DEFAULT_POLICY_FILE)) ? DEFAULT_POLICY_FILE : undefined;
}

/** Problems for placements the policy names (targets and waivers) that no loaded placement has. */
export function checkPolicyPlacements(policy: Loaded<Policy>, known: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  const expected = `expected one of ${[...known].sort().join(", ")}`;
  (policy.value.spec.placements ?? []).forEach((name, i) => {
    if (!known.has(name)) {
      problems.push(placementProblem(policy, ["spec", "placements", i], `${expected}, got ${name}${describeSuggestion(name, known)}`));
    }
  });
  (policy.value.spec.waivers ?? []).forEach((waiver, i) => {
    if (waiver.placement !== undefined && !known.has(waiver.placement)) {
      problems.push(
        placementProblem(
          policy,
          ["spec", "waivers", i, "placement"],
          `${expected}, got ${waiver.placement}${describeSuggestion(waiver.placement, known)}`,
        ),
      );
    }
  });
  return problems;
}

/**
 * The policy's baseline path, resolved against the policy file's folder. A policy may come from a
 * pull request, so the baseline must stay inside the policy's folder tree or the working directory
 * (symbolic links resolved): otherwise the policy could make CI read any file on the runner.
 */
export function resolvePolicyBaseline(
  policy: Loaded<Policy>,
  cwd: string,
): { ok: true; path: string | undefined } | { ok: false; problem: Problem } {
  const baseline = policy.value.spec.baseline;
  if (baseline === undefined) return { ok: true, path: undefined };
  const path = resolve(cwd, dirname(policy.file), baseline);
  const roots = [resolve(cwd, dirname(policy.file)), resolve(cwd)].map(realPathOf);
  const target = realPathOf(path);
  if (roots.some((root) => target === root || target.startsWith(root + sep))) return { ok: true, path };
  const { line, column } = locatePath(policy.text, policy.docIndex, ["spec", "baseline"]);
  return {
    ok: false,
    problem: {
      file: policy.file,
      line,
      column,
      severity: "error",
      code: "baseline-outside-policy",
      path: "spec.baseline",
      message:
        "expected a baseline inside the policy's folder or the working directory, got a path outside both; pass --baseline to name it explicitly",
    },
  };
}

/** The real path when it exists (links resolved), else the path as given. */
function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function placementProblem(policy: Loaded<Policy>, path: (string | number)[], message: string): Problem {
  const { line, column } = locatePath(policy.text, policy.docIndex, path);
  return { file: policy.file, line, column, severity: "error", code: "unknown-placement", path: path.join("."), message };
}

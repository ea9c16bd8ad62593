import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";

/**
 * Microsoft's SARIF Multitool (about 100 MB, so not a dependency): `SARIF_MULTITOOL` names its
 * executable (.ci/run installs it and sets it), else a copy installed with
 * `npm install --no-save @microsoft/sarif-multitool` is used.
 */
function findMultitool(): string | undefined {
  const named = process.env.SARIF_MULTITOOL;
  if (named) return named;
  try {
    // The package's main export is the path of the platform's executable.
    const found = createRequire(join(ROOT, "package.json"))("@microsoft/sarif-multitool") as string;
    return existsSync(found) ? found : undefined;
  } catch {
    return undefined;
  }
}

const multitool = findMultitool();
// On CI a missing validator is a failure, never a skip.
const runCheck = multitool !== undefined || Boolean(process.env.CI);
if (!runCheck) {
  console.warn(
    "skipping the SARIF Multitool check: run `npm install --no-save @microsoft/sarif-multitool` or set SARIF_MULTITOOL to its executable",
  );
}

interface Issue {
  ruleId: string;
  level: string;
  text: string;
}

/** Validates a SARIF file with the schema rules and GitHub's ingestion rules, returning every issue found. */
function validate(file: string): Issue[] {
  if (!multitool) throw new Error("SARIF_MULTITOOL is required on CI; .ci/run installs @microsoft/sarif-multitool");
  const out = `${file}.validation.sarif`;
  const run = spawnSync(multitool, ["validate", file, "--rule-kind", "Sarif;Gh", "--output", out, "--log", "ForceOverwrite"], {
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: "1" },
  });
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  const log = JSON.parse(readFileSync(out, "utf8")) as {
    runs: { results?: { ruleId: string; level?: string; message: { text?: string; arguments?: string[] } }[] }[];
  };
  return (log.runs[0]?.results ?? []).map((r) => ({
    ruleId: r.ruleId,
    level: r.level ?? "warning",
    text: r.message.text ?? (r.message.arguments ?? []).join(" "),
  }));
}

describe.runIf(runCheck)("SARIF checked by Microsoft's SARIF Multitool, GitHub ingestion rules included", () => {
  it("finds no error in the SARIF of the built-in catalog or of a gate on the user's files", () => {
    const dir = tempDir("blendcheck-sarif-");
    expect(runCli(["assess", "--format", "sarif", "--out", dir]).code).toBe(0);
    const catalog = join(dir, "openstack.sarif");
    expect(validate(catalog).filter((i) => i.level === "error")).toEqual([]);

    const gate = runCli(["gate", join(ROOT, "fixtures", "artifacts", "k8s"), "--format", "sarif", "--out", dir, "--name", "gate"]);
    expect([0, 1], gate.stderr).toContain(gate.code);
    expect(validate(join(dir, "gate.sarif")).filter((i) => i.level === "error")).toEqual([]);
  });

  it("reports a broken file, so the check can fail", () => {
    const dir = tempDir("blendcheck-sarif-");
    expect(runCli(["assess", "--service", "nova-api", "--format", "sarif", "--out", dir]).code).toBe(0);
    const sarif = JSON.parse(readFileSync(join(dir, "openstack.sarif"), "utf8"));
    delete sarif.runs[0].tool.driver.name;
    writeFileSync(join(dir, "broken.sarif"), JSON.stringify(sarif));
    const issues = validate(join(dir, "broken.sarif"));
    expect(issues).toContainEqual(expect.objectContaining({ ruleId: "JSON1002", level: "error" }));
  });
});

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Assessment } from "../src/model/assessment.js";
import { parseAssessmentJson } from "./helpers/assessment-json.js";
import { runCli, tempDir } from "./helpers/cli.js";

/** A compose file with one OpenStack service (kolla's keystone image) and one unrelated, privileged web server. */
const COMPOSE = `services:
  keystone:
    image: kolla/keystone:2024.1
    network_mode: host
  web:
    image: nginx:1.27
    privileged: true
    volumes:
      - /srv/www:/usr/share/nginx/html
`;

const PRIVILEGED = "deployment/privileged-only-when-needed";

/** The 1-based line of the first line of the compose file that equals `text`. */
function lineOf(text: string): number {
  return COMPOSE.split("\n").indexOf(text) + 1;
}

function assessCompose(extra: string[] = []): Assessment {
  const dir = tempDir("blendcheck-compose-");
  writeFileSync(join(dir, "docker-compose.yml"), COMPOSE);
  const run = runCli(["assess", "docker-compose.yml", ...extra, "--format", "json", "--out", "out"], { cwd: dir });
  expect(run.code, run.stderr).toBe(0);
  return parseAssessmentJson(readFileSync(join(dir, "out", "blendcheck.json"), "utf8"));
}

describe("compose services outside the catalog", () => {
  it("are assessed as generic workloads at their file and line, next to the catalog service", () => {
    const assessment = assessCompose();
    expect(assessment.services.map((s) => [s.name, s.project, s.workload?.name, s.workload?.file, s.workload?.line])).toEqual([
      ["keystone-api", "keystone", "keystone", "docker-compose.yml", lineOf("  keystone:")],
      ["web", "generic", "web", "docker-compose.yml", lineOf("  web:")],
    ]);
    const failing = assessment.findings.filter((f) => f.service === "web" && f.status === "fail");
    expect(failing.map((f) => [f.rule, f.workload?.line])).toContainEqual([PRIVILEGED, lineOf("  web:")]);
    const privileged = failing.find((f) => f.rule === PRIVILEGED);
    expect(privileged?.locations.map((l) => `${l.file}:${l.line}`)).toContain(`docker-compose.yml:${lineOf("    privileged: true")}`);
    // Still listed as outside the catalog, saying how it was assessed.
    expect(assessment.unrecognized.map((u) => [u.name, u.line, u.reason.includes("assessed as generic")])).toEqual([
      ["web", lineOf("  web:"), true],
    ]);
  });

  it("are only listed with --catalog-only", () => {
    const assessment = assessCompose(["--catalog-only"]);
    expect(assessment.services.map((s) => s.name)).toEqual(["keystone-api"]);
    expect(assessment.findings.some((f) => f.service === "web")).toBe(false);
    expect(assessment.unrecognized.map((u) => [u.name, u.reason.includes("assessed as generic")])).toEqual([["web", false]]);
  });
});

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Log } from "sarif";
import { describe, expect, it } from "vitest";
import { shortPathOf } from "../src/cli/write-report.js";
import { displayPath, listFiles } from "../src/load/files.js";
import { runCli, tempDir } from "./helpers/cli.js";
import { keystoneDeployment } from "./helpers/manifests.js";

const KEYSTONE = keystoneDeployment({ name: "keystone-api", replicas: 1, privileged: true });

/** A tree with the manifests in `shared/` and two clones, `one/repo` and `two/repo`, each two levels below it. */
function tree(): string {
  const root = tempDir("blendcheck-above-");
  mkdirSync(join(root, "shared", "deploy"), { recursive: true });
  writeFileSync(join(root, "shared", "deploy", "keystone.yaml"), KEYSTONE);
  writeFileSync(join(root, "shared", "deploy", "broken.yaml"), "kind: Deployment\nmetadata: [\n");
  for (const clone of ["one", "two"]) mkdirSync(join(root, clone, "repo"), { recursive: true });
  return root;
}

const FORMATS = ["json", "sarif", "md", "junit", "html"] as const;

describe("inputs above the working directory", () => {
  const root = tree();
  const runs = ["one", "two"].map((clone) => {
    const cwd = join(root, clone, "repo");
    const run = runCli(["assess", "../../shared/deploy", "--format", FORMATS.join(","), "--out", "reports"], { cwd });
    const files = Object.fromEntries(readdirSync(join(cwd, "reports")).map((f) => [f, readFileSync(join(cwd, "reports", f), "utf8")]));
    return { run, files };
  });

  it("are written relative to it in every format, byte for byte the same from two working directories", () => {
    const [one, two] = runs;
    expect(one?.run.stderr).toContain("../../shared/deploy/broken.yaml:3:1 error");
    expect(Object.keys(one?.files ?? {})).toHaveLength(FORMATS.length);
    for (const [name, text] of Object.entries(one?.files ?? {})) {
      expect(text, name).not.toContain(root);
      expect(text, name).toBe(two?.files[name]);
    }
    const json = JSON.parse(one?.files["blendcheck.json"] ?? "{}");
    expect(Object.values(json.workloads).map((w) => (w as { file: string }).file)).toEqual(["../../shared/deploy/keystone.yaml"]);
    expect(json.problems.map((p: { file: string }) => p.file)).toContain("../../shared/deploy/broken.yaml");
  });

  it("are placed in SARIF under a base of their own, with no '..' segment in any URI", () => {
    const sarif = JSON.parse(runs[0]?.files["blendcheck.sarif"] ?? "{}") as Log;
    const run = sarif.runs[0];
    const uris = (run?.results ?? []).flatMap((r) => (r.locations ?? []).map((l) => l.physicalLocation?.artifactLocation));
    expect(uris.length).toBeGreaterThan(0);
    expect(uris).toContainEqual({ uri: "shared/deploy/keystone.yaml", uriBaseId: "SRCROOT_UP2" });
    for (const location of uris) if (location) expect(location.uri?.split("/")).not.toContain("..");
    expect(Object.keys(run?.originalUriBaseIds ?? {})).toEqual(["%SRCROOT%", "SRCROOT_UP2"]);
    expect(run?.originalUriBaseIds?.SRCROOT_UP2?.description?.text).toContain("../../");
  });

  it("says where it wrote each report relative to the working directory", () => {
    for (const format of FORMATS)
      expect(runs[0]?.run.stderr).toContain(`wrote reports/blendcheck${format === "junit" ? ".junit.xml" : `.${format}`}\n`);
  });
});

describe("shortPathOf", () => {
  it("is relative when shorter and below the root, else absolute", () => {
    expect(shortPathOf("/home/me/repo/out/x.json", "/home/me/repo")).toBe("out/x.json");
    expect(shortPathOf("/home/me/out/x.json", "/home/me/repo")).toBe("../out/x.json");
    // Climbing to the root and down again is longer to read than the absolute path.
    expect(shortPathOf("/tmp/out/x.json", "/home/me")).toBe("/tmp/out/x.json");
    expect(shortPathOf("/tmp/x.json", "/")).toBe("tmp/x.json");
    expect(shortPathOf("/home/me", "/home/me")).toBe("/home/me");
  });
});

describe("displayPath", () => {
  it("names a file above the working directory relative to it, unless reaching it climbs to the root", () => {
    expect(displayPath("/home/me/shared/corpus/x.yaml", "/home/me/repo")).toBe("../shared/corpus/x.yaml");
    expect(displayPath("/home/me/repo/deploy/x.yaml", "/home/me/repo")).toBe("deploy/x.yaml");
    expect(displayPath("/dev/zero", "/tmp")).toBe("/dev/zero");
    expect(displayPath("/var/scratch/x.yaml", "/home/me/repo")).toBe("/var/scratch/x.yaml");
  });

  it("names a file anew from another working directory", () => {
    expect(displayPath("/home/me/repo/deploy/x.yaml", "/home/me/repo")).toBe("deploy/x.yaml");
    expect(displayPath("/home/me/repo/deploy/x.yaml", "/home/me")).toBe("repo/deploy/x.yaml");
    expect(displayPath("/home/me/repo/deploy/x.yaml", "/home/me/repo")).toBe("deploy/x.yaml");
  });
});

describe("--exclude on inputs above the working directory", () => {
  it("matches a `**` glob against them as it did when they were named by their absolute path", () => {
    const root = tree();
    mkdirSync(join(root, "shared", "deploy", "tests"));
    writeFileSync(join(root, "shared", "deploy", "tests", "t.yaml"), KEYSTONE);
    const cwd = join(root, "one", "repo");
    const listed = listFiles(["../../shared/deploy"], cwd, { exclude: ["**/tests/**"] });
    expect(listed.files.map((f) => displayPath(f, cwd))).toEqual(["../../shared/deploy/broken.yaml", "../../shared/deploy/keystone.yaml"]);
    const relative = listFiles(["../../shared/deploy"], cwd, { exclude: ["../../shared/deploy/broken.yaml"] });
    expect(relative.files.map((f) => displayPath(f, cwd))).toEqual([
      "../../shared/deploy/keystone.yaml",
      "../../shared/deploy/tests/t.yaml",
    ]);
  });
});

import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, tempDir } from "./helpers/cli.js";
import { bundledFiles, packageOfFile } from "./helpers/imports.js";

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", timeout: 240_000, env: { ...process.env, NO_COLOR: "1" } });
  return { code: result.status ?? -1, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

describe("the license", () => {
  it("ships the Apache-2.0 text that package.json names", () => {
    const text = readFileSync(join(ROOT, "LICENSE"), "utf8");
    expect(pkg.license).toBe("Apache-2.0");
    expect(text).toMatch(/Apache License\s+Version 2\.0, January 2004/);
    expect(text).toContain("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION");
    expect(text).toContain("END OF TERMS AND CONDITIONS");
    expect(pkg.files).toContain("LICENSE");
  });

  it("gives the notice, with its license text, of every package the CLI's bundles hold", () => {
    const chunks = join(ROOT, "dist", "chunks");
    const bundled = new Set<string>();
    for (const name of readdirSync(chunks).filter((file) => file.endsWith(".mjs"))) {
      for (const file of bundledFiles(join(chunks, name))) bundled.add(packageOfFile(file));
    }
    expect([...bundled]).toContain("yargs");
    const notices = readFileSync(join(ROOT, "dist", "THIRD-PARTY-NOTICES.md"), "utf8");
    for (const bundledPackage of bundled) {
      const { name, version, license } = JSON.parse(readFileSync(join(ROOT, "node_modules", bundledPackage, "package.json"), "utf8"));
      const section = notices.split(/^## /m).find((part) => part.startsWith(`${name} ${version} (${license})\n`));
      expect(section, `${name} ${version}`).toMatch(/Permission|Copyright/);
    }
  });
});

describe("the built bin", () => {
  it("is executable as built, so a link to it runs without npm making it so", () => {
    expect(statSync(join(ROOT, "dist", "cli.mjs")).mode & 0o111).not.toBe(0);
  });
});

describe("the packed tarball, installed in an empty folder", () => {
  let project: string;
  let tarball: string;

  beforeAll(() => {
    const packs = tempDir("blendcheck-pack-");
    const packed = run("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", packs], ROOT);
    expect(packed.code, packed.stderr).toBe(0);
    tarball = join(packs, readdirSync(packs).find((f) => f.endsWith(".tgz")) ?? "");
    project = tempDir("blendcheck-consumer-");
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module" }));
    // From the npm cache the project's own install filled; only package metadata the cache lacks is fetched.
    const installed = run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball], project);
    expect(installed.code, installed.stderr).toBe(0);
  }, 300_000);

  it("holds the LICENSE, the bundles and the declarations", () => {
    const listed = run("tar", ["-tzf", tarball], ROOT).stdout.split("\n");
    const shipped = ["package/LICENSE", "package/dist/THIRD-PARTY-NOTICES.md", "package/dist/cli.mjs", "package/dist/index.mjs"];
    for (const file of [...shipped, "package/dist/types/index.d.ts"]) {
      expect(listed).toContain(file);
    }
    expect(pkg.types).toBe("dist/types/index.d.ts");
    expect(pkg.exports["."].types).toBe("./dist/types/index.d.ts");
  });

  it("runs `blendcheck assess` there and prints the summary", () => {
    // As the README runs it: npx --no never reaches for a registry.
    const result = run("npx", ["--no", "blendcheck", "assess", "--format", "json", "--out", "reports"], project);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^k8s-scheduled\s+\d+/m);
    expect(JSON.parse(readFileSync(join(project, "reports", "openstack.json"), "utf8")).services.length).toBeGreaterThan(40);
  });

  it("type-checks a small consumer against the shipped declarations, and rejects a wrong call", () => {
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2023",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          types: [],
          skipLibCheck: false,
        },
        include: ["*.ts"],
      }),
    );
    const consumer = (extra: string) =>
      `import { assess, loadInputs, renderText, type Assessment } from "blendcheck";
const inputs = loadInputs({ paths: [], cwd: "." });
const assessment: Assessment = assess(inputs, { tool: { name: "consumer", version: "1.0.0" } });
const text: string = renderText(assessment);
export const fits: string[] = assessment.services.map((s) => s.recommendation.fit);
export { text };
${extra}`;
    writeFileSync(join(project, "consumer.ts"), consumer(""));
    const good = run(process.execPath, [TSC, "-p", "tsconfig.json"], project);
    expect(good.code, good.stdout + good.stderr).toBe(0);
    writeFileSync(join(project, "consumer.ts"), consumer("export const wrong: number = assessment.services[0]?.name ?? 0;\n"));
    const bad = run(process.execPath, [TSC, "-p", "tsconfig.json"], project);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toMatch(/consumer\.ts\(7,\d+\): error TS2322/);
  });
});

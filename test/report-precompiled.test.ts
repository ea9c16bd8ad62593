import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assess } from "../src/assess.js";
import { loadInputs } from "../src/load/inputs.js";
import { packageInfo } from "../src/package-root.js";
import { renderEach, renderHtml, renderMarkdown } from "../src/report/render.js";
import { ROOT, tempDir } from "./helpers/cli.js";
import { readImports } from "./helpers/imports.js";

const HOOK = join(ROOT, "test", "helpers", "record-imports.mjs");

describe("report templates precompiled at build time", () => {
  const out = tempDir("blendcheck-precompiled-");
  const log = join(out, "imports.log");
  const { SOURCE_DATE_EPOCH: _, ...env } = process.env;
  const run = spawnSync(
    process.execPath,
    ["--import", HOOK, join(ROOT, "dist", "cli.mjs"), "assess", "--format", "html,md", "--out", out],
    {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...env, BLENDCHECK_IMPORT_LOG: log },
    },
  );
  const assessment = assess(loadInputs({ paths: [], cwd: ROOT }), {
    generatedAt: null,
    tool: { name: "blendcheck", version: packageInfo().version },
  });

  it("render with the Handlebars runtime alone, never the compiler", () => {
    expect(run.status, run.stderr).toBe(0);
    const { modules } = readImports(log);
    expect(modules).toContain("handlebars/dist/cjs/handlebars.runtime.js");
    expect(modules).not.toContain("handlebars/dist/cjs/handlebars.js");
    expect(modules.filter((module) => module.startsWith("handlebars/dist/cjs/handlebars/compiler/"))).toEqual([]);
  });

  it("write the same HTML and Markdown as the templates compiled from their files", () => {
    expect(readFileSync(join(out, "openstack.html"), "utf8")).toBe(renderHtml(assessment));
    expect(readFileSync(join(out, "openstack.md"), "utf8")).toBe(renderMarkdown(assessment));
  });

  it("share one report view between formats without changing either", () => {
    const render = renderEach(assessment);
    expect(render("md")).toBe(renderMarkdown(assessment));
    expect(render("html")).toBe(renderHtml(assessment));
  });
});

describe("report templates precompiled into the package's library", () => {
  it("still refuse a field the view lacks, naming it and where the template reads it", async () => {
    const { loadInputs: loadBuilt, assess: assessBuilt, renderHtml: renderBuilt } = await import(join(ROOT, "dist", "index.mjs"));
    const assessment = assessBuilt(loadBuilt({ paths: [], cwd: ROOT }), {
      generatedAt: null,
      tool: { name: "blendcheck", version: "test" },
    });
    const problem = { file: "a.yaml", line: 1, column: 1, code: "invalid" };
    const render = () => renderBuilt({ ...assessment, problems: [problem] });
    expect(render).toThrow(/"message" not defined in \[object Object\] - 300:\d+/);
    // The same template reads the same field again in the next render: its location is not used up.
    expect(render).toThrow(/"message" not defined in \[object Object\] - 300:\d+/);
  });
});

// Bundles the CLI and the library with esbuild, then writes the library's TypeScript declarations
// to dist/types; type-checking the whole project is `npm run typecheck`.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { build } from "esbuild";
import Handlebars from "handlebars";

const TEMPLATES_MODULE = resolve("src/report/report-templates.ts");
const HELPERS_MODULE = resolve("src/report/template-helpers.ts");

/** The template table (files and compile options) as src/report/template-helpers.ts states it. */
async function readTemplateTable() {
  const bundled = await build({
    entryPoints: [HELPERS_MODULE],
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    logLevel: "warning",
  });
  const { REPORT_TEMPLATES } = await import(`data:text/javascript,${encodeURIComponent(bundled.outputFiles[0].text)}`);
  return REPORT_TEMPLATES;
}

/**
 * Puts in place of src/report/report-templates.ts a module holding the report templates precompiled,
 * which loads only the Handlebars runtime: nothing is compiled when a report is written. The
 * template files and compile options are those the source module reads (REPORT_TEMPLATES).
 */
const precompiledTemplates = {
  name: "precompiled-templates",
  setup(esbuild) {
    esbuild.onLoad({ filter: /report-templates\.ts$/ }, async (args) => {
      if (resolve(args.path) !== TEMPLATES_MODULE) return undefined;
      const specs = Object.entries(await readTemplateTable()).map(([kind, { file, options }]) => {
        const source = readFileSync(join("src", "report", "templates", file), "utf8");
        return `  ${kind}: template(${JSON.stringify(kind)}, ${Handlebars.precompile(source, options)}),`;
      });
      return {
        loader: "ts",
        resolveDir: dirname(TEMPLATES_MODULE),
        contents: [
          'import Handlebars from "handlebars/runtime.js";',
          'import { type ReportTemplates, registerReportHelpers } from "./template-helpers.js";',
          'function template(kind: "html" | "markdown", spec: unknown): HandlebarsTemplateDelegate {',
          "  const instance = Handlebars.create();",
          "  registerReportHelpers(instance, kind);",
          "  return instance.template(spec as never);",
          "}",
          "/** The report templates, precompiled at build time. */",
          "export function loadReportTemplates(): ReportTemplates {",
          "  return {",
          ...specs,
          "  };",
          "}",
        ].join("\n"),
      };
    });
  },
};

const shared = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
};

// Split into chunks so that `--version` and `--help` load no engine, and each command loads only
// the modules it runs (dynamic imports in src/cli).
rmSync("dist/chunks", { recursive: true, force: true });
await build({
  ...shared,
  entryPoints: { cli: "src/cli/main.ts" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  banner: { js: "#!/usr/bin/env node" },
  plugins: [precompiledTemplates],
});
await build({
  ...shared,
  entryPoints: { index: "src/index.ts" },
  plugins: [precompiledTemplates],
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
});

// Declarations from a clean folder, so a removed module leaves no stale .d.ts behind.
rmSync("dist/types", { recursive: true, force: true });
// typescript's exports map hides bin/, so the script is found next to its package.json.
const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");
const types = spawnSync(process.execPath, [tsc, "-p", "tsconfig.types.json"], { stdio: "inherit" });
if (types.status !== 0) {
  console.error("build: writing the TypeScript declarations failed");
  process.exit(types.status ?? 1);
}

// Bundles the CLI and the library with esbuild, then writes the library's TypeScript declarations
// to dist/types; type-checking the whole project is `npm run typecheck`.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
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
        return `  ${kind}: template(${JSON.stringify(kind)}, ${withSharedLocations(Handlebars.precompile(source, options))}),`;
      });
      return {
        loader: "ts",
        resolveDir: dirname(TEMPLATES_MODULE),
        contents: [
          'import Handlebars from "handlebars/runtime.js";',
          'import { deepFreeze } from "../deep-freeze.js";',
          'import { type ReportTemplates, registerReportHelpers } from "./template-helpers.js";',
          "function template(kind: Parameters<typeof registerReportHelpers>[1], spec: unknown): HandlebarsTemplateDelegate {",
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

/** Where in its template a lookup is, as a strict template's code gives it: `{"start":{"line":…,"column":…},"end":{…}}`. */
const TEMPLATE_LOCATION = /\{"start":\{"line":\d+,"column":\d+\},"end":\{"line":\d+,"column":\d+\}\}/g;

/**
 * A precompiled template whose locations are made once. In strict mode Handlebars passes every
 * lookup where in the template it is, for the error it throws when a field is missing, as an object
 * literal: three objects made on every lookup of every render. Each becomes a frozen object the
 * template's code shares, made when the templates load.
 */
function withSharedLocations(spec) {
  const locations = [];
  const shared = spec.replace(TEMPLATE_LOCATION, (location) => {
    locations.push(location);
    return `locations[${locations.length - 1}]`;
  });
  return `((locations) => (${shared}))([${locations.map((location) => `deepFreeze(${location})`).join(",")}])`;
}

const SNAPSHOT_MODULE = resolve("src/load/catalog-snapshot.ts");

/** Bundles a module of re-exports from the sources into `outfile`, for the build to import and run. */
function bundleBuildModule(contents, outfile) {
  return build({
    stdin: { contents, resolveDir: resolve("."), loader: "ts" },
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outfile,
    logLevel: "warning",
  });
}

/**
 * The built-in catalog parsed and validated by the loader's own code (`checkFile`), as pairs of
 * the SHA-256 of a file's text and the JSON of its documents, and the built-in profiles merged
 * with the built-in libraries (`resolveLibraries`), by the key of what was validated. A file with a
 * problem, or a value JSON would not carry over exactly, is left out: it is checked at run time.
 */
async function readCatalogSnapshot() {
  const builder = resolve("dist", ".catalog-snapshot-builder.mjs");
  await bundleBuildModule(
    [
      'export { checkFile, documentChecker, hashText, isBlendcheckFile } from "./src/load/documents.ts";',
      'export { listFiles, readInputFile } from "./src/load/files.ts";',
      'export { builtinPaths } from "./src/package-root.ts";',
      'export { resolveLibraries } from "./src/load/libraries.ts";',
    ].join("\n"),
    builder,
  );
  try {
    const loader = await import(pathToFileURL(builder).href);
    const paths = loader.builtinPaths();
    const listed = loader.listFiles([paths.services, paths.libraries, paths.rules], process.cwd());
    const pairs = [];
    const loaded = { ServiceProfile: [], Library: [] };
    for (const file of listed.files) {
      const read = loader.readInputFile(file, process.cwd());
      if (!read.ok || !loader.isBlendcheckFile(read.input)) continue;
      const checked = loader.checkFile(read.input);
      if (!Array.isArray(checked) || checked.some((document) => "problems" in document)) continue;
      const json = JSON.stringify(checked);
      if (!isDeepStrictEqual(JSON.parse(json), checked)) continue;
      pairs.push([loader.hashText(read.input.text), json]);
      for (const { index, kind, value } of checked) {
        loaded[kind]?.push({ value, file: read.input.file, text: read.input.text, docIndex: index });
      }
    }
    // The built-in profiles merged with the built-in libraries, validated as the loader validates them.
    loader.resolveLibraries(loaded.ServiceProfile, loaded.Library, [], {
      snapshot: new Map(),
      checker: loader.documentChecker,
      record: (key, profile) => {
        const json = JSON.stringify(profile);
        if (isDeepStrictEqual(JSON.parse(json), profile)) pairs.push([key, json]);
      },
    });
    return pairs;
  } finally {
    rmSync(builder, { force: true });
  }
}

/** Where the build writes the built-in catalog as checked (pairs of hash and JSON), beside the bundles. */
const SNAPSHOT_FILE = "catalog-snapshot.json";

/**
 * Puts in place of src/load/catalog-snapshot.ts a module that reads the built-in catalog as checked
 * at build time from dist/catalog-snapshot.json: parsed as JSON, which costs less than the same text
 * as a string in a bundle. Without the file, every built-in file is validated at run time.
 */
function catalogSnapshot() {
  return {
    name: "catalog-snapshot",
    setup(esbuild) {
      esbuild.onLoad({ filter: /catalog-snapshot\.ts$/ }, (args) => {
        if (resolve(args.path) !== SNAPSHOT_MODULE) return undefined;
        return {
          loader: "ts",
          resolveDir: dirname(SNAPSHOT_MODULE),
          contents: [
            'import { readFileSync } from "node:fs";',
            'import { join } from "node:path";',
            'import { packageInfo } from "../package-root.js";',
            "let snapshot: ReadonlyMap<string, string> | undefined;",
            "let read = false;",
            "/** The built-in catalog's files as parsed and validated at build time, by the SHA-256 of their text. */",
            "export function loadCatalogSnapshot(): ReadonlyMap<string, string> | undefined {",
            "  if (read) return snapshot;",
            "  read = true;",
            "  let text: string;",
            "  try {",
            `    text = readFileSync(join(packageInfo().root, "dist", ${JSON.stringify(SNAPSHOT_FILE)}), "utf8");`,
            "  } catch {",
            "    return undefined;",
            "  }",
            "  snapshot = new Map(JSON.parse(text) as [string, string][]);",
            "  return snapshot;",
            "}",
          ].join("\n"),
        };
      });
    },
  };
}

const snapshotPairs = await readCatalogSnapshot();

/**
 * Records the help text the built CLI prints, through yargs, for `--help` and for each command's
 * `--help`, in English and at the full width, into dist/help.json (src/cli/prebuilt-help.ts).
 */
async function writeHelpTexts() {
  const file = resolve("dist", "help.json");
  // Removed first, so that the texts recorded are yargs' own and not an earlier build's.
  rmSync(file, { force: true });
  const builder = resolve("dist", ".command-table.mjs");
  await bundleBuildModule('export { COMMANDS } from "./src/cli/run.ts";', builder);
  let names;
  try {
    names = (await import(pathToFileURL(builder).href)).COMMANDS.map((command) => command.name.split(" ")[0]);
  } finally {
    rmSync(builder, { force: true });
  }
  const texts = {};
  for (const name of ["", ...names]) {
    const args = name === "" ? ["--help"] : [name, "--help"];
    const run = spawnSync(process.execPath, [resolve("dist", "cli.mjs"), ...args], {
      encoding: "utf8",
      env: { ...process.env, LC_ALL: "en_US", LC_MESSAGES: "", LANG: "", LANGUAGE: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    if (run.status !== 0 || run.stdout === "") {
      console.error(`build: blendcheck ${args.join(" ")} exited ${run.status}: ${run.stderr}`);
      process.exit(1);
    }
    texts[name] = run.stdout;
  }
  writeFileSync(file, `${JSON.stringify(texts, null, 2)}\n`);
}

/** The folder of the installed package a bundled file comes from (`node_modules/a/node_modules/@s/b`). */
function packageFolderOf(file) {
  const parts = file.split(/[\\/]/);
  const last = parts.lastIndexOf("node_modules");
  if (last === -1) return undefined;
  const length = parts[last + 1]?.startsWith("@") ? 3 : 2;
  return parts.slice(0, last + length).join("/");
}

/**
 * Writes the notices of the packages bundled into the CLI (every one it imports but re2js), each with its
 * name, version, license and license text, as their licenses ask of a copy.
 */
function writeThirdPartyNotices(metafile, file) {
  // Inputs of other namespaces than files (the string-width stand-ins) are named `namespace:path`.
  const files = Object.keys(metafile.inputs).filter((input) => !/^[a-z-]+:/.test(input));
  const folders = [...new Set(files.map(packageFolderOf).filter(Boolean))].sort();
  const sections = new Map();
  for (const folder of folders) {
    const { name, version, license } = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
    const text = readdirSync(folder).find((entry) => /^licen[cs]e/i.test(entry));
    if (!text) throw new Error(`build: ${folder} has no license file to put in the notices`);
    // Two installed copies of one version are one notice.
    sections.set(
      `${name}@${version}`,
      [`## ${name} ${version} (${license})`, "", "```text", readFileSync(join(folder, text), "utf8").trim(), "```", ""].join("\n"),
    );
  }
  const intro = [
    "# Third-party notices",
    "",
    "The command line's bundles (`dist/cli.mjs`, `dist/chunks/`) include the code of these packages, under these licenses.",
    "",
  ].join("\n");
  writeFileSync(file, [intro, ...[...sections].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, section]) => section)].join("\n"));
}

/** yargs' platform module for ESM, which finds yargs' translations from its own address. */
const YARGS_SHIM = /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/;

/**
 * Bundles the packages the CLI imports into its chunks, as esbuild does by default, with three changes.
 * Loaded from node_modules, each package is many modules, each resolved, read and compiled on its
 * own: yargs and its dependencies (44 modules) cost about 150 ms of CPU over `node -e 0`, bundled
 * about 70; zod alone about 110, bundled about 50.
 * - yargs reads its translations from beside its platform module, so that module is given the
 *   address of the installed one (yargs stays a dependency for them);
 * - string-width, which yargs and cliui call only to lay out help, builds a text segmenter and
 *   compiles Unicode-property patterns as it loads; bundled, it loads the first time a width is asked.
 * - yargs' platform module imports Node's `assert` (about 20 modules) for two checks that hold on every
 *   run that parses; it is given checks that load `assert` only to throw its error when one fails.
 * re2js stays in node_modules: it is required only when a condition first calls `matches()`.
 */
const bundledPackages = {
  name: "bundled-packages",
  setup(esbuild) {
    esbuild.onLoad({ filter: YARGS_SHIM }, (args) => ({
      resolveDir: dirname(args.path),
      contents: [
        'const installedShim = new URL("./lib/platform-shims/esm.mjs", import.meta.resolve("yargs")).href;',
        readFileSync(args.path, "utf8").replaceAll("import.meta.url", "installedShim"),
      ].join("\n"),
    }));
    // `string-width` resolves to a stand-in that requires the real module (`string-width-itself:`)
    // when first called: a module required inside a bundle runs only then.
    esbuild.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData?.itself) return undefined;
      const { importer, resolveDir, kind } = args;
      const real = await esbuild.resolve(args.path, { importer, resolveDir, kind, pluginData: { itself: true } });
      return { path: real.path, namespace: "lazy-string-width" };
    });
    esbuild.onResolve({ filter: /^assert$/ }, (args) =>
      YARGS_SHIM.test(args.importer) ? { path: "assert", namespace: "lazy-assert" } : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: "lazy-assert" }, () => ({
      contents: [
        'import { createRequire } from "node:module";',
        'const failed = () => createRequire(import.meta.url)("node:assert");',
        "// Object.is, as assert's own strictEqual compares.",
        "export function strictEqual(actual, expected, message) {",
        "  if (!Object.is(actual, expected)) failed().strictEqual(actual, expected, message);",
        "}",
        "export function notStrictEqual(actual, expected, message) {",
        "  if (Object.is(actual, expected)) failed().notStrictEqual(actual, expected, message);",
        "}",
      ].join("\n"),
    }));
    esbuild.onResolve({ filter: /^string-width-itself:/ }, (args) => ({ path: args.path.slice("string-width-itself:".length) }));
    esbuild.onLoad({ filter: /.*/, namespace: "lazy-string-width" }, (args) => ({
      resolveDir: dirname(args.path),
      contents: [
        "let measure;",
        "export default function stringWidth(text, options) {",
        `  measure ??= require(${JSON.stringify(`string-width-itself:${args.path}`)}).default;`,
        "  return measure(text, options);",
        "}",
      ].join("\n"),
    }));
  },
};

const shared = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: true,
  logLevel: "warning",
};

// Split into chunks so that `--version` and `--help` load no engine, and each command loads only
// the modules it runs (dynamic imports in src/cli).
rmSync("dist/chunks", { recursive: true, force: true });
mkdirSync("dist", { recursive: true });
writeFileSync(resolve("dist", SNAPSHOT_FILE), JSON.stringify(snapshotPairs));
const cli = await build({
  ...shared,
  entryPoints: { cli: "src/cli/main.ts" },
  metafile: true,
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  banner: { js: "#!/usr/bin/env node" },
  plugins: [bundledPackages, precompiledTemplates, catalogSnapshot()],
});
writeThirdPartyNotices(cli.metafile, resolve("dist", "THIRD-PARTY-NOTICES.md"));
// Executable as built, so the bin runs wherever a link to it was made (npx keeps links to a folder's bin).
chmodSync(resolve("dist", "cli.mjs"), 0o755);
await writeHelpTexts();
await build({
  ...shared,
  entryPoints: { index: "src/index.ts" },
  packages: "external",
  plugins: [precompiledTemplates, catalogSnapshot()],
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

// Bundles the CLI and the library with esbuild, then writes the library's TypeScript declarations
// to dist/types; type-checking the whole project is `npm run typecheck`.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { build } from "esbuild";

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
});
await build({
  ...shared,
  entryPoints: { index: "src/index.ts" },
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

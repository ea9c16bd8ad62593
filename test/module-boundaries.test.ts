import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/cli.js";

const SRC = join(ROOT, "src");

/** Every TypeScript file under a folder of `src`, recursively. */
function listSources(folder: string): string[] {
  return readdirSync(join(SRC, folder), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => join(SRC, folder, file));
}

/**
 * The module specifiers of a TypeScript source: static imports and re-exports (also `import type`,
 * which the bundler erases but which still ties one folder to another, and statements over several
 * lines), side-effect imports and dynamic `import()`.
 */
function parseSpecifiers(source: string): string[] {
  const patterns = [
    /^[ \t]*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gm,
    /^[ \t]*import\s*["']([^"']+)["']/gm,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1] as string));
}

/** The relative imports of a file, each with the path under `src` it reaches. */
function listImports(file: string): { specifier: string; target: string }[] {
  return parseSpecifiers(readFileSync(file, "utf8"))
    .filter((specifier) => specifier.startsWith("."))
    .map((specifier) => ({
      specifier,
      target: relative(SRC, resolve(dirname(file), specifier))
        .split(sep)
        .join("/"),
    }));
}

/** The imports from `from` into `into`, each as `file: specifier`. */
function findCrossings(from: string, into: string): string[] {
  return listSources(from).flatMap((file) =>
    listImports(file)
      .filter((i) => i.target.startsWith(`${into}/`))
      .map((i) => `${relative(ROOT, file).split(sep).join("/")}: ${i.specifier}`),
  );
}

describe("module boundaries", () => {
  it("reads every form of import and re-export", () => {
    const source = [
      'import { a } from "./a.js";',
      'import type {\n  B,\n  C,\n} from "../b.js";',
      'export { d } from "./d.js";',
      'export * from "./e.js";',
      'import "./f.js";',
      'const g = await import("./g.js");',
      "const text = \"not an import from './h.js'\";",
    ].join("\n");
    expect(parseSpecifiers(source).sort()).toEqual(["../b.js", "./a.js", "./d.js", "./e.js", "./f.js", "./g.js"]);
  });

  it("finds the imports it looks for (a report module that imports the model)", () => {
    expect(listImports(join(SRC, "report", "sarif.ts")).some((i) => i.target.startsWith("model/"))).toBe(true);
  });

  it("keeps the reporters and the gate apart: neither imports the other", () => {
    expect([...findCrossings("report", "gate"), ...findCrossings("gate", "report")]).toEqual([]);
  });
});

import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, resolve, sep } from "node:path";

/**
 * Writes a file atomically: the content goes to a temporary file beside the target, which is then
 * renamed over it, so a run killed mid-write leaves the previous file whole.
 */
export function writeFileAtomic(path: string, content: string): void {
  const temporary = join(resolve(path, ".."), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, content, "utf8");
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Resolves an output file name inside the output directory, refusing names that would leave it
 * (`../x`, absolute paths, path separators).
 */
export function outputPath(outDir: string, fileName: string): string {
  if (fileName === "" || fileName.includes("/") || fileName.includes("\\") || fileName.startsWith(".") || fileName.includes("\0")) {
    throw new RangeError(`expected a plain file name for the report, got ${JSON.stringify(fileName)}`);
  }
  const root = resolve(outDir);
  const path = resolve(root, fileName);
  if (!path.startsWith(root + sep)) throw new RangeError(`expected the report to stay inside ${outDir}, got ${fileName}`);
  mkdirSync(root, { recursive: true });
  return path;
}

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Makes every temporary folder of a test run, the workers' and those of the CLIs they start, inside
 * one folder (`TMPDIR`, which the workers inherit), and removes that folder when the run ends.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), "blendcheck-test-"));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}

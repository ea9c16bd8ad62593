import { execFileSync } from "node:child_process";

/** Builds the CLI bundle once, so end-to-end tests run what users run. */
export default function setup(): void {
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
}

// Writes, as the process exits, the size V8 gave each heap space (JSON, bytes by space name) to the
// file named by BLENDCHECK_HEAP_LOG, so a test can see how far the young generation grew.
import { writeFileSync } from "node:fs";
import { getHeapSpaceStatistics } from "node:v8";

process.on("exit", () => {
  const sizes = Object.fromEntries(getHeapSpaceStatistics().map((space) => [space.space_name, space.space_size]));
  writeFileSync(process.env.BLENDCHECK_HEAP_LOG, JSON.stringify(sizes));
});

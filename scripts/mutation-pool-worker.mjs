/**
 * The thread behind the mutation pool (mutation-pool.mjs): vitest's own thread worker, with what a
 * run leaves in the thread's globals put back before the next run, as a new thread would have them:
 * - the environment variables, as they were at the first run (vitest sets its own `VITEST_*` ones
 *   for each run);
 * - the global object the mutation runner keeps its state in (the active mutant, hit counts,
 *   coverage), named `globalNamespace` in the run's provided context. Left in place, the previous
 *   run's mutant would be active while the next run collects its tests.
 */
import { parentPort, workerData } from "node:worker_threads";

// Messages wait until vitest listens, so it gets the first; this listener comes second. Vitest's
// handler reaches its first `await` before this one runs, and loads the run's setup files and test
// files only after it.
await import(workerData.vitestWorker);

let firstEnv;

parentPort.on("message", (message) => {
  if (message?.__vitest_worker_request__ !== true || message.type !== "run") return;
  if (firstEnv === undefined) firstEnv = { ...process.env };
  else {
    for (const name of Object.keys(process.env)) {
      if (!name.startsWith("VITEST_") && !Object.hasOwn(firstEnv, name)) delete process.env[name];
    }
    for (const [name, value] of Object.entries(firstEnv)) if (!name.startsWith("VITEST_")) process.env[name] = value;
  }
  const namespace = message.context?.providedContext?.globalNamespace;
  if (typeof namespace === "string") delete globalThis[namespace];
});

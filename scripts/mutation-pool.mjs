/**
 * A vitest pool for mutation runs that keeps one worker thread alive from one test run to the next.
 *
 * Stryker starts a vitest run per mutant. Vitest's own pools start a new worker thread for every
 * run, and a new thread spends most of a mutant's time loading Node's internals, vitest and the
 * dependencies (zod, js-yaml, CEL, Handlebars), none of which a mutant touches. This pool hands
 * every run of a project to the same thread.
 *
 * What a run sees stays what a fresh thread would give it:
 * - the thread's environment variables and the mutation runner's global state are put back before
 *   each run (mutation-pool-worker.mjs);
 * - every module under `src/` and `test/` is evaluated afresh, so a cache filled under one mutant
 *   (a compiled rule, a verdict) never answers for the next; only `node_modules` stay loaded;
 * - the run carries the project's config as it is now, which is where Stryker names the tests that
 *   cover the mutant;
 * - a stop waits for the thread to finish the run in flight, so the next run never finds it busy
 *   (vitest stops a runner only once its run has ended, unless a second cancel forces it);
 * - after `runsPerThread` runs (250 unless told) the thread is replaced, so what each run leaves in memory (the
 *   modules evaluated again, vitest's per-run state) does not pile up over thousands of mutants.
 */
import { EventEmitter } from "node:events";
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

const NAME = "persistent-threads";

/**
 * The vitest plugin that puts every project on this pool, whatever pool the caller asked for.
 * `runsPerThread` is how many runs one thread serves before a new one replaces it.
 */
export function persistentThreadPool({ runsPerThread = 250 } = {}) {
  const pool = { name: NAME, createPoolWorker: (options) => new PersistentThreadWorker(options, runsPerThread) };
  return {
    name: "blendcheck:persistent-thread-pool",
    configureVitest({ project, vitest }) {
      vitest.onClose(() => Promise.all([...threads.values()].map((shared) => shared.thread.terminate())));
      project.config.pool = NAME;
      project.config.poolRunner = pool;
      project.config.isolate = false;
    },
  };
}

/**
 * One thread per project, with the run in flight on it.
 * @type {Map<string, { thread: Worker, runs: number, started: boolean, owner: PersistentThreadWorker | null, idle: Promise<void>, settle: () => void }>}
 */
const threads = new Map();

class PersistentThreadWorker {
  name = NAME;
  #options;
  #runsPerThread;
  #events = new EventEmitter();
  #shared = null;

  constructor(options, runsPerThread) {
    this.#options = options;
    this.#runsPerThread = runsPerThread;
  }

  canReuse() {
    return true;
  }

  async start() {
    const key = this.#options.project.name;
    let shared = threads.get(key);
    if (shared && shared.runs >= this.#runsPerThread) {
      await shared.idle;
      threads.delete(key);
      await shared.thread.terminate();
      shared = undefined;
    }
    if (!shared) {
      const thread = new Worker(new URL("./mutation-pool-worker.mjs", import.meta.url), {
        env: this.#options.env,
        execArgv: this.#options.execArgv,
        workerData: { vitestWorker: pathToFileURL(resolve(this.#options.distPath, "workers/threads.js")).href },
      });
      const fresh = { thread, runs: 0, started: false, owner: null, idle: Promise.resolve(), settle: () => {} };
      shared = fresh;
      thread.on("message", (message) => {
        if (message?.__vitest_worker_response__ === true && message.type === "testfileFinished") fresh.settle();
        fresh.owner?.#events.emit("message", message);
      });
      thread.on("error", (error) => fresh.owner?.#events.emit("error", error));
      thread.on("exit", () => {
        if (threads.get(key) === fresh) threads.delete(key);
        fresh.settle();
        fresh.owner?.#events.emit("exit");
      });
      threads.set(key, shared);
    }
    await shared.idle;
    shared.owner = this;
    this.#shared = shared;
  }

  async stop() {
    const shared = this.#shared;
    if (!shared) return;
    await shared.idle;
    if (shared.owner === this) shared.owner = null;
    this.#shared = null;
  }

  send(message) {
    const shared = this.#shared;
    if (message?.__vitest_worker_request__ === true) {
      if (message.type === "start" && shared.started) return this.#reply("started");
      if (message.type === "stop") return void shared.idle.then(() => this.#reply("stopped"));
      if (message.type === "start") shared.started = true;
      if (message.type === "run" || message.type === "collect") {
        const project = this.#options.project;
        const invalidates = [...(message.context.invalidates ?? []), ...projectModules(project.config.root)];
        message = { ...message, context: { ...message.context, config: project.serializedConfig, invalidates } };
        shared.runs += 1;
        shared.idle = new Promise((settle) => {
          shared.settle = settle;
        });
      }
    }
    shared.thread.postMessage(message);
  }

  on(event, callback) {
    this.#events.on(event, callback);
  }

  off(event, callback) {
    this.#events.off(event, callback);
  }

  deserialize(data) {
    return data;
  }

  #reply(type) {
    setImmediate(() => this.#events.emit("message", { type, __vitest_worker_response__: true }));
  }
}

const modulesOfRoot = new Map();

/** Every script under the project's `src/` and `test/`: the modules a run must evaluate afresh. */
function projectModules(root) {
  let files = modulesOfRoot.get(root);
  if (!files) {
    files = ["src", "test"].flatMap((folder) =>
      readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile() && /\.m?[jt]s$/.test(entry.name))
        .map((entry) => join(entry.parentPath, entry.name)),
    );
    modulesOfRoot.set(root, files);
  }
  return files;
}

import { setFlagsFromString } from "node:v8";
import { collectGarbage } from "./collect-garbage.js";

/** Runs over at most this many services or workloads are small (the built-in catalog has 56). */
export const SMALL_RUN_SUBJECTS = 500;

/**
 * Sets V8's garbage collection for a small run:
 * - The young generation keeps the size it has reached. V8 doubles it, up to 16 MiB a semi-space,
 *   while most of what a run allocates survives a collection, as a run's inputs and findings do. On a
 *   small run the memory it then touches for the first time costs more CPU (page faults) than the
 *   collections it saves: the built-in catalog's job took about a tenth less CPU without the growth,
 *   while a run over 1,000 workloads took about 3% more and one over 10,000 about 30% more.
 * Larger runs keep V8's default.
 */
export function useSmallRunHeap(): void {
  setFlagsFromString("--semi-space-growth-factor=1");
}

/**
 * Has V8 collect the young generation on the main thread alone, for every run: handing part of each
 * collection to helper threads shortens it but costs more CPU in all than it saves. The built-in
 * catalog's job took about 6% less CPU in the same wall time; at 10,000 workloads, six runs each
 * interleaved with one on V8's default took a median of 11.8 s of CPU against 12.1 (a seventh pair,
 * run while the machine was busy with other work, is left out: 15.4 against 12.1).
 */
export function scavengeOnMainThread(): void {
  setFlagsFromString("--no-parallel-scavenge");
}

/**
 * Bounds how far V8 lets the old generation grow past what its last full collection left alive, for a
 * run over the user's files: by half, where V8 would choose up to fourfold. Reading an estate leaves
 * each file's text and parsed documents in the old generation before they are let go, and V8 grew the
 * heap to 2,135 MiB past 642 MiB alive at 100,000 workloads. Bounded, the run's peak memory was 1,614
 * MiB where it had been 2,359 (163 s of CPU against 172, one run each). At 10,000 workloads, over
 * fifteen interleaved pairs of two builds, 255-285 MiB where it had been 324-339, and CPU 1.05
 * (0.88-1.16) of the unbounded run's. A fifth rather than a half came to 1,478 MiB but cost 30% more CPU.
 */
export function boundHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWTH_PERCENT}`);
}

/** How far, in percent, the old generation may grow past what a full collection left alive (`boundHeapGrowth`). */
export const HEAP_GROWTH_PERCENT = 50;

/**
 * Keeps V8 from allocating straight into the old generation at the places in the code whose objects
 * mostly outlived their first young collection (allocation-site pretenuring), for a run over the
 * user's files. Reading an estate keeps most of what it makes, and V8 pretenured about 70 sites by
 * the end of a run over 10,000 workloads, among them sites whose objects then lived for one workload.
 * Made old, such objects wait for a full collection, and the old generation fills with them. Without
 * pretenuring, over four interleaved pairs of runs at 10,000 workloads, a run took 0.89 to 0.99 of
 * the CPU (median 0.96); over two pairs at 100,000, 0.81 and 0.88, and peaked at 596 and 591 MiB
 * against 633 and 641. The reports were the same bytes.
 */
export function keepAllocationsYoung(): void {
  setFlagsFromString("--no-allocation-site-pretenuring");
}

/**
 * Sets V8's compilers for a run over the built-in catalog alone, known before anything is read to
 * take about a second: nothing is optimized by TurboFan, and each function runs as baseline
 * (Sparkplug) code from its first call rather than after warming up in the interpreter. Optimized
 * code comes too late in such a run to repay its compiling, which V8's helper threads do on the
 * run's CPU: the catalog's job took a twentieth to a tenth less CPU over two series of paired runs.
 * A small run over the user's files is known to be small only once they are read, and reading has
 * made the parser hot by then; set from there on, the same settings saved nothing in assessing 100
 * or 200 workloads and cost 5 to 9% in gating them against a baseline, so such runs keep V8's defaults.
 */
export function useShortRunCompilers(): void {
  setFlagsFromString("--no-opt");
  setFlagsFromString("--always-sparkplug");
}

/**
 * Collects the heap of a large run between its phases; a small run is left to V8.
 * - Once the inputs are read, before they are assessed: reading a large estate leaves its files'
 *   texts and parsed documents in the old generation, where V8 would otherwise let the heap grow past
 *   them while assessing. Collected then, the run's peak memory is what it keeps, not what it read.
 * - Once the inputs are let go, before the reports are written: V8 sized the heap to hold what the
 *   run read as well as what it found. Collected then, the reports are written in a heap sized for the
 *   assessment alone.
 */
export function collectBetweenPhases(subjects: number): void {
  if (subjects > SMALL_RUN_SUBJECTS) collectGarbage();
}

import { posix } from "node:path";
import { readPath } from "../read-path.js";
import type { ManifestObject } from "./read-workload.js";

/** The file names kustomize looks for in a folder, in its order. */
const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/** The files and folders a Kustomization builds, by their paths from the run's working folder. */
type Reach = ReadonlySet<string>;

/**
 * The files Kustomizations patch with, and the workloads each patch can reach. kustomize applies a
 * Kustomization's patches to the objects it builds: its resources, and those of the Kustomizations
 * they name, folder by folder. So an object of a patch file relates only to the workloads of files
 * its Kustomization builds. Where the run holds none of the files a Kustomization builds (a helm
 * post-renderer's input, a remote base), the workloads it patches are not in the run to tell: its
 * patches relate to every workload, as a lone object does.
 */
export class KustomizePatches {
  /** Per patch file: the reach of the Kustomizations that patch with it, or everywhere. */
  private readonly reach = new Map<string, Reach | "everywhere">();

  constructor(kustomizations: readonly ManifestObject[], workloadFiles: ReadonlySet<string>) {
    const byFolder = new Map<string, ManifestObject>();
    // A folder's Kustomization is in the file kustomize reads there; other objects of kind Kustomization (Flux's) are not.
    for (const object of kustomizations) {
      if (KUSTOMIZATION_FILES.includes(posix.basename(object.file))) byFolder.set(posix.dirname(object.file), object);
    }
    // Every folder that holds a workload's file, at any depth, to tell in one lookup whether a folder a build names holds one.
    const workloadFolders = new Set<string>();
    for (const file of workloadFiles) for (const folder of foldersOf(file)) workloadFolders.add(folder);
    for (const object of kustomizations) {
      const built = buildReach(object, byFolder);
      const known = [...built].some((path) => workloadFiles.has(path) || workloadFolders.has(path));
      for (const file of patchFilesOf(object)) {
        const before = this.reach.get(file);
        if (!known || before === "everywhere") this.reach.set(file, "everywhere");
        else this.reach.set(file, before === undefined ? built : new Set([...before, ...built]));
      }
    }
  }

  /** True when a Kustomization patches with the file. */
  has(file: string): boolean {
    return this.reach.has(file);
  }

  /** True when some patch reaches only part of the run, so objects of patch files must be asked about. */
  get scoped(): boolean {
    for (const reach of this.reach.values()) if (reach !== "everywhere") return true;
    return false;
  }

  /** True unless `file` is a patch file whose Kustomizations build none of `workloadFile`. */
  reaches(file: string, workloadFile: string): boolean {
    const reach = this.reach.get(file);
    return reach === undefined || reach === "everywhere" || reachesFile(reach, workloadFile);
  }
}

/** What no Kustomization patches with: every object relates as it is. */
export const NO_PATCHES = new KustomizePatches([], new Set());

/** The files a Kustomization names as patches (`patchesStrategicMerge`, and `patches` by path), from its folder. */
function patchFilesOf(object: ManifestObject): string[] {
  const folder = posix.dirname(object.file);
  return [...arrayOf(object.value.patchesStrategicMerge), ...arrayOf(object.value.patches).map((p) => readPath(p, ["path"]))]
    .filter((path): path is string => typeof path === "string" && !path.includes("\n"))
    .map((path) => posix.normalize(posix.join(folder, path)));
}

/**
 * The files and folders a Kustomization builds: each resource, base or component by its path from
 * the Kustomization's folder, followed into the Kustomization of a folder the run holds one of. A
 * remote one (a URL, a git address) names no path of the run, so it reaches no workload.
 */
function buildReach(object: ManifestObject, byFolder: ReadonlyMap<string, ManifestObject>): Reach {
  const reach = new Set<string>();
  const visited = new Set<ManifestObject>();
  const visit = (kustomization: ManifestObject) => {
    if (visited.has(kustomization)) return;
    visited.add(kustomization);
    const folder = posix.dirname(kustomization.file);
    const { resources, bases, components } = kustomization.value;
    for (const entry of [...arrayOf(resources), ...arrayOf(bases), ...arrayOf(components)]) {
      if (typeof entry !== "string") continue;
      const path = posix.normalize(posix.join(folder, entry));
      const inner = byFolder.get(path);
      if (inner) visit(inner);
      else reach.add(path);
    }
  };
  visit(object);
  return reach;
}

/** True when the build holds the file itself or a folder it sits in. */
function reachesFile(reach: Reach, file: string): boolean {
  return reach.has(file) || foldersOf(file).some((folder) => reach.has(folder));
}

/** The folders a file sits in, nearest first: `a/b/c.yaml` sits in `a/b` and `a`. */
function foldersOf(file: string): string[] {
  const folders: string[] = [];
  // The walk ends at "." or "/", the only folders that are their own parent.
  for (let folder = posix.dirname(file); folder !== posix.dirname(folder); folder = posix.dirname(folder)) folders.push(folder);
  return folders;
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

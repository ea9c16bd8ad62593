import type { ValuePool } from "../value-pool.js";
import type { ArtifactFacts, OsloFileFacts, WorkloadArtifact, WorkloadFacts } from "./artifact-facts.js";
import { workloadKeyOf } from "./artifact-facts.js";
import { byNamespace } from "./kubernetes/read-workload.js";
import { holdPlacesPacked, packedPlacesOf, packPlaces, placeOf } from "./packed-places.js";

/**
 * Gives every workload its own facts: its deployment, and the oslo facts of the configs tied to it.
 * A config held in a ConfigMap or Secret belongs to the workloads that mount it when the manifests
 * show that link, else to its services' workloads in the same namespace, else to all of its
 * services' workloads; a config file of its own belongs to its services' workloads. Later configs
 * override earlier ones, as oslo.config does with several `--config-file`s.
 */
export function collectWorkloadArtifacts(
  workloads: readonly WorkloadFacts[],
  osloFiles: readonly OsloFileFacts[],
  pool?: ValuePool,
): WorkloadArtifact[] {
  const heads = workloads.map((w) => {
    const at = placeOf(w, "deployment.kind");
    const workload = {
      kind: w.deployment.kind,
      namespace: w.namespace ?? "",
      name: w.deployment.name,
      file: at?.file ?? "",
      line: at?.line ?? 1,
    };
    return { service: w.generic ? undefined : w.service, workload };
  });
  const byKey = new Map(workloads.map((w, i) => [workloadKeyOf(w), i]));
  const byService = new Map<string, number[]>();
  for (const [i, head] of heads.entries()) {
    if (head.service === undefined) continue;
    const list = byService.get(head.service);
    if (list) list.push(i);
    else byService.set(head.service, [i]);
  }
  // A service's workloads that may sit in a namespace, in the order of `workloads`.
  const inNamespace = new Map(
    [...byService].map(([service, list]) => [service, byNamespace(list, (i) => (heads[i] as (typeof heads)[number]).workload.namespace)]),
  );
  // Each workload's configs in order; merged once per distinct list, since a config file of its own applies to every workload of its services.
  const configsOf = new Map<number, number[]>();
  for (const [index, file] of osloFiles.entries()) {
    for (const service of file.services) {
      const own = byService.get(service) ?? [];
      const mounted = (file.mountedBy ?? []).map((k) => byKey.get(k)).filter((i) => i !== undefined && heads[i]?.service === service);
      let targets: readonly (number | undefined)[] = mounted;
      if (targets.length === 0) {
        const sameNamespace = file.namespace === undefined ? [] : (inNamespace.get(service)?.(file.namespace) ?? []);
        targets = sameNamespace.length > 0 ? sameNamespace : own;
      }
      for (const target of targets) {
        if (target === undefined) continue;
        const list = configsOf.get(target);
        if (list) list.push(index);
        else configsOf.set(target, [index]);
      }
    }
  }
  const merged = new Map<string, Pick<ArtifactFacts, "oslo" | "locations">>();
  const configFactsOf = (indices: readonly number[]) => {
    const key = indices.join(",");
    let facts = merged.get(key);
    if (!facts) {
      const files = indices.map((i) => osloFiles[i] as OsloFileFacts);
      const values = Object.assign({}, ...files.map(({ oslo: { files: _files, ...rest } }) => rest));
      facts = {
        oslo: { ...values, files: files.flatMap((f) => f.oslo.files) },
        locations: Object.assign({}, ...files.map((f) => f.locations)),
      };
      merged.set(key, facts);
    }
    return facts;
  };
  return workloads.map((w, i) => {
    const { service, workload } = heads[i] as (typeof heads)[number];
    const indices = configsOf.get(i);
    const configs = indices ? configFactsOf(indices) : undefined;
    const facts = factsOf(w, configs, pool);
    // Written out in full, each kind one shape: V8 gave an object spread at one place a hidden class
    // of its own once that place had seen a few, and a run holds one such object per workload.
    return service === undefined ? { workload, facts, isJob: w.isJob } : { service, workload, facts, isJob: w.isJob };
  });
}

/**
 * A workload's facts: its deployment, and the oslo facts of its configs, whose places join its own.
 * Given a pool, the places are held packed (`holdPlacesPacked`): a run holds every workload's to
 * its assessment. A workload read with its places packed, and given no config, gives its packed places.
 */
function factsOf(
  w: WorkloadFacts,
  configs: Pick<ArtifactFacts, "oslo" | "locations"> | undefined,
  pool: ValuePool | undefined,
): ArtifactFacts {
  const own = { service: w.service, deployment: w.deployment };
  if (!configs)
    return pool ? holdPlacesPacked(own, packedPlacesOf(w) ?? packPlaces(w.locations, pool)) : { ...own, locations: w.locations };
  const locations = { ...w.locations, ...configs.locations };
  const facts: ArtifactFacts = pool ? holdPlacesPacked(own, packPlaces(locations, pool)) : { ...own, locations };
  facts.oslo = configs.oslo;
  return facts;
}

import type { ArtifactFacts, OsloFileFacts, WorkloadArtifact, WorkloadFacts } from "./artifact-facts.js";
import { workloadKeyOf } from "./artifact-facts.js";
import { byNamespace } from "./kubernetes/read-workload.js";

/**
 * Gives every workload its own facts: its deployment, and the oslo facts of the configs tied to it.
 * A config held in a ConfigMap or Secret belongs to the workloads that mount it when the manifests
 * show that link, else to its services' workloads in the same namespace, else to all of its
 * services' workloads; a config file of its own belongs to its services' workloads. Later configs
 * override earlier ones, as oslo.config does with several `--config-file`s.
 */
export function collectWorkloadArtifacts(workloads: readonly WorkloadFacts[], osloFiles: readonly OsloFileFacts[]): WorkloadArtifact[] {
  const out: WorkloadArtifact[] = workloads.map((w) => {
    const at = w.locations["deployment.kind"];
    const workload = {
      kind: w.deployment.kind,
      namespace: w.namespace ?? "",
      name: w.deployment.name,
      file: at?.file ?? "",
      line: at?.line ?? 1,
    };
    // The workload's own record of places: merging a config's places below makes a new one.
    const facts: ArtifactFacts = { service: w.service, deployment: w.deployment, locations: w.locations };
    // Written out in full, each kind one shape: V8 gave an object spread at one place a hidden class
    // of its own once that place had seen a few, and a run holds one such object per workload.
    return w.generic ? { workload, facts, isJob: w.isJob } : { service: w.service, workload, facts, isJob: w.isJob };
  });
  const byKey = new Map(workloads.map((w, i) => [workloadKeyOf(w), out[i] as WorkloadArtifact]));
  const byService = new Map<string, WorkloadArtifact[]>();
  for (const a of out) {
    if (a.service === undefined) continue;
    const list = byService.get(a.service);
    if (list) list.push(a);
    else byService.set(a.service, [a]);
  }
  // A service's workloads that may sit in a namespace, in the order of `out`.
  const inNamespace = new Map([...byService].map(([service, list]) => [service, byNamespace(list, (a) => a.workload.namespace)]));
  // Each workload's configs in order; merged once per distinct list, since a config file of its own applies to every workload of its services.
  const configsOf = new Map<WorkloadArtifact, number[]>();
  for (const [index, file] of osloFiles.entries()) {
    for (const service of file.services) {
      const own = byService.get(service) ?? [];
      const mounted = (file.mountedBy ?? []).map((k) => byKey.get(k)).filter((a) => a !== undefined && a.service === service);
      let targets: readonly (WorkloadArtifact | undefined)[] = mounted;
      if (targets.length === 0) {
        const sameNamespace = file.namespace === undefined ? [] : (inNamespace.get(service)?.(file.namespace) ?? []);
        targets = sameNamespace.length > 0 ? sameNamespace : own;
      }
      for (const target of targets) {
        if (!target) continue;
        const list = configsOf.get(target);
        if (list) list.push(index);
        else configsOf.set(target, [index]);
      }
    }
  }
  const merged = new Map<string, Pick<ArtifactFacts, "oslo" | "locations">>();
  for (const [target, indices] of configsOf) {
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
    target.facts.oslo = facts.oslo;
    target.facts.locations = { ...target.facts.locations, ...facts.locations };
  }
  return out;
}

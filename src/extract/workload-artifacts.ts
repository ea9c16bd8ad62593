import type { OsloFileFacts, WorkloadArtifact, WorkloadFacts } from "./artifact-facts.js";
import { workloadKeyOf } from "./artifact-facts.js";

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
    return {
      ...(w.generic ? {} : { service: w.service }),
      workload: {
        kind: w.deployment.kind,
        namespace: w.namespace ?? "",
        name: w.deployment.name,
        file: at?.file ?? "",
        line: at?.line ?? 1,
      },
      facts: { service: w.service, deployment: w.deployment, locations: { ...w.locations } },
      isJob: w.isJob,
    };
  });
  const byKey = new Map(workloads.map((w, i) => [workloadKeyOf(w), out[i] as WorkloadArtifact]));
  const byService = new Map<string, WorkloadArtifact[]>();
  for (const a of out) {
    if (a.service === undefined) continue;
    const list = byService.get(a.service);
    if (list) list.push(a);
    else byService.set(a.service, [a]);
  }
  for (const file of osloFiles) {
    for (const service of file.services) {
      const own = byService.get(service) ?? [];
      const mounted = (file.mountedBy ?? []).map((k) => byKey.get(k)).filter((a) => a !== undefined && a.service === service);
      const sameNamespace =
        file.namespace === undefined
          ? []
          : own.filter((a) => a.workload.namespace === file.namespace || a.workload.namespace === "" || file.namespace === "");
      const targets = mounted.length > 0 ? mounted : sameNamespace.length > 0 ? sameNamespace : own;
      for (const target of targets) {
        if (!target) continue;
        const { files, ...values } = file.oslo;
        const facts = target.facts;
        facts.oslo = { ...(facts.oslo ?? { files: [] }), ...values, files: [...(facts.oslo?.files ?? []), ...files] };
        Object.assign(facts.locations, file.locations);
      }
    }
  }
  return out;
}

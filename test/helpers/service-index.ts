import type { ServiceIndex } from "../../src/extract/artifact-facts.js";

/** A small catalog index standing in for the built-in profiles: services by project, and aliases to a service. */
export function serviceIndex(projects: Record<string, readonly string[]>, aliases: Record<string, string> = {}): ServiceIndex {
  const names = new Map<string, string>();
  const byProject = new Map<string, readonly string[]>();
  for (const [project, services] of Object.entries(projects)) {
    byProject.set(project, services);
    for (const service of services) names.set(service, service);
  }
  for (const [alias, service] of Object.entries(aliases)) names.set(alias, service);
  return { names, byProject };
}

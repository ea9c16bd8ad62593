/** The HTML id of a service's detail: only safe characters, so a hostile name cannot break out of it. */
export function anchorOf(service: string): string {
  return `svc-${service.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

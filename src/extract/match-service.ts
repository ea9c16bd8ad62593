import type { ServiceIndex } from "./artifact-facts.js";

/** Distro and build prefixes kolla puts before the service in an image name. */
const IMAGE_PREFIX = /^(?:(?:centos|ubuntu|debian|rocky|oraclelinux|rhel)-(?:binary|source|rdo)-|kolla-)/;

/** The first candidate name the index knows, lower-cased, with `_` read as `-`; and which candidate matched. */
export function matchService(
  candidates: readonly (string | undefined)[],
  index: ServiceIndex,
): { service: string; via: string } | undefined {
  for (const candidate of candidates) {
    if (candidate === undefined || candidate === "" || hasJinja(candidate)) continue;
    const key = candidate.toLowerCase();
    const found = index.names.get(key) ?? index.names.get(key.replaceAll("_", "-"));
    if (found) return { service: found, via: candidate };
  }
  return undefined;
}

/** The service part of an image reference: `quay.io/kolla/centos-binary-nova-compute:tag` → `nova-compute`. */
export function readImageName(image: string): string | undefined {
  if (hasJinja(image)) return undefined;
  const withoutDigest = image.split("@")[0] ?? image;
  const last = withoutDigest.split("/").at(-1) ?? "";
  const name = last.split(":")[0] ?? "";
  return name.replace(IMAGE_PREFIX, "") || undefined;
}

/** The program a command runs: `/tmp/cinder-volume.sh` → `cinder-volume`. */
export function readCommandName(command: unknown): string | undefined {
  const first = Array.isArray(command) ? command[0] : typeof command === "string" ? command.split(/\s+/)[0] : undefined;
  if (typeof first !== "string") return undefined;
  const base = first.split("/").at(-1) ?? "";
  return base.replace(/\.(?:sh|py)$/, "") || undefined;
}

/** True when a value holds a Jinja2 expression or statement, which is kept as an opaque string. */
export function hasJinja(value: string): boolean {
  return value.includes("{{") || value.includes("{%");
}

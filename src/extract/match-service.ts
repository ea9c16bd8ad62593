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

/** Words compose and kolla files use for a backing service, and the catalog role they stand for. */
const ROLE_WORDS: Readonly<Record<string, string>> = {
  broker: "messaging",
  mq: "messaging",
  amqp: "messaging",
  rabbit: "messaging",
  cache: "cache",
  memcache: "cache",
  db: "database",
  database: "database",
  mysql: "database",
};

/** The most name parts a loose match looks at, so that a hostile key costs little. */
const MAX_NAME_PARTS = 8;

/**
 * Matches like `matchService`, then tolerates what container files add to a name: a prefix (an
 * older `nova-placement-api`), a host-style number (`compute01`), or a word for a backing service's
 * role (`identity-cache`, `identity-broker`) when the catalog has one service in that role.
 */
export function matchServiceLoosely(
  candidates: readonly (string | undefined)[],
  index: ServiceIndex,
): { service: string; via: string } | undefined {
  const exact = matchService(candidates, index);
  if (exact) return exact;
  for (const candidate of candidates) {
    if (candidate === undefined || hasJinja(candidate)) continue;
    const parts = candidate
      .toLowerCase()
      .split(/[-_.\s]+/)
      .slice(0, MAX_NAME_PARTS)
      .map((part) => part.replace(/\d+$/, ""))
      .filter((part) => part !== "");
    // Only leading parts are dropped (`nova-placement-api` → placement-api): a trailing part names
    // a different process of the service (`keystone-fernet` is not keystone-api).
    for (let start = 1; start < parts.length; start++) {
      const found = index.names.get(parts.slice(start).join("-"));
      if (found) return { service: found, via: candidate };
    }
    const whole = index.names.get(parts.join("-"));
    if (whole) return { service: whole, via: candidate };
    for (const part of parts) {
      const role = ROLE_WORDS[part];
      const inRole = role ? index.byRole?.get(role) : undefined;
      if (inRole && inRole.length === 1) return { service: inRole[0] as string, via: candidate };
    }
  }
  return undefined;
}

/** An image reference with compose variables resolved to their defaults (`${X:-img}` → `img`) and others dropped. */
export function resolveComposeVariables(image: string): string {
  return image.replace(/\$\{([^}]*)\}/g, (_whole, body: string) => {
    const fallback = /^[A-Za-z_][A-Za-z0-9_]*:?-(.*)$/s.exec(body);
    return fallback ? (fallback[1] as string) : "";
  });
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

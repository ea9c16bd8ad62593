const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/g;

/**
 * Fills `{{service.name}}`-style placeholders from the facts. A placeholder naming a missing fact
 * renders as `(unknown)`. The result is plain text: every reporter escapes it for its format.
 */
export function renderMessage(template: string, values: Record<string, unknown>): string {
  return template.replace(PLACEHOLDER, (_, path: string) => {
    const value = lookupPath(values, path);
    if (value === undefined || value === null) return "(unknown)";
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  });
}

/** The placeholders a template names, such as `service.name`. */
export function listPlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/** Reads a dotted path through own properties only. */
export function lookupPath(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const segment of path.split(".")) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

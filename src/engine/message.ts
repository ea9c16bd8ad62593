import { fromPool } from "../text-pool.js";

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/g;

/**
 * Fills `{{service.name}}`-style placeholders from the facts. A placeholder naming a missing fact
 * renders as `(unknown)`. The result is plain text: every reporter escapes it for its format.
 */
export function renderMessage(template: string, values: Record<string, unknown>): string {
  const { texts, paths } = compiledTemplateOf(template);
  let out = texts[0] as string;
  for (let i = 0; i < paths.length; i++) out += placeholderText(lookupSegments(values, paths[i] as string[])) + texts[i + 1];
  return out;
}

/**
 * `renderMessage`'s text, held once in `pool` (`fromPool`), and found again by the values of its
 * placeholders: the workloads of a class say its messages with their own facts, mostly the same
 * ones, and a text found by its values is neither made nor looked up by its whole length again.
 * A message that shows an object (a list of facts) is rendered each time: only texts of primitive
 * values are found again, so no object is kept alive by being shown once.
 */
export function renderPooledMessage(pool: Map<string, string>, template: string, values: Record<string, unknown>): string {
  let rendered = renderedTexts.get(pool);
  if (rendered === undefined || rendered.count >= RENDERED_TEXTS) {
    rendered = { byTemplate: new Map(), count: 0 };
    renderedTexts.set(pool, rendered);
  }
  const { paths } = compiledTemplateOf(template);
  let node = rendered.byTemplate.get(template);
  if (node === undefined) {
    node = new Map();
    rendered.byTemplate.set(template, node);
  }
  // One level per placeholder, the last holding the texts.
  for (let i = 0; i < paths.length - 1; i++) {
    const value = lookupSegments(values, paths[i] as string[]);
    if (typeof value === "object" && value !== null) return fromPool(pool, renderMessage(template, values));
    let next = node.get(value) as Map<unknown, unknown> | undefined;
    if (next === undefined) {
      next = new Map();
      node.set(value, next);
    }
    node = next;
  }
  const last = paths.length === 0 ? template : lookupSegments(values, paths[paths.length - 1] as string[]);
  if (typeof last === "object" && last !== null) return fromPool(pool, renderMessage(template, values));
  let text = node.get(last) as string | undefined;
  if (text === undefined) {
    text = fromPool(pool, renderMessage(template, values));
    node.set(last, text);
    rendered.count += 1;
  }
  return text;
}

/** The texts `renderPooledMessage` rendered, by pool, then by template and placeholder values. */
const renderedTexts = new WeakMap<Map<string, string>, { byTemplate: Map<string, Map<unknown, unknown>>; count: number }>();
/** How many texts a pool's renderings are found by before they are let go. */
const RENDERED_TEXTS = 20_000;

function placeholderText(value: unknown): string {
  if (value === undefined || value === null) return "(unknown)";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** A template cut at its placeholders: the text around them (one more than there are paths) and each path, split. */
interface CompiledTemplate {
  texts: string[];
  paths: string[][];
}

/**
 * Templates cut once: a rule's message is rendered for every failure of every workload. Bounded,
 * as the rules' templates are few but a library caller may render any number of its own.
 */
const compiledTemplates = new Map<string, CompiledTemplate>();
const COMPILED_TEMPLATES = 10_000;

function compiledTemplateOf(template: string): CompiledTemplate {
  let compiled = compiledTemplates.get(template);
  if (!compiled) {
    const texts: string[] = [];
    const paths: string[][] = [];
    let from = 0;
    for (const match of template.matchAll(PLACEHOLDER)) {
      texts.push(template.slice(from, match.index));
      paths.push((match[1] as string).split("."));
      from = match.index + match[0].length;
    }
    texts.push(template.slice(from));
    compiled = { texts, paths };
    if (compiledTemplates.size >= COMPILED_TEMPLATES) compiledTemplates.clear();
    compiledTemplates.set(template, compiled);
  }
  return compiled;
}

/** The placeholders a template names, such as `service.name`. */
export function listPlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/** Reads a dotted path through own properties only. */
export function lookupPath(root: unknown, path: string): unknown {
  return lookupSegments(root, path.split("."));
}

function lookupSegments(root: unknown, segments: readonly string[]): unknown {
  let current: unknown = root;
  for (const segment of segments) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

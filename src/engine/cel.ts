import { Environment } from "@marcbachmann/cel-js";

/** The variables every condition may read. */
export interface ConditionContext {
  service: CelMap;
  placement: CelMap;
}

/** A fact tree as CEL sees it: integers are BigInt, objects have only their own keys. */
export type CelMap = { readonly [key: string]: CelValue };
export type CelValue = string | boolean | bigint | number | null | readonly CelValue[] | CelMap;

/** The outcome of one condition: a boolean, facts it needed that were missing, or an error. */
export type ConditionResult = { kind: "value"; value: boolean } | { kind: "missing"; facts: string[] } | { kind: "error"; message: string };

/** A condition compiled once at load and evaluated for every (service, placement). */
export interface CompiledCondition {
  readonly source: string;
  /** Every `service.…` and `placement.…` path the expression names, for citing evidence. */
  readonly reads: readonly string[];
  evaluate(context: ConditionContext): ConditionResult;
}

const environment = new Environment({
  unlistedVariablesAreDyn: false,
  enableOptionalTypes: true,
  homogeneousAggregateLiterals: false,
  limits: { maxAstNodes: 2000, maxDepth: 64, maxListElements: 200, maxMapEntries: 200, maxCallArguments: 16 },
})
  .registerVariable("service", "map")
  .registerVariable("placement", "map");

const PATH_PATTERN = /\b(?:service|placement)(?:\.\??[A-Za-z_][A-Za-z0-9_]*)+/g;
const MACRO_PATTERN =
  /\b((?:service|placement)(?:\.\??[A-Za-z_][A-Za-z0-9_]*)+)\.(?:all|exists|exists_one|filter|map)\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*,/g;
const MISSING_KEY = /^No such key: ([^\n]+)/;

/**
 * Compiles a CEL condition, checking its syntax and that it yields a boolean. Returns the
 * library's message (with its caret snippet) and the 1-based column when it does not compile.
 */
export function compileCondition(
  source: string,
): { ok: true; condition: CompiledCondition } | { ok: false; message: string; column: number } {
  let program: (context: ConditionContext) => unknown;
  try {
    const check = environment.check(source);
    if (!check.valid) return { ok: false, ...describeCelError(check.error) };
    if (check.type !== "bool" && check.type !== "dyn") {
      return { ok: false, message: `expected a condition that yields bool, got one that yields ${check.type}`, column: 1 };
    }
    program = environment.parse(source) as unknown as (context: ConditionContext) => unknown;
  } catch (error) {
    return { ok: false, ...describeCelError(error) };
  }
  const reads = [...new Set(source.match(PATH_PATTERN) ?? [])].map((p) => p.replaceAll(".?", ".")).sort();
  const macroVariables = collectMacroVariables(source);
  return {
    ok: true,
    condition: {
      source,
      reads,
      evaluate(context) {
        try {
          const value = program(context);
          if (typeof value !== "boolean") return { kind: "error", message: `expected bool, got ${typeof value}` };
          return { kind: "value", value };
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          const missing = MISSING_KEY.exec(message);
          if (missing?.[1]) return { kind: "missing", facts: [resolveMissing(missing[1].trim(), error, source, macroVariables)] };
          return { kind: "error", message: firstLine(message) };
        }
      },
    },
  };
}

function describeCelError(error: unknown): { message: string; column: number } {
  const message = error instanceof Error ? error.message : String(error);
  // The library prints a snippet whose last line is a caret under the column.
  const lines = message.split("\n");
  const caretLine = lines.findLast((l) => /^\s*\^\s*$/.test(l));
  const sourceLine = lines.find((l) => /^>\s+\d+ \| /.test(l));
  let column = 1;
  if (caretLine && sourceLine) {
    const gutter = sourceLine.indexOf("| ") + 2;
    column = Math.max(1, caretLine.indexOf("^") - gutter + 1);
  }
  return { message: firstLine(message), column };
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? text;
}

function collectMacroVariables(source: string): Map<string, string> {
  const variables = new Map<string, string>();
  for (const match of source.matchAll(MACRO_PATTERN)) {
    const [, listPath, variable] = match;
    if (listPath && variable) variables.set(variable, `${listPath.replaceAll(".?", ".")}[]`);
  }
  return variables;
}

/**
 * Names the full path of a missing key from the caret the library places under it: the dotted
 * expression that ends at the key, with a macro variable replaced by its list
 * (`service.operations[].recovery`).
 */
function resolveMissing(key: string, error: unknown, source: string, macroVariables: Map<string, string>): string {
  const { column } = describeCelError(error);
  const upTo = source.slice(0, column - 1 + key.length);
  const expression = /[A-Za-z_][A-Za-z0-9_.?]*$/.exec(upTo)?.[0]?.replaceAll(".?", ".");
  if (!expression?.endsWith(key)) return key;
  const [head, ...rest] = expression.split(".");
  const list = head === undefined ? undefined : macroVariables.get(head);
  return list ? [list, ...rest].join(".") : expression;
}

/**
 * Converts plain data into CEL values: integer numbers become BigInt (CEL `int`, as Kubernetes reads
 * JSON integers), and only own enumerable keys are copied, so nothing inherited is ever visible.
 */
export function toCelValue(value: unknown): CelValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value) : value;
  if (typeof value === "string" || typeof value === "boolean" || typeof value === "bigint") return value;
  if (Array.isArray(value)) return value.map(toCelValue);
  if (typeof value === "object") {
    const out: Record<string, CelValue> = {};
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      if (child === undefined) continue;
      Object.defineProperty(out, key, { value: toCelValue(child), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return null;
}

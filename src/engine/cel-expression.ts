import {
  type ConditionContext,
  celErrorText,
  collectReads,
  createEnvironment,
  EVALUATION_BUDGET,
  overBudgetReason,
  prepareTree,
} from "./cel.js";

/** The outcome of one value expression: its value as plain data, facts it needed that were missing, or an error. */
export type ExpressionResult =
  | { kind: "value"; value: unknown }
  | { kind: "missing"; facts: string[] }
  | { kind: "error"; message: string };

/** A CEL expression of any type, compiled once at load, such as a mitigation's `sets` value. */
export interface CompiledExpression {
  readonly source: string;
  /** The estimated evaluations of one run of the expression (see {@link EVALUATION_BUDGET}). */
  readonly cost: number;
  /** Every `service.…` and `placement.…` path whose value the expression can depend on, as for a condition ({@link CompiledCondition.reads}). */
  readonly reads: readonly string[];
  evaluate(context: ConditionContext): ExpressionResult;
}

// As conditions' (src/engine/cel.ts), with RE2 for matches() and the same budget; a separate
// environment because a value expression may yield any type, not only bool.
const environment = createEnvironment();

const MISSING_KEY = /^No such key: ([^\n]+)/;

/** Compiles a CEL value expression, or returns the first line of the library's message. */
export function compileExpression(source: string): { ok: true; expression: CompiledExpression } | { ok: false; message: string } {
  let program: (context: ConditionContext) => unknown;
  let cost: number;
  let reads: string[];
  try {
    const parsed = environment.parse(source) as unknown as ((context: ConditionContext) => unknown) & {
      ast: unknown;
      check(): { valid: boolean; error?: unknown };
    };
    // Before the type check, so that matches() is checked as RE2 and runs on it.
    const prepared = prepareTree(parsed.ast);
    if (!prepared.ok) return { ok: false, message: prepared.message };
    if (prepared.cost > EVALUATION_BUDGET) return { ok: false, message: `the expression ${overBudgetReason(prepared.cost)}` };
    cost = prepared.cost;
    const check = parsed.check();
    if (!check.valid) return { ok: false, message: firstLine(check.error) };
    program = parsed;
    ({ reads } = collectReads(parsed.ast));
  } catch (error) {
    return { ok: false, message: firstLine(error) };
  }
  return {
    ok: true,
    expression: {
      source,
      cost,
      reads,
      evaluate(context) {
        try {
          return { kind: "value", value: fromCelValue(program(context)) };
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          const missing = MISSING_KEY.exec(message);
          if (missing?.[1]) return { kind: "missing", facts: [missing[1].trim()] };
          return { kind: "error", message: firstLine(message) };
        }
      },
    },
  };
}

/** Converts a CEL result back to plain data: BigInt integers become numbers, maps become plain objects. */
export function fromCelValue(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(fromCelValue);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of value) {
      Object.defineProperty(out, String(key), { value: fromCelValue(child), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(out, key, {
        value: fromCelValue((value as Record<string, unknown>)[key]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

function firstLine(error: unknown): string {
  const text = celErrorText(error);
  return text.split("\n", 1)[0] ?? text;
}

import { createRequire } from "node:module";
import { Environment } from "@marcbachmann/cel-js";
import type { RE2JS } from "re2js";

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
  /**
   * Every `service.…` and `placement.…` path whose value the expression can depend on, sorted:
   * dotted field names, `["name"]` indexes read as fields, and the whole value (`service`, or the
   * map before a computed index) where the expression reads what it cannot name.
   */
  readonly reads: readonly string[];
  /** The paths of `reads` the expression only tests with `has()`: their presence counts, not their value. */
  readonly presenceOnly: readonly string[];
  /**
   * The paths of `reads` whose value is only read element by element, by comprehensions whose
   * variable is only used through its fields, with those fields (`service.oslo.transportHosts`:
   * `["ipLiteral"]` for `service.oslo.transportHosts.exists(h, h.ipLiteral)`). Lists that agree on
   * these fields, element for element, give the expression the same result.
   */
  readonly elements: Readonly<Record<string, readonly string[]>>;
  /** The estimated evaluations of one run of the condition (see {@link EVALUATION_BUDGET}). */
  readonly cost: number;
  evaluate(context: ConditionContext): ConditionResult;
}

/**
 * The name `matches()` calls are renamed to in the parsed tree. cel-js implements `matches()` with
 * JavaScript's backtracking RegExp, which takes exponential time on patterns such as `^(a+)+$`, and
 * refuses a second overload of the same signature; CEL specifies RE2, which matches in linear time
 * (https://github.com/google/cel-spec/blob/master/doc/langdef.md#regular-expressions).
 */
const RE2_MATCHES = "re2Matches";

/** Compiled patterns kept for reuse; bounded so patterns built from facts cannot grow it without end. */
const patternCache = new Map<string, RE2JS>();
const MAX_CACHED_PATTERNS = 256;

/** RE2JS, loaded when a pattern is first compiled: conditions that never call `matches()` never load it. */
let re2js: typeof RE2JS | undefined;
function loadRe2js(): typeof RE2JS {
  re2js ??= (createRequire(import.meta.url)("re2js") as typeof import("re2js")).RE2JS;
  return re2js;
}

/**
 * A CEL environment for blendcheck's expressions: `service` and `placement` as maps, the parser's
 * limits, and `matches()` on RE2 once {@link prepareTree} has renamed its calls. Conditions and
 * value expressions (a mitigation's `sets`) each have one.
 */
export function createEnvironment(): Environment {
  return new Environment({
    unlistedVariablesAreDyn: false,
    enableOptionalTypes: true,
    homogeneousAggregateLiterals: false,
    limits: { maxAstNodes: 2000, maxDepth: 64, maxListElements: 200, maxMapEntries: 200, maxCallArguments: 16 },
  })
    .registerVariable("service", "map")
    .registerVariable("placement", "map")
    .registerFunction(`string.${RE2_MATCHES}(string): bool`, matchRe2)
    .registerFunction(`${RE2_MATCHES}(string, string): bool`, matchRe2);
}

const environment = createEnvironment();

/** Comprehension macros: each one runs its body once per element of its list or map. */
const COMPREHENSIONS = new Set(["all", "exists", "exists_one", "filter", "map"]);

/**
 * The evaluation budget of one condition, checked when it is compiled. cel-js exposes no step
 * counter, so the cost is estimated from the parsed tree: every node costs one evaluation, times
 * {@link ASSUMED_ELEMENTS} for each comprehension it sits in. Two nested comprehensions with a
 * small body fit; three do not, whatever their body, since 1000³ evaluations per subject would
 * stall a run over a large inventory.
 */
export const EVALUATION_BUDGET = 50_000_000;
/** How many elements the cost estimate assumes each comprehension iterates over. */
export const ASSUMED_ELEMENTS = 1000;

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
  let program: ((context: ConditionContext) => unknown) & { ast: unknown; check(): { valid: boolean; type?: string; error?: unknown } };
  let cost: number;
  try {
    program = environment.parse(source) as unknown as typeof program;
    const rewritten = prepareTree(program.ast);
    if (!rewritten.ok) return { ok: false, message: rewritten.message, column: rewritten.column };
    cost = rewritten.cost;
    const check = program.check();
    if (!check.valid) return { ok: false, ...describeCelError(check.error) };
    if (check.type !== "bool" && check.type !== "dyn") {
      return { ok: false, message: `expected a condition that yields bool, got one that yields ${check.type}`, column: 1 };
    }
  } catch (error) {
    return { ok: false, ...describeCelError(error) };
  }
  const overBudget = cost > EVALUATION_BUDGET ? `the condition ${overBudgetReason(cost)}` : undefined;
  const { reads, presenceOnly, elements } = collectReads(program.ast);
  const macroVariables = collectMacroVariables(source);
  return {
    ok: true,
    condition: {
      source,
      reads,
      presenceOnly,
      elements,
      cost,
      evaluate(context) {
        if (overBudget) return { kind: "error", message: overBudget };
        // cel-js reports a missing fact by throwing; its message says which, so capturing a stack for it is wasted work.
        const stackTraceLimit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
          const value = program(context);
          if (typeof value !== "boolean") return { kind: "error", message: `expected bool, got ${typeof value}` };
          return { kind: "value", value };
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          const missing = MISSING_KEY.exec(message);
          if (missing?.[1]) return { kind: "missing", facts: [resolveMissing(missing[1].trim(), error, source, macroVariables)] };
          return { kind: "error", message: firstLine(message) };
        } finally {
          Error.stackTraceLimit = stackTraceLimit;
        }
      },
    },
  };
}

/** Why an expression of this estimated cost is not evaluated (it is over {@link EVALUATION_BUDGET}). */
export function overBudgetReason(cost: number): string {
  return `exceeds the evaluation budget (estimated ${cost.toExponential(1)} evaluations, limit ${EVALUATION_BUDGET.toExponential(1)}); nest fewer comprehensions`;
}

/**
 * Makes a parsed tree safe to run on user input: renames every `matches()` call to the RE2
 * implementation, checks the syntax of literal patterns against RE2, and estimates the evaluation
 * cost. Walks with an explicit stack, so a deep tree cannot exhaust the call stack.
 */
export function prepareTree(root: unknown): { ok: true; cost: number } | { ok: false; message: string; column: number } {
  let cost = 0;
  const stack: { node: unknown; weight: number }[] = [{ node: root, weight: 1 }];
  while (stack.length > 0) {
    const { node, weight } = stack.pop() as { node: unknown; weight: number };
    if (Array.isArray(node)) {
      for (const child of node) stack.push({ node: child, weight });
      continue;
    }
    if (node === null || typeof node !== "object" || !("op" in node)) continue;
    const ast = node as { op: string; args: unknown; pos?: number };
    cost += weight;
    // A unary operator (`!`, `-`) holds its operand alone rather than in a list of arguments.
    if (isNode(ast.args)) stack.push({ node: ast.args, weight });
    if (!Array.isArray(ast.args)) continue;
    const args = ast.args as unknown[];
    if ((ast.op === "rcall" || ast.op === "call") && args[0] === "matches") {
      args[0] = RE2_MATCHES;
      const pattern = ast.op === "rcall" ? (args[2] as unknown[] | undefined)?.[0] : (args[1] as unknown[] | undefined)?.[1];
      const literal = pattern as { op?: string; args?: unknown; pos?: number } | undefined;
      if (literal?.op === "value" && typeof literal.args === "string") {
        const problem = checkRe2Syntax(literal.args);
        if (problem) return { ok: false, message: problem, column: (literal.pos ?? 0) + 1 };
      }
    }
    const inner = ast.op === "rcall" && typeof args[0] === "string" && COMPREHENSIONS.has(args[0]) ? weight * ASSUMED_ELEMENTS : weight;
    for (const [index, child] of args.entries()) {
      // The receiver of a comprehension is evaluated once; its variable and body once per element.
      stack.push({ node: child, weight: ast.op === "rcall" && index === 1 ? weight : inner });
    }
  }
  return { ok: true, cost };
}

interface AstNode {
  op: string;
  args: unknown;
}

const isNode = (value: unknown): value is AstNode => value !== null && typeof value === "object" && "op" in value;

/** A field name that reads back the same from a dotted path. */
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The fact path a member chain names (`service.a["b"].c` is `service.a.b.c`), or undefined when
 * the node is not one: another root, a computed or numeric index, or a field a dotted path cannot
 * hold.
 */
function pathOf(node: AstNode, isRoot: (name: unknown) => boolean = isFactRoot): string | undefined {
  const segments: string[] = [];
  let current: AstNode = node;
  for (;;) {
    const args = current.args as unknown[];
    if (current.op === "id") {
      if (!isRoot(current.args)) return undefined;
      return [current.args, ...segments.reverse()].join(".");
    }
    let field: unknown;
    if (current.op === "." || current.op === ".?") field = args[1];
    else if (current.op === "[]" && isNode(args[1]) && args[1].op === "value") field = args[1].args;
    else return undefined;
    if (typeof field !== "string" || !FIELD.test(field) || !isNode(args[0])) return undefined;
    segments.push(field);
    current = args[0];
  }
}

const isFactRoot = (name: unknown) => name === "service" || name === "placement";

/**
 * The fact paths a parsed condition reads (see {@link CompiledCondition.reads}), from the tree
 * rather than the text, so that an index, a bare `service` or a comparison of whole maps is seen.
 * A member chain is read whole where its value is used; under `has()` only its presence counts.
 * Walks with an explicit stack (the tree's depth is bounded by the parser's limits).
 */
export function collectReads(root: unknown): {
  reads: string[];
  presenceOnly: string[];
  elements: Record<string, string[]>;
} {
  const values = new Set<string>();
  const presences = new Set<string>();
  // Paths whose value is read other than element by element, and the fields read of each element of the others.
  const wholeValues = new Set<string>();
  const elementFields = new Map<string, Set<string>>();
  const receivers = new Set<AstNode>();
  const stack: { node: unknown; presence: boolean }[] = [{ node: root, presence: false }];
  while (stack.length > 0) {
    const { node, presence } = stack.pop() as { node: unknown; presence: boolean };
    if (Array.isArray(node)) {
      for (const child of node) stack.push({ node: child, presence: false });
      continue;
    }
    if (!isNode(node)) continue;
    const path = pathOf(node);
    if (path !== undefined) {
      (presence ? presences : values).add(path);
      if (!presence && !receivers.has(node)) wholeValues.add(path);
      continue;
    }
    const comprehended = comprehensionOf(node);
    if (comprehended) {
      const fields = elementFieldsOf(comprehended.variable, comprehended.bodies);
      if (fields === undefined) wholeValues.add(comprehended.path);
      else {
        receivers.add(comprehended.receiver);
        const known = elementFields.get(comprehended.path) ?? new Set<string>();
        for (const field of fields) known.add(field);
        elementFields.set(comprehended.path, known);
      }
    }
    const args = node.args;
    // A unary operator (`!`, `-`) holds its operand alone rather than in a list.
    if (isNode(args)) stack.push({ node: args, presence: false });
    if (node.op === "id" || !Array.isArray(args)) continue;
    // `has(x.f)` tests whether `f` is present in `x`; any other argument is read for its value.
    const testsPresence = node.op === "call" && args[0] === "has";
    for (const child of args) {
      if (testsPresence && Array.isArray(child)) for (const inner of child) stack.push({ node: inner, presence: true });
      else stack.push({ node: child, presence: false });
    }
  }
  const reads = [...new Set([...values, ...presences])].sort();
  const elements: Record<string, string[]> = {};
  for (const [path, fields] of elementFields) if (!wholeValues.has(path)) elements[path] = [...fields].sort();
  return { reads, presenceOnly: reads.filter((path) => !values.has(path)), elements };
}

/**
 * A comprehension over a fact (`service.a.exists(x, x.b)`): the fact's path and node, its
 * variable and the body, or the condition, and transform, it runs per element.
 */
function comprehensionOf(node: AstNode): { path: string; receiver: AstNode; variable: string; bodies: unknown[] } | undefined {
  // A method call on a receiver: `rcall` with the method's name, the receiver and the arguments.
  if (node.op !== "rcall") return undefined;
  const [name, receiver, macroArgs] = node.args as [string, unknown, unknown[]];
  if (!COMPREHENSIONS.has(name) || !isNode(receiver)) return undefined;
  const path = pathOf(receiver);
  // The parser takes a comprehension's first argument only as a variable's name.
  const [variable, ...bodies] = macroArgs as [AstNode, ...unknown[]];
  if (path === undefined || variable.op !== "id") return undefined;
  // A second variable (a form such as `all(i, v, …)`) would name the element under another name: read whole.
  if (bodies.some((body) => isNode(body) && body.op === "id" && !isFactRoot(body.args))) return undefined;
  return { path, receiver, variable: String(variable.args), bodies };
}

/**
 * The fields of a comprehension's element its body reads (`b.c` for `x.b.c`, `b` for `has(x.b)`),
 * or undefined when the body uses the element other than through a field: whole, indexed by a
 * computed key, or passed on. A nested comprehension that reuses the name counts as a use of it.
 */
function elementFieldsOf(variable: string, bodies: readonly unknown[]): Set<string> | undefined {
  const fields = new Set<string>();
  const isVariable = (name: unknown) => name === variable;
  const stack: unknown[] = [...bodies];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const child of node) stack.push(child);
      continue;
    }
    if (!isNode(node)) continue;
    // The variable alone is a path of no field: the element is used whole.
    const path = pathOf(node, isVariable);
    if (path !== undefined) {
      if (path === variable) return undefined;
      fields.add(path.slice(variable.length + 1));
      continue;
    }
    if (isNode(node.args)) stack.push(node.args);
    else if (Array.isArray(node.args)) for (const child of node.args) stack.push(child);
  }
  return fields;
}

function checkRe2Syntax(pattern: string): string | undefined {
  try {
    compilePattern(pattern);
    return undefined;
  } catch (error) {
    return `expected an RE2 regular expression in matches(), got ${error instanceof Error ? firstLine(error.message) : "an invalid one"}`;
  }
}

function compilePattern(pattern: string): RE2JS {
  const cached = patternCache.get(pattern);
  if (cached) return cached;
  const compiled = loadRe2js().compile(pattern);
  if (patternCache.size >= MAX_CACHED_PATTERNS) patternCache.clear();
  patternCache.set(pattern, compiled);
  return compiled;
}

/** CEL's `matches()`: true when the RE2 pattern matches any substring, in time linear in the text. */
function matchRe2(text: string, pattern: string): boolean {
  let compiled: RE2JS;
  try {
    compiled = compilePattern(pattern);
  } catch (error) {
    throw new Error(`invalid RE2 regular expression: ${error instanceof Error ? firstLine(error.message) : String(error)}`);
  }
  return compiled.matcher(text).find();
}

/** The library's message for an error, naming `matches()` as the user wrote it rather than its RE2 stand-in. */
export function celErrorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replaceAll(RE2_MATCHES, "matches");
}

function describeCelError(error: unknown): { message: string; column: number } {
  const message = celErrorText(error);
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
  const root: CelValue[] = [null];
  // An explicit stack of what is left to convert and where each converted value goes, instead of
  // recursion, so deeply nested facts cannot exhaust the call stack.
  const pending: object[] = [];
  // A converted value goes into an array at an index or into an object at a key.
  type Target = Record<string | number, CelValue>;
  const targets: Target[] = [];
  const keys: (string | number)[] = [];
  const place = (from: unknown, target: Target, key: string | number) => {
    if (typeof from === "object" && from !== null) {
      pending.push(from);
      targets.push(target);
      keys.push(key);
    } else target[key] = scalarCel(from);
  };
  place(value, root as unknown as Target, 0);
  while (pending.length > 0) {
    const from = pending.pop() as object;
    const target = targets.pop() as Target;
    const key = keys.pop() as string | number;
    if (Array.isArray(from)) {
      const out: CelValue[] = new Array(from.length).fill(null);
      target[key] = out;
      for (let index = 0; index < from.length; index++) place(from[index], out as unknown as Target, index);
      continue;
    }
    const out: Record<string, CelValue> = {};
    target[key] = out;
    for (const name of Object.keys(from)) {
      const child = (from as Record<string, unknown>)[name];
      if (child === undefined) continue;
      // An own `__proto__` key stays a key: assigning it would set the object's prototype.
      if (name === "__proto__") Object.defineProperty(out, name, { value: null, enumerable: true, writable: true, configurable: true });
      else out[name] = null;
      place(child, out, name);
    }
  }
  return root[0] ?? null;
}

function scalarCel(from: unknown): CelValue {
  if (typeof from === "number") return Number.isInteger(from) ? BigInt(from) : from;
  if (typeof from === "string" || typeof from === "boolean" || typeof from === "bigint") return from;
  return null;
}

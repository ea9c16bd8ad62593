import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { listFiles } from "../src/load/files.js";
import { parseYaml } from "../src/load/yaml.js";
import { buildJsonSchemas, formatJsonSchema, JSON_SCHEMA_KINDS, type JsonSchemaKind } from "../src/model/json-schema.js";
import { librarySchema } from "../src/model/library.js";
import { mitigationSchema, mitigationTestSchema } from "../src/model/mitigation.js";
import { placementSchema } from "../src/model/placement.js";
import { serviceProfileSchema } from "../src/model/profile.js";
import { ruleSchema, ruleTemplateSchema, ruleTestSchema } from "../src/model/rule.js";
import { ROOT, runCli } from "./helpers/cli.js";
import { runCliInProcess } from "./helpers/cli-in-process.js";

const SCHEMA_DIR = join(ROOT, "schemas");
const STALE = "schemas/ is stale: run `npm run schemas` and commit the result";

/** The schema kind and zod schema of each document kind the built-in YAML holds. */
const DOCUMENT_KINDS = {
  ServiceProfile: { kind: "profile", zod: serviceProfileSchema },
  Placement: { kind: "placement", zod: placementSchema },
  Rule: { kind: "rule", zod: ruleSchema },
  RuleTest: { kind: "rule-test", zod: ruleTestSchema },
  RuleTemplate: { kind: "rule-template", zod: ruleTemplateSchema },
  Mitigation: { kind: "mitigation", zod: mitigationSchema },
  MitigationTest: { kind: "mitigation-test", zod: mitigationTestSchema },
  Library: { kind: "library", zod: librarySchema },
} as const;

const HEADER = /^# yaml-language-server: \$schema=(\S+)\s*$/m;

function builtinYamlFiles(): string[] {
  const folders = [join(ROOT, "rules"), join(ROOT, "fixtures", "services"), join(ROOT, "fixtures", "libraries")];
  const { files } = listFiles(
    folders.filter((f) => existsSync(f)),
    ROOT,
  );
  return files.filter((f) => /\.ya?ml$/.test(f));
}

function documentsOf(file: string): { kind: string; value: unknown }[] {
  const parsed = parseYaml(readFileSync(file, "utf8"), file, "core");
  if (!parsed.ok) return [];
  return parsed.documents.map(({ value }) => ({ kind: String((value as { kind?: unknown }).kind), value }));
}

describe("JSON Schemas", () => {
  const built = buildJsonSchemas();

  it("has one committed file per kind, equal to the regenerated one", () => {
    const committed = readdirSync(SCHEMA_DIR)
      .filter((f) => f.endsWith(".schema.json"))
      .sort();
    expect(committed, STALE).toEqual(
      Object.keys(JSON_SCHEMA_KINDS)
        .map((k) => `${k}.schema.json`)
        .sort(),
    );
    for (const [kind, schema] of Object.entries(built)) {
      expect(readFileSync(join(SCHEMA_DIR, `${kind}.schema.json`), "utf8"), `${STALE} (${kind})`).toBe(formatJsonSchema(schema));
    }
  });

  it("is draft-07 and carries the .describe() text of the zod schemas", () => {
    expect(built.rule.$schema).toBe("http://json-schema.org/draft-07/schema#");
    const properties = built.rule.properties as Record<string, { description?: string }>;
    expect(properties.fails?.description).toMatch(/CEL over `service` and `placement`/);
    // io: "input" leaves fields with defaults optional, as users may omit them.
    expect(built.rule.required).not.toContain("when");
  });

  it("prints each kind with `blendcheck schema <kind>`", async () => {
    for (const kind of Object.keys(JSON_SCHEMA_KINDS)) {
      const result = await runCliInProcess(["schema", kind]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe(readFileSync(join(SCHEMA_DIR, `${kind}.schema.json`), "utf8"));
    }
  });

  it("exits 2 on an unknown kind, naming the known ones", () => {
    const result = runCli(["schema", "service"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /expected one of profile \| placement \| rule \| rule-test \| rule-template \| mitigation \| mitigation-test \| library \| policy \| assessment, got "service"/,
    );
  });

  it("points every yaml-language-server header of the built-in YAML at the schema of its document kind", () => {
    const files = builtinYamlFiles();
    expect(files.length).toBeGreaterThan(0);
    let headers = 0;
    for (const file of files) {
      const header = HEADER.exec(readFileSync(file, "utf8"));
      if (!header) continue;
      headers++;
      const target = resolve(dirname(file), header[1] as string);
      const where = relative(ROOT, file);
      expect(dirname(target), `${where}: header must point into schemas/`).toBe(SCHEMA_DIR);
      const kinds = new Set(documentsOf(file).map((d) => DOCUMENT_KINDS[d.kind as keyof typeof DOCUMENT_KINDS]?.kind));
      expect(
        [...kinds].map((k) => `${k}.schema.json`),
        `${where}: header names the wrong schema`,
      ).toEqual([target.slice(SCHEMA_DIR.length + 1)]);
    }
    expect(headers).toBeGreaterThan(0);
  });

  it("accepts, with ajv, every built-in document zod accepts", () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validators = Object.fromEntries(Object.entries(built).map(([kind, schema]) => [kind, ajv.compile(schema)]));
    let checked = 0;
    for (const file of builtinYamlFiles()) {
      for (const { kind, value } of documentsOf(file)) {
        const known = DOCUMENT_KINDS[kind as keyof typeof DOCUMENT_KINDS];
        if (!known?.zod.safeParse(value).success) continue;
        const validate = validators[known.kind as JsonSchemaKind];
        expect(validate?.(value), `${relative(ROOT, file)}: ${ajv.errorsText(validate?.errors)}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("rejects, with ajv, a rule with an unknown field or an effort off the scale", () => {
    const ajv = new Ajv({ strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(built.rule);
    const rule = {
      apiVersion: "blendcheck/v1",
      kind: "Rule",
      id: "custom/example",
      title: "Example",
      dimension: "termination",
      severity: "low",
      trigger: "restart",
      fails: "true",
      message: "{{service.name}} fails",
      rationale: "It matters.",
      remediation: "Change it.",
      effort: 1,
      references: [{ title: "Docs", url: "https://example.org/" }],
    };
    expect(validate(rule), ajv.errorsText(validate.errors)).toBe(true);
    expect(validate({ ...rule, extra: 1 })).toBe(false);
    expect(validate({ ...rule, effort: 4 })).toBe(false);
  });
});

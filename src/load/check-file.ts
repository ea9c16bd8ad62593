// Validation against the schemas: the part of loading that needs zod. A load reaches it only for
// what the build did not check, a user's file or a changed built-in one.
import type { z } from "zod";
import { librarySchema } from "../model/library.js";
import { mitigationSchema, mitigationTestSchema } from "../model/mitigation.js";
import { placementSchema } from "../model/placement.js";
import { policySchema } from "../model/policy.js";
import { serviceProfileSchema } from "../model/profile.js";
import { ruleSchema, ruleTemplateSchema, ruleTestSchema } from "../model/rule.js";
import type { InputFile } from "./files.js";
import type { CheckedDocument, DocumentChecker, Kind } from "./load-documents.js";
import type { Problem } from "./problem.js";
import { validateDocument } from "./validate.js";
import { locatePath, parseYaml } from "./yaml.js";

const KINDS = {
  ServiceProfile: serviceProfileSchema,
  Placement: placementSchema,
  Rule: ruleSchema,
  RuleTest: ruleTestSchema,
  RuleTemplate: ruleTemplateSchema,
  Mitigation: mitigationSchema,
  MitigationTest: mitigationTestSchema,
  Library: librarySchema,
  Policy: policySchema,
} as const satisfies Record<Kind, z.ZodType>;

/**
 * Parses a blendcheck file and validates each of its documents against the schema of its kind:
 * the documents in file order, or the problem that kept the file from parsing.
 */
export function checkFile(input: InputFile): CheckedDocument[] | { problem: Problem } {
  const parsed = parseYaml(input.text, input.file, "core");
  if (!parsed.ok) return { problem: parsed.problem };
  return parsed.documents.map(({ index, value }): CheckedDocument => {
    const kind = kindOf(value);
    if (kind === undefined) {
      const { line, column } = locatePath(input.text, index, ["kind"]);
      const got =
        typeof value === "object" && value !== null && "kind" in value ? JSON.stringify((value as { kind: unknown }).kind) : "nothing";
      return {
        index,
        problems: [
          {
            file: input.file,
            line,
            column,
            severity: "error",
            code: "unknown-kind",
            path: "kind",
            message: `expected one of ${Object.keys(KINDS).join(" | ")}, got ${got}`,
          },
        ],
      };
    }
    const validated = validateDocument(KINDS[kind], value, { file: input.file, text: input.text, docIndex: index });
    return validated.ok ? { index, kind, value: validated.value } : { index, problems: validated.problems };
  });
}

/** The kind a parsed document names, when it is one of blendcheck's. */
function kindOf(value: unknown): Kind | undefined {
  if (typeof value !== "object" || value === null || !Object.hasOwn(value, "kind")) return undefined;
  const kind = (value as { kind: unknown }).kind;
  return typeof kind === "string" && Object.hasOwn(KINDS, kind) ? (kind as Kind) : undefined;
}

/** The checker the loader uses: the document schemas, and the profile schema for merged profiles. */
export const documentChecker: DocumentChecker = {
  file: checkFile,
  mergedProfile: (candidate, source) => validateDocument(serviceProfileSchema, candidate, source),
};

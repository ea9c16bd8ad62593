import { z } from "zod";
import { apiVersionSchema, evidenceSchema, kebabNameSchema } from "./common.js";
import { profileSpecSchema } from "./profile.js";

/**
 * Makes every object field optional at every depth, keeping strictness and descriptions. Arrays keep
 * their complete element schema, because a profile's array replaces a library's whole.
 */
function makeDeepPartial(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodOptional) {
    const inner = makeDeepPartial(schema.unwrap() as z.ZodType);
    return schema.description ? inner.describe(schema.description) : inner;
  }
  if (schema instanceof z.ZodObject) {
    const shape: Record<string, z.ZodType> = {};
    for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      shape[key] = makeDeepPartial(field).optional();
    }
    const partial = z.strictObject(shape);
    return schema.description ? partial.describe(schema.description) : partial;
  }
  return schema;
}

const { evidence: _evidence, role: _role, uses: _uses, ...sharedShape } = profileSpecSchema.shape;

/** The `spec` of a Library: any part of a profile's facts, and their evidence. */
export const librarySpecSchema = (makeDeepPartial(z.strictObject(sharedShape)) as z.ZodObject)
  .extend({ evidence: z.array(evidenceSchema).describe("The source of each fact the library declares.") })
  .describe("Facts every service that uses the library shares; a profile's own facts win.");

/** A Library: facts that come from a library or runtime (oslo.messaging's RPC server, uWSGI), declared once. */
export const librarySchema = z
  .strictObject({
    apiVersion: apiVersionSchema,
    kind: z.literal("Library"),
    metadata: z.strictObject({
      name: kebabNameSchema.describe("The name profiles list in `spec.uses`, such as `oslo-messaging-rpc-server`."),
      description: z.string().min(1).describe("What the library or runtime is."),
    }),
    spec: librarySpecSchema,
  })
  .describe("Shared facts of a library or runtime, inherited by the profiles that use it.");

export type Library = z.infer<typeof librarySchema>;

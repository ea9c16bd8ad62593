import { z } from "zod";
import { apiVersionSchema, evidenceSchema, kebabNameSchema, TRIGGERS, type Trigger } from "./common.js";
import { WAVE_FAMILIES } from "./constants.js";

export { WAVE_FAMILIES };
export type WaveFamily = (typeof WAVE_FAMILIES)[number];

const perMonth = z.number().nonnegative();

/** How often each placement event happens per month, as editable defaults. */
export const eventsSchema = z
  .strictObject(Object.fromEntries(TRIGGERS.map((t) => [t, perMonth.optional()])) as Record<Trigger, z.ZodOptional<typeof perMonth>>)
  .describe("Events per month for one service instance under this placement; a missing event happens never.");

/** The `spec` of a Placement: the behaviour every rule may read as `placement.*`. */
export const placementSpecSchema = z.strictObject({
  scheduler: z.enum(["none", "kubernetes", "swarm", "marathon"]).describe("Who places and restarts the containers."),
  ipStable: z.boolean().describe("True when a restarted container keeps its IP address."),
  hostnameStable: z.boolean().describe("True when a restarted container keeps its hostname."),
  movesBetweenHosts: z.boolean().describe("True when the scheduler may start the service on another host."),
  hostNetwork: z.boolean().describe("True when containers share the host's network namespace by default."),
  hostAccess: z.boolean().describe("True when privileged containers, host namespaces and host paths are normal practice under it."),
  graceSeconds: z.number().nonnegative().describe("Seconds between SIGTERM and SIGKILL when nothing else is configured."),
  restartsOnConfigChange: z.boolean().describe("True when a configuration change restarts the containers (a rolling restart)."),
  serviceDiscovery: z.enum(["none", "dns", "vip"]).describe("What gives peers a stable name: nothing, DNS names, or a virtual IP."),
  overlapsReplacement: z
    .boolean()
    .describe("True when a rolling update may run a replacement instance beside the one it replaces (a Deployment's default maxSurge)."),
  stableDnsName: z
    .boolean()
    .describe("True when each instance keeps a DNS name of its own across restarts (a StatefulSet pod behind a headless Service)."),
  stateFollowsInstance: z
    .boolean()
    .describe("True when the instance's volume follows it when it moves to another host (a StatefulSet's PersistentVolumeClaim)."),
  waveFamily: z
    .enum(WAVE_FAMILIES)
    .describe(
      "The migration wave family: `scheduled` (moved by a scheduler: waves 1 and 2), `pinned` (scheduler-managed on fixed hosts: wave 3), `fixed` (stays: wave 4).",
    ),
  events: eventsSchema,
  evidence: z.array(evidenceSchema).describe("The source of each default."),
});

/** A Placement: how containers are placed and managed, with its sourced defaults. */
export const placementSchema = z
  .strictObject({
    apiVersion: apiVersionSchema,
    kind: z.literal("Placement"),
    metadata: z.strictObject({
      name: kebabNameSchema.describe("Such as `k8s-scheduled`."),
      title: z.string().min(1).describe("How reports name it, such as `Kubernetes, scheduled`."),
      description: z.string().optional(),
    }),
    spec: placementSpecSchema,
  })
  .describe("How a service's containers are placed and managed.");

export type Placement = z.infer<typeof placementSchema>;
export type PlacementEvents = z.infer<typeof eventsSchema>;

// Its own module, free of zod, so the CLI can offer the severities without loading the model.
/** The five severities, most severe first. */
export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;

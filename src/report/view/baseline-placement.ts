/** The placement every "what breaks" comparison starts from. */
export const BASELINE_PLACEMENT = "poci";

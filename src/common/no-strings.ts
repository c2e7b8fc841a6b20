/** The shared empty list answered for "no silences", "no inhibitors" and the like, so that none is allocated. */
export const NO_STRINGS: readonly string[] = Object.freeze([]);

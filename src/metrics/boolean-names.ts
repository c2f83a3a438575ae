// The words that name a boolean, wherever text is read as one: labels and predictions
// without --positive (streaming and SQL), a model's text labels, text fed to a bool input.

/** Text naming true (compared in lower case). */
export const TRUE_NAMES: ReadonlySet<string> = new Set(['1', 'true', 't', 'yes', 'y']);
/** Text naming false (compared in lower case). */
export const FALSE_NAMES: ReadonlySet<string> = new Set(['0', 'false', 'f', 'no', 'n']);

/**
 * 1 for text naming true, 0 for text naming false (any case), null for anything else.
 *
 * @example booleanOf('Yes') // 1
 */
export function booleanOf(text: string): 0 | 1 | null {
  const lower = text.toLowerCase();
  return TRUE_NAMES.has(lower) ? 1 : FALSE_NAMES.has(lower) ? 0 : null;
}

/**
 * A boolean label against a positive class given as text: 1 when the class names the value
 * (`true`, `1`, `yes`, `y`, `t` name true; `false`, `0`, `no`, `n`, `f` name false, any case),
 * else 0 (a class naming neither is never a boolean's).
 *
 * @example booleanLabel(false, 'no') // 1
 */
export function booleanLabel(value: boolean, positive: string): 0 | 1 {
  const named = booleanOf(positive);
  if (named === null) return 0;
  return (named === 1) === value ? 1 : 0;
}

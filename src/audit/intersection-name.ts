/**
 * The name of an intersection group: its features' group names joined by ` & ` (`Female & Black`).
 * A name that holds `&` or starts with a quote is quoted (`"p & q" & r`, inner quotes doubled),
 * so that two different groups never share a name (`p & q` + `r` and `p` + `q & r`).
 *
 * @example intersectionName(['p & q', 'r']) // '"p & q" & r'
 */
export function intersectionName(parts: readonly string[]): string {
  return parts.map((part) => (part.includes('&') || part.startsWith('"') ? `"${part.replaceAll('"', '""')}"` : part)).join(' & ');
}

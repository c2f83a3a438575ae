const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and quoted attribute values: `& < > " '` become
 * entities. Every string that comes from data (group and column names, file paths, values,
 * attestations) goes through it before it reaches the page. `null`/`undefined` give `''`;
 * numbers are stringified first.
 *
 * @example escapeHtml('<img src=x onerror=alert(1)>') // '&lt;img src=x onerror=alert(1)&gt;'
 * @example escapeHtml('Tom & "Jerry"') // 'Tom &amp; &quot;Jerry&quot;'
 */
export function escapeHtml(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

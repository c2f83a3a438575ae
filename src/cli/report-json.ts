import type { AuditResult } from '../audit/types.js';

/** The audit as JSON text (2-space indent, trailing newline). */
export function toReportJSON(result: AuditResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

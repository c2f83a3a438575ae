// The render stage: the JSON report, its schema, and the HTML report.
export { toJSON } from './to-json.js';
export { isLinkBase, toHTML, type HtmlOptions } from './to-html.js';
export { validateReport, reportSchemaText } from './validate-report.js';
export { escapeHtml } from './escape-html.js';
export { metricReference, type MetricReference } from './metric-reference.js';

// The report's stylesheet, inlined in every page (no external resources). Colours keep text
// contrast at WCAG AA or better; statuses carry a symbol and a word, never colour alone.
export const STYLE = `
:root{--fg:#1a1a1a;--muted:#474747;--line:#c9ced6;--soft:#f4f6f9;--link:#0b57a4;--accent:#0072B2}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:var(--fg);background:#fff;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans KR","Apple SD Gothic Neo","Malgun Gothic",sans-serif}
header,main,footer{max-width:1180px;margin:0 auto;padding:0 24px}
header{padding-top:20px;border-bottom:3px solid var(--accent)}
.brand{margin:0;font-weight:700;letter-spacing:.08em;text-transform:uppercase;color:var(--accent);font-size:13px}
h1{margin:2px 0 4px;font-size:28px}
h2{font-size:21px;margin:32px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:17px;margin:22px 0 8px}
.meta,.small,.ci,figcaption{color:var(--muted)}
figcaption{font-size:13px}
.small{font-size:13px}
a{color:var(--link)}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;overflow-wrap:anywhere}
pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;font-size:13px}
.hash{font-size:12px}
nav{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:4px 16px;margin:18px 0}
nav h2{font-size:15px;border:0;margin:8px 0 0}
nav ol{columns:3;margin:6px 0 10px;padding-left:20px}
.verdict{border:2px solid var(--line);border-left-width:10px;border-radius:6px;padding:4px 20px 12px;margin:20px 0}
.verdict h2{border:0;margin-top:12px}
.v-breached{border-color:#b3261e}
.v-clear{border-color:#1b7a3a}
.v-none{border-color:var(--line)}
.verdict-line{font-size:20px;font-weight:700;margin:4px 0 8px}
.verdict-grid{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.3fr);gap:24px}
.audited{margin:0}
.kv{display:grid;grid-template-columns:11em minmax(0,1fr);gap:8px;padding:2px 0;border-bottom:1px dotted var(--line)}
.kv dt{font-weight:600;color:var(--muted)}
.kv dd{margin:0;overflow-wrap:anywhere}
ul.breached li{margin-bottom:6px}
.article{font-weight:700;white-space:nowrap}
.regime{font-size:12px;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
.chips{display:flex;flex-wrap:wrap;gap:6px 12px;margin:6px 0 12px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;font-size:13px;white-space:nowrap;border:1px solid transparent}
.s-breached{background:#fde2e1;color:#8a1c1c;border-color:#e9a8a4}
.s-evidenced{background:#e3f4e8;color:#1b5e20;border-color:#a6d5b2}
.s-needs_attestation{background:#fff4d6;color:#5c4300;border-color:#e5cf8f}
.s-insufficient_evidence{background:#e8eef7;color:#1f3a5f;border-color:#b7c6dd}
.s-not_applicable{background:#eeeeee;color:#3d3d3d;border-color:#cfcfcf}
.tag{font-size:12px;padding:0 6px;border-radius:8px;border:1px solid var(--line);white-space:nowrap}
.k-fail{background:#fde2e1;color:#8a1c1c}
.k-pass{background:#e3f4e8;color:#1b5e20}
.k-insufficient,.k-unavailable{background:#eeeeee;color:#3d3d3d}
.k-info{background:#e8eef7;color:#1f3a5f}
.evidence{margin:0;padding-left:16px}
.evidence li.needs{color:#5c4300}
.disclaimer{background:#fff8e5;border:1px solid #e5cf8f;padding:6px 10px;border-radius:4px}
.note,.cap{font-size:13px;color:var(--muted);font-style:italic}
.table-wrap{overflow-x:auto;margin:8px 0 14px}
table{border-collapse:collapse;width:100%;font-size:13.5px}
caption{text-align:left;font-weight:600;padding:4px 0;color:var(--fg)}
th,td{border:1px solid var(--line);padding:4px 8px;vertical-align:top;text-align:left}
thead th{background:var(--soft)}
tbody tr:nth-child(even){background:#fafbfc}
td{font-variant-numeric:tabular-nums}
.ci{display:block;font-size:11.5px;white-space:nowrap}
.figures .ci{display:inline;margin-left:6px;font-weight:400}
table.duties caption{font-size:17px;padding:18px 0 6px}
table.duties td:nth-child(2){min-width:280px}
table.duties td:nth-child(4){min-width:300px}
.low{color:#8a1c1c;font-weight:700}
.charts{display:flex;flex-wrap:wrap;gap:12px 24px}
figure{margin:8px 0}
svg.chart{max-width:100%;height:auto;font-size:11px}
svg .grid{stroke:#e3e6ea;stroke-width:1}
svg .frame{fill:none;stroke:#9aa3ad}
svg .tick{fill:#474747}
svg .axis{fill:#1a1a1a;font-size:12px}
svg .label,svg .legend{fill:#1a1a1a}
svg .value{fill:#1a1a1a;font-variant-numeric:tabular-nums}
svg .dot{fill:#0072B2;stroke:#0072B2;stroke-width:1.5}
svg .dot.hollow{fill:#fff}
svg .whisker{stroke:#474747;stroke-width:1.4;fill:none}
svg .reference{stroke:#474747;stroke-dasharray:4 3}
svg .diagonal{stroke:#7a7a7a;stroke-dasharray:4 4;fill:none}
svg .series{fill:none;stroke-width:2}
svg .bar{fill:#5b7fb0}
svg .bar.fail{fill:#b3261e}
svg .threshold{stroke:#1a1a1a;stroke-width:2.5}
dl.generic{margin:0}
.glossary .term{margin:0 0 8px}
.glossary dt{font-weight:600}
.glossary dd{margin:0 0 0 16px}
footer{border-top:1px solid var(--line);margin-top:32px;padding:12px 24px 24px;color:var(--muted);font-size:13px}
@media (max-width:760px){.verdict-grid{grid-template-columns:1fr}nav ol{columns:1}.kv{grid-template-columns:1fr}}
@media print{
 body{font-size:10pt}
 header,main,footer{max-width:none;padding:0}
 nav{display:none}
 .verdict{break-inside:avoid}
 h2,h3{break-after:avoid}
 figure,tr,.kv{break-inside:avoid}
 .table-wrap{overflow:visible}
 table{font-size:9pt}
 a{color:inherit;text-decoration:none}
 .sources a::after{content:" (" attr(href) ")";font-size:8pt;overflow-wrap:anywhere}
 .badge,.tag,.verdict,.disclaimer,.k-fail,.k-pass{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;

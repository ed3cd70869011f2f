"""How the review page looks, on a screen and on A4: system fonts only (nothing fetched),
print colours kept, no section or row cut in half where it can be helped."""

STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #eef0f3; color: #1d2433;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  "Liberation Sans", sans-serif; }
main { max-width: 800px; margin: 24px auto; padding: 28px 36px 20px; background: #fff;
  box-shadow: 0 1px 4px rgba(0, 0, 0, .15); }
.kicker { margin: 0; font-size: 11px; letter-spacing: .08em; text-transform: uppercase;
  color: #5b6474; }
h1 { margin: 2px 0 0; font-size: 24px; line-height: 1.2; }
.period { margin: 2px 0 0; font-size: 16px; }
.as-of { margin: 2px 0 0; font-size: 12px; color: #5b6474; }
h2 { margin: 22px 0 8px; padding-bottom: 3px; border-bottom: 2px solid #1d2433;
  font-size: 16px; }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 8px; border-bottom: 1px solid #e1e4e9; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { border-bottom: 1px solid #1d2433; font-size: 12px; font-weight: 600;
  color: #3d4656; }
td.stage { padding-left: 24px; color: #5b6474; }
td.blank { color: #b5bac3; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 16px 28px; margin-top: 8px; }
.charts.wide { grid-template-columns: 1fr; }
figure { margin: 0; break-inside: avoid; }
figcaption { margin-bottom: 2px; font-size: 13px; font-weight: 600; }
figcaption .sum { font-weight: 400; color: #3d4656; }
svg.chart { display: block; width: 100%; height: auto; }
svg .tick { fill: #5b6474; font-size: 10px; }
svg .total { fill: #1d2433; font-size: 10px; font-weight: 600; }
svg .label { fill: #1d2433; font-size: 12px; }
svg .grid { stroke: #e1e4e9; }
svg .axis { stroke: #1d2433; }
svg .rise { stroke: #1d2433; stroke-width: 1.5; }
svg .rise-head { fill: #1d2433; }
svg .was { fill: #fff; stroke: #1d2433; stroke-width: 1.5; }
svg .now { fill: #b3261e; stroke: #1d2433; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 6px 0 0; font-size: 12px; }
.legend span { display: inline-flex; align-items: center; gap: 5px; }
.swatch { outline: 1px solid #8a909b; }
.counts { margin: 2px 0 0; font-size: 12px; color: #3d4656; }
.none { margin: 4px 0; color: #3d4656; }
table.weeks th, table.weeks td { padding: 2px 4px; font-size: 11.5px; text-align: center; }
table.weeks td { white-space: nowrap; }
table.weeks + table.weeks { margin-top: 14px; }
table.weeks th:first-child, table.weeks td:first-child { text-align: left; }
table.weeks tbody tr:nth-child(even) { background: #f5f6f8; }
table.weeks tfoot td { border-top: 1px solid #1d2433; font-weight: 600; }
footer { margin-top: 16px; font-size: 11px; color: #5b6474; }
footer p { margin: 2px 0; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { background: #fff; font-size: 10pt; }
  table.weeks th, table.weeks td { font-size: 8pt; padding: 1px 3px; }
  main { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; margin: 12px 0 6px; font-size: 13pt; }
  .charts { gap: 6px 24px; margin-top: 4px; }
  svg.chart { max-height: 46mm; }
  .legend { margin-top: 3px; }
  table.weeks + table.weeks { margin-top: 8px; }
  footer { margin-top: 8px; }
  .keep { break-inside: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
}
"""

/**
 * The report as one self-contained web page: CSS and charts inline, no script, no
 * external address of any kind, so it opens from a USB stick on an office PC without
 * network and prints on A4 landscape.
 */
import { formatCount, formatDateVi, formatPercent } from '../render/format-vi.js';
import type { RenewalCard, Report } from './model.js';
import { CHART_COLOURS, coverageChart, escapeMarkup, percentAxis, trendChart } from './render-svg.js';
import {
  asOfLine,
  displayCell,
  formatPoints,
  GROUP_WORD,
  headerSpans,
  placeAndDate,
  REPORT_TITLE,
  reportColumns,
  reportRows,
  totalsRow,
  type ReportColumn,
  type ReportRow,
} from './render-text.js';

/** Longer renewal lists start folded, so the page opens on the figures. */
const RENEWALS_SHOWN_OPEN = 20;

const STYLE = `
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Arial, "Liberation Sans", "DejaVu Sans", sans-serif; color: ${CHART_COLOURS.text};
  max-width: 1120px; margin: 0 auto; padding: 24px; font-size: 15px; line-height: 1.45; }
.letterhead { display: flex; justify-content: space-between; align-items: baseline; gap: 24px; }
.office { font-weight: bold; }
.place-date { font-style: italic; margin-left: auto; }
h1 { text-align: center; font-size: 22px; margin: 28px 0 2px; }
h2 { font-size: 18px; margin: 28px 0 8px; }
.as-of { text-align: center; font-style: italic; margin: 0 0 16px; }
.sentence { font-size: 16px; }
.warnings { border-left: 4px solid ${CHART_COLOURS.belowTarget}; background: #fff8f0; padding: 6px 12px; }
.figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin: 18px 0; }
.figure { border: 1px solid ${CHART_COLOURS.grid}; border-radius: 6px; padding: 10px 14px; margin: 0; }
.figure dt { font-size: 13px; color: ${CHART_COLOURS.muted}; }
.figure dd { margin: 0; font-size: 26px; font-weight: bold; }
.figure .note { display: block; font-size: 13px; font-weight: normal; color: ${CHART_COLOURS.muted}; }
figure { margin: 0; }
figcaption { font-size: 13px; color: ${CHART_COLOURS.muted}; margin-top: 4px; }
svg.chart { display: block; width: 100%; height: auto; }
.swatch { display: inline-block; width: 12px; height: 12px; vertical-align: -1px; margin-right: 4px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { border: 1px solid #b8c0cc; padding: 4px 6px; }
thead th { background: #ddebf7; text-align: center; vertical-align: middle; }
tbody th, tfoot th { text-align: left; }
tbody th { font-weight: normal; }
/* Names wrap, but not into a column too narrow to read. */
table.groups th[scope="row"] { min-width: 18em; }
caption { text-align: left; margin-bottom: 4px; }
td.number { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.below > * { background: #fce4d6; }
tfoot > tr > * { font-weight: bold; background: #f2f2f2; }
summary { cursor: pointer; font-weight: bold; margin: 6px 0; }
footer { margin-top: 28px; font-size: 12px; color: ${CHART_COLOURS.muted}; }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  thead { display: table-header-group; }
  /* Browsers repeat a table's footer on every page: the totals belong once, at the end. */
  tfoot { display: table-row-group; }
  table { font-size: 9pt; }
  th, td { padding: 2px 4px; }
  tr, .figure { break-inside: avoid; }
  h2 { break-after: avoid; }
}
`;

export function renderReportHtml(report: Report): string {
  const trend = trendChart(report);
  return [
    '<!DOCTYPE html>',
    '<html lang="vi">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeMarkup(`Báo cáo tỷ lệ học sinh tham gia BHYT, tính đến ngày ${formatDateVi(report.asOf)}`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    letterhead(report),
    `<h1>${escapeMarkup(REPORT_TITLE)}</h1>`,
    `<p class="as-of">${escapeMarkup(asOfLine(report))}</p>`,
    `<p class="sentence">${escapeMarkup(report.sentence)}</p>`,
    warnings(report),
    keyFigures(report),
    `<h2>Tỷ lệ theo ${escapeMarkup(GROUP_WORD[report.groupBy])}</h2>`,
    `<figure>${coverageChart(report)}<figcaption>${chartCaption(report)}</figcaption></figure>`,
    trend ? `<h2>Tỷ lệ qua các lần tính</h2>\n<figure>${trend}</figure>` : '',
    `<h2>Số liệu theo ${escapeMarkup(GROUP_WORD[report.groupBy])}</h2>`,
    groupTable(report),
    renewals(report),
    `<footer>Lập ngày ${formatDateVi(report.reportDate)} bằng công cụ bhyt.</footer>`,
    '</body>',
    '</html>',
    '',
  ]
    .filter((part) => part !== '')
    .join('\n');
}

function letterhead(report: Report): string {
  const office = report.office ? `<div class="office">${escapeMarkup(report.office.toUpperCase())}</div>` : '';
  return `<header class="letterhead">${office}<div class="place-date">${escapeMarkup(placeAndDate(report))}</div></header>`;
}

function warnings(report: Report): string {
  if (report.warnings.length === 0) return '';
  return `<div class="warnings" role="note"><ul>${report.warnings.map((w) => `<li>${escapeMarkup(w)}</li>`).join('')}</ul></div>`;
}

function figure(label: string, value: string, note: string): string {
  return `<div class="figure"><dt>${escapeMarkup(label)}</dt><dd>${escapeMarkup(value)}${note ? `<span class="note">${escapeMarkup(note)}</span>` : ''}</dd></div>`;
}

function keyFigures(report: Report): string {
  const t = report.totals;
  const change = t.change && report.previous ? `${formatPoints(t.change.coveragePoints)} điểm % so với ngày ${formatDateVi(report.previous.asOf)}` : '';
  return [
    '<dl class="figures">',
    figure('Tỷ lệ có thẻ BHYT', formatPercent(t.coverage), change),
    figure('Học sinh có thẻ', formatCount(t.insured), `trên ${formatCount(t.students)} học sinh`),
    figure('Chưa có thẻ', formatCount(t.students - t.insured), t.review ? `trong đó ${formatCount(t.review)} em cần kiểm tra` : ''),
    figure('Đạt chỉ tiêu', `${formatCount(t.groupsAtTarget)}/${formatCount(t.groups)}`, `${GROUP_WORD[report.groupBy]} đạt ${formatPercent(report.target)}`),
    '</dl>',
  ].join('\n');
}

function swatch(colour: string): string {
  return `<span class="swatch" style="background:${colour}"></span>`;
}

function chartCaption(report: Report): string {
  const axis = percentAxis(report.groups.map((g) => g.coverage), report.target);
  const parts = [
    `${swatch(CHART_COLOURS.belowTarget)}chưa đạt chỉ tiêu`,
    `${swatch(CHART_COLOURS.atTarget)}đạt chỉ tiêu`,
    `đường đứt nét: chỉ tiêu ${escapeMarkup(formatPercent(report.target))}`,
  ];
  if (axis.low > 0) parts.push(`trục ngang bắt đầu từ ${axis.low}%`);
  return parts.join('; ') + '.';
}

function groupTable(report: Report): string {
  const columns = reportColumns(report);
  return [
    '<table class="groups">',
    `<caption class="legend">${swatch('#fce4d6')}Dòng tô màu: chưa đạt chỉ tiêu ${escapeMarkup(formatPercent(report.target))}.</caption>`,
    columnGroups(columns),
    tableHead(columns),
    `<tbody>\n${reportRows(report).map((row) => tableRow(columns, row)).join('\n')}\n</tbody>`,
    `<tfoot>\n${tableRow(columns, totalsRow(report))}\n</tfoot>`,
    '</table>',
  ].join('\n');
}

/** One `<colgroup>` per band, so the band's `scope="colgroup"` header has columns to head. */
function columnGroups(columns: readonly ReportColumn[]): string {
  return headerSpans(columns)
    .map((span) => (span.span > 1 ? `<colgroup span="${span.span}"></colgroup>` : '<colgroup></colgroup>'))
    .join('');
}

function tableHead(columns: readonly ReportColumn[]): string {
  const spans = headerSpans(columns);
  const twoRows = spans.some((span) => span.banded);
  const top = spans.map((span) =>
    span.banded
      ? `<th scope="colgroup" colspan="${span.span}">${escapeMarkup(span.label)}</th>`
      : `<th scope="col"${twoRows ? ' rowspan="2"' : ''}>${escapeMarkup(span.label)}</th>`,
  );
  const under = columns.filter((c) => c.band).map((c) => `<th scope="col">${escapeMarkup(c.band?.header ?? c.header)}</th>`);
  return `<thead>\n<tr>${top.join('')}</tr>\n${twoRows ? `<tr>${under.join('')}</tr>\n` : ''}</thead>`;
}

function tableRow(columns: readonly ReportColumn[], row: ReportRow): string {
  const cells = columns.map((column) => {
    const content = escapeMarkup(displayCell(column, row));
    if (column.kind === 'text') return `<th scope="row">${content}</th>`;
    return `<td class="number">${content}</td>`;
  });
  // The totals line is styled as totals (in <tfoot>), whatever its rate.
  const marked = row.belowTarget && row.ordinal !== null;
  return `<tr${marked ? ' class="below"' : ''}>${cells.join('')}</tr>`;
}

const RENEWAL_COLUMNS: { header: string; cell: (r: RenewalCard) => string; number?: boolean }[] = [
  { header: 'Trường', cell: (r) => r.school },
  { header: 'Lớp', cell: (r) => r.class ?? '' },
  { header: 'Họ và tên', cell: (r) => r.name },
  { header: 'Ngày sinh', cell: (r) => formatDateVi(r.dob) },
  { header: 'Mã số BHXH', cell: (r) => r.bhxh ?? '' },
  { header: 'Số thẻ', cell: (r) => r.cardNumber ?? '' },
  { header: 'Hạn đến', cell: (r) => formatDateVi(r.validTo) },
  { header: 'Còn (ngày)', cell: (r) => formatCount(r.daysLeft), number: true },
];

function renewals(report: Report): string {
  const window = `trong ${report.renewalDays} ngày kể từ ngày ${formatDateVi(report.asOf)}`;
  const heading = '<h2>Thẻ sắp hết hạn</h2>';
  if (report.renewals.length === 0) return `${heading}\n<p>Không có thẻ nào hết hạn ${escapeMarkup(window)}.</p>`;
  const head = RENEWAL_COLUMNS.map((c) => `<th scope="col">${escapeMarkup(c.header)}</th>`).join('');
  const rows = report.renewals.map(
    (r) => `<tr>${RENEWAL_COLUMNS.map((c) => `<td${c.number ? ' class="number"' : ''}>${escapeMarkup(c.cell(r))}</td>`).join('')}</tr>`,
  );
  return [
    heading,
    `<details${report.renewals.length <= RENEWALS_SHOWN_OPEN ? ' open' : ''}>`,
    `<summary>${escapeMarkup(`${formatCount(report.renewals.length)} thẻ hết hạn ${window}`)}</summary>`,
    `<table class="renewals">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`,
    '</details>',
  ].join('\n');
}

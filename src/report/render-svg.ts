/**
 * The report's charts as inline SVG for the web page: coverage per group as horizontal
 * bars against the target, and total coverage over the runs. Plain markup with colours
 * as attributes, no script, no namespace URL (HTML needs none): the page must work from
 * a USB stick and print.
 */
import { formatCount, formatDateVi, formatPercent } from '../render/format-vi.js';
import type { GroupFigures, Report, TrendPoint } from './model.js';
import { GROUP_WORD } from './render-text.js';

const MARKUP_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside HTML or SVG, in an element or a quoted attribute: names are user data. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (character) => MARKUP_ENTITIES[character]);
}

export const CHART_COLOURS = {
  atTarget: '#2f855a',
  belowTarget: '#dd6b20',
  target: '#c53030',
  grid: '#d9dee4',
  text: '#1a202c',
  muted: '#5a6472',
  stripe: '#f5f7fa',
  line: '#2b6cb0',
} as const;

interface PercentAxis {
  low: number;
  high: number;
  ticks: number[];
}

/**
 * An axis ending at 100% and starting just below the lowest value or the target,
 * whichever is lower. Coverage sits above 90% nearly everywhere: from 0 every bar would
 * look the same, and the ticks say where the axis starts.
 */
export function percentAxis(values: readonly number[], target: number): PercentAxis {
  const lowest = Math.min(target, ...values);
  const low = lowest >= 50 ? Math.floor((lowest - 1) / 5) * 5 : Math.max(0, Math.floor((lowest - 0.5) / 10) * 10);
  const span = 100 - low;
  const step = span <= 5 ? 1 : span <= 12 ? 2 : span <= 30 ? 5 : 10;
  const ticks: number[] = [];
  for (let tick = low; tick <= 100; tick += step) ticks.push(tick);
  return { low, high: 100, ticks };
}

/** Ticks are whole percents: `95%`, the Vietnamese way without decimals. */
function tickLabel(value: number): string {
  return `${value}%`;
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}="${typeof value === 'number' ? round1(value) : escapeMarkup(value)}"`)
    .join(' ');
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function svgOpen(id: string, width: number, height: number, title: string, description: string): string {
  return [
    `<svg ${attributes({ class: 'chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc`, 'font-family': 'inherit' })}>`,
    `<title id="${id}-title">${escapeMarkup(title)}</title>`,
    `<desc id="${id}-desc">${escapeMarkup(description)}</desc>`,
  ].join('\n');
}

function text(x: number, y: number, content: string, extra: Record<string, string | number> = {}): string {
  return `<text ${attributes({ x, y, ...extra })}>${escapeMarkup(content)}</text>`;
}

function line(x1: number, y1: number, x2: number, y2: number, extra: Record<string, string | number>): string {
  return `<line ${attributes({ x1, y1, x2, y2, ...extra })}/>`;
}

const BAR_CHART = {
  width: 1000,
  /** Room for group names left of the bars. */
  labelWidth: 330,
  /** Room for "99,43%" right of a full bar. */
  valueWidth: 78,
  /** Room above the bars for the target's label. */
  top: 30,
  axisHeight: 26,
  /**
   * Most height the bars of one part take: with its axis a part fills about half a
   * printed A4 landscape page, so one fits under the key figures and two on a page.
   */
  partHeight: 300,
} as const;

/** Rows get thinner as groups grow but never below legible text: 300 schools make a long chart, not a smudge. */
function barRowSize(count: number): { height: number; font: number } {
  if (count <= 30) return { height: 28, font: 13 };
  if (count <= 100) return { height: 21, font: 12 };
  return { height: 18, font: 11 };
}

/** About how many characters of a name fit in `width` at `font` size; longer names end in "…". */
function fitName(name: string, width: number, font: number): string {
  const fits = Math.floor(width / (font * 0.56));
  const characters = [...name];
  return characters.length > fits ? `${characters.slice(0, fits - 1).join('')}…` : name;
}

function coverageDescription(report: Report): string {
  const word = GROUP_WORD[report.groupBy];
  const parts = [`${report.totals.groupsAtTarget}/${report.totals.groups} ${word} đạt chỉ tiêu ${formatPercent(report.target)}.`];
  const lowest = report.groups.reduce<GroupFigures | null>((low, g) => (low === null || g.coverage < low.coverage ? g : low), null);
  if (lowest) parts.push(`Thấp nhất: ${lowest.group}, ${formatPercent(lowest.coverage)}.`);
  return parts.join(' ');
}

interface BarLayout {
  row: { height: number; font: number };
  axis: PercentAxis;
  x: (value: number) => number;
  target: number;
}

/**
 * Coverage per group as horizontal bars in the report's order, the target drawn across
 * them. A long list is drawn in parts that each fit a printed page, every part with its
 * own axis and target: a browser cannot split one picture between pages, and a reader
 * far down the list still has a scale. On screen the parts stack into one chart.
 */
export function coverageChart(report: Report): string {
  const { width, labelWidth, valueWidth } = BAR_CHART;
  const row = barRowSize(report.groups.length);
  const axis = percentAxis(report.groups.map((g) => g.coverage), report.target);
  const x = (value: number) => labelWidth + ((value - axis.low) / (axis.high - axis.low)) * (width - valueWidth - labelWidth);
  const layout: BarLayout = { row, axis, x, target: report.target };
  // Parts of even size: 12 groups split 6 + 6, not 10 + 2.
  const partCount = Math.ceil(report.groups.length / Math.floor(BAR_CHART.partHeight / row.height));
  const perPart = Math.ceil(report.groups.length / partCount);
  const parts: GroupFigures[][] = [];
  for (let first = 0; first < report.groups.length; first += perPart) parts.push(report.groups.slice(first, first + perPart));
  const word = GROUP_WORD[report.groupBy];
  return parts
    .map((groups, index) => {
      const title = `Tỷ lệ học sinh có thẻ BHYT theo ${word}${parts.length > 1 ? ` (phần ${index + 1}/${parts.length})` : ''}`;
      const description = index === 0 ? coverageDescription(report) : `Các ${word} thứ ${index * perPart + 1} đến ${index * perPart + groups.length}.`;
      return coverageChartPart(`coverage-chart-${index + 1}`, title, description, groups, layout);
    })
    .join('\n');
}

function coverageChartPart(id: string, title: string, description: string, groups: readonly GroupFigures[], layout: BarLayout): string {
  const { width, top, axisHeight } = BAR_CHART;
  const { row, axis, x } = layout;
  const bottom = top + groups.length * row.height;
  return [
    svgOpen(id, width, bottom + axisHeight, title, description),
    ...groups.flatMap((_, index) => (index % 2 === 1 ? [`<rect ${attributes({ x: 0, y: top + index * row.height, width, height: row.height, fill: CHART_COLOURS.stripe })}/>`] : [])),
    ...axis.ticks.flatMap((tick) => [
      line(x(tick), top, x(tick), bottom, { stroke: CHART_COLOURS.grid }),
      text(x(tick), bottom + axisHeight - 8, tickLabel(tick), { 'text-anchor': 'middle', 'font-size': 12, fill: CHART_COLOURS.muted }),
    ]),
    ...groups.map((g, index) => coverageBar(g, top + index * row.height + row.height / 2, layout)),
    targetLine(x(layout.target), top - 4, bottom, layout.target, width - BAR_CHART.valueWidth),
    '</svg>',
  ].join('\n');
}

/** Value labels get a white outline so they stay readable where they cross the target line. */
const HALO = { stroke: '#fff', 'stroke-width': 3, 'paint-order': 'stroke' } as const;

function coverageBar(g: GroupFigures, middle: number, layout: BarLayout): string {
  const { row, x } = layout;
  const below = g.coverage < layout.target;
  const barHeight = Math.round(row.height * 0.64);
  const start = BAR_CHART.labelWidth;
  const end = x(g.coverage);
  const detail = `${g.group}: ${formatPercent(g.coverage)} (có thẻ ${formatCount(g.insured)}/${formatCount(g.students)}${below ? `, cần thêm ${formatCount(g.needed)}` : ''})`;
  const baseline = middle + row.font * 0.35;
  return [
    `<g class="${below ? 'group below' : 'group'}">`,
    `<title>${escapeMarkup(detail)}</title>`,
    text(start - 8, baseline, fitName(g.group, start - 12, row.font), { 'text-anchor': 'end', 'font-size': row.font, fill: CHART_COLOURS.text }),
    `<rect ${attributes({ class: 'bar', x: start, y: middle - barHeight / 2, width: Math.max(0, end - start), height: barHeight, fill: below ? CHART_COLOURS.belowTarget : CHART_COLOURS.atTarget })}/>`,
    text(end + 5, baseline, formatPercent(g.coverage), { 'font-size': row.font, fill: below ? CHART_COLOURS.belowTarget : CHART_COLOURS.text, 'font-weight': below ? 'bold' : 'normal', ...HALO }),
    '</g>',
  ].join('');
}

/** The target as a dashed line with its label above, kept inside the chart at 100%. */
function targetLine(x: number, top: number, bottom: number, target: number, right: number): string {
  const anchor = x > right - 50 ? 'end' : 'middle';
  return [
    line(x, top, x, bottom, { class: 'target', stroke: CHART_COLOURS.target, 'stroke-width': 2, 'stroke-dasharray': '6 4' }),
    text(anchor === 'end' ? x + 4 : x, top - 8, `Chỉ tiêu ${formatPercent(target)}`, { 'text-anchor': anchor, 'font-size': 12, 'font-weight': 'bold', fill: CHART_COLOURS.target }),
  ].join('\n');
}

/**
 * The target's label sits right of the plot, where no point can cover it; the first and
 * last points stand `inset` inside the plot so their labels clear the axis.
 */
const TREND_CHART = { width: 1000, height: 300, left: 64, right: 884, top: 34, bottom: 246, inset: 44 } as const;
/** Closer labels would overlap: a run a day after another keeps its point, not its label. */
const TREND_LABEL_SPACING = 84;

/** Total coverage over the runs (oldest first) by as-of date, with the target; null below two runs. */
export function trendChart(report: Report): string | null {
  if (report.trend.length < 2) return null;
  const { width, height, left, right, top, bottom, inset } = TREND_CHART;
  const axis = percentAxis(report.trend.map((p) => p.coverage), report.target);
  const times = report.trend.map((p) => Date.parse(p.asOf));
  const first = Math.min(...times);
  const span = Math.max(...times) - first;
  const x = (time: number) => (span === 0 ? (left + right) / 2 : left + inset + ((time - first) / span) * (right - left - 2 * inset));
  const y = (value: number) => bottom - ((value - axis.low) / (axis.high - axis.low)) * (bottom - top);
  const points = report.trend.map((p, index) => ({ p, x: x(times[index]), y: y(p.coverage) }));
  const labelled = spacedOut(points.map((point) => point.x));
  const last = report.trend[report.trend.length - 1];
  const description = `Từ ${formatPercent(report.trend[0].coverage)} ngày ${formatDateVi(report.trend[0].asOf)} đến ${formatPercent(last.coverage)} ngày ${formatDateVi(last.asOf)}, qua ${report.trend.length} lần tính.`;
  return [
    svgOpen('trend-chart', width, height, 'Tỷ lệ học sinh có thẻ BHYT qua các lần tính', description),
    ...axis.ticks.flatMap((tick) => [
      line(left, y(tick), right, y(tick), { stroke: CHART_COLOURS.grid }),
      text(left - 8, y(tick) + 4, tickLabel(tick), { 'text-anchor': 'end', 'font-size': 12, fill: CHART_COLOURS.muted }),
    ]),
    line(left, y(report.target), right, y(report.target), { class: 'target', stroke: CHART_COLOURS.target, 'stroke-width': 2, 'stroke-dasharray': '6 4' }),
    text(right + 8, y(report.target) + 4, `Chỉ tiêu ${formatPercent(report.target)}`, { 'text-anchor': 'start', 'font-size': 12, 'font-weight': 'bold', fill: CHART_COLOURS.target }),
    `<polyline ${attributes({ class: 'trend', points: points.map((point) => `${round1(point.x)},${round1(point.y)}`).join(' '), fill: 'none', stroke: CHART_COLOURS.line, 'stroke-width': 2.5 })}/>`,
    ...points.map((point, index) => trendPoint(point.p, point.x, point.y, labelled.has(index), report.target)),
    '</svg>',
  ].join('\n');
}

/** Indexes of the positions that keep a label: the last always, then leftwards while there is room. */
function spacedOut(positions: number[]): Set<number> {
  const kept = new Set<number>();
  let previous = Infinity;
  for (let index = positions.length - 1; index >= 0; index--) {
    if (previous - positions[index] >= TREND_LABEL_SPACING) {
      kept.add(index);
      previous = positions[index];
    }
  }
  return kept;
}

function trendPoint(p: TrendPoint, x: number, y: number, labelled: boolean, target: number): string {
  const colour = p.coverage < target ? CHART_COLOURS.belowTarget : CHART_COLOURS.atTarget;
  const detail = `${formatDateVi(p.asOf)}: ${formatPercent(p.coverage)} (có thẻ ${formatCount(p.insured)}/${formatCount(p.students)})`;
  return [
    '<g class="point">',
    `<title>${escapeMarkup(detail)}</title>`,
    `<circle ${attributes({ cx: x, cy: y, r: 5, fill: colour, stroke: '#fff', 'stroke-width': 1.5 })}/>`,
    labelled ? text(x, y - 10, formatPercent(p.coverage), { 'text-anchor': 'middle', 'font-size': 12, 'font-weight': 'bold', fill: CHART_COLOURS.text, ...HALO }) : '',
    labelled ? text(x, TREND_CHART.bottom + 22, formatDateVi(p.asOf), { 'text-anchor': 'middle', 'font-size': 12, fill: CHART_COLOURS.muted }) : '',
    '</g>',
  ].join('');
}

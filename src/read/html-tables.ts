/**
 * Reader for the HTML pages that government web systems export under an .xls name: every
 * `<table>` becomes a table of text cells, as Excel shows such a page. Numbers stay text (the
 * ingest stage parses IDs and dates from text, and text keeps an ID's leading zeros).
 *
 * One pass over the text with indexOf and sticky scans, so the time is linear in the page's size,
 * and forgiving as browsers are: unclosed `<td>` and `<tr>`, stray end tags, comments, and
 * `<script>`/`<style>` content do not stop it.
 */
import iconv from 'iconv-lite';
import { decodeMarkup } from './encoding.js';
import type { CellValue, TableRow } from './table.js';

export interface HtmlTable {
  /** The table's `<caption>` or the heading just before it when short, else "Bảng N" (N counts every `<table>` of the page). */
  name: string;
  /** Rows numbered by their place among the table's `<tr>`; only rows with a value. */
  rows: TableRow[];
}

/** Excel's column limit; cells beyond it are dropped. */
const MAX_COLUMNS = 16384;
/** Browsers' limits for colspan and rowspan. */
const MAX_COLSPAN = 1000;
const MAX_ROWSPAN = 65534;
/** A caption or heading longer than this is a sentence, not a name. */
const MAX_NAME_LENGTH = 60;
/** How far into the bytes a `<meta charset>` is looked for. */

// ---------------------------------------------------------------------------------------------
// Bytes to text

/** The page's text: a byte-order mark, the page's `<meta charset>` or `http-equiv`, else the usual guess. */
export function decodeHtmlBytes(data: Buffer): string {
  return decodeMarkup(data, declaredHtmlCharset);
}

function declaredHtmlCharset(head: string): string | null {
  const meta = /<meta\b/gi;
  for (let match = meta.exec(head); match; match = meta.exec(head)) {
    const end = head.indexOf('>', match.index);
    const tag = head.slice(match.index, end < 0 ? head.length : end);
    const charset = /charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(tag);
    if (charset) return charset[1];
    if (end < 0) break;
    meta.lastIndex = end;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Entities

/** Named references that exports use, including the Latin letters of Vietnamese. */
const NAMED_ENTITIES: Record<string, string> = {
  nbsp: '\u00a0', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", copy: '©', reg: '®', trade: '™',
  ndash: '–', mdash: '—', hellip: '…', lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”',
  laquo: '«', raquo: '»', middot: '·', bull: '•', deg: '°', times: '×', divide: '÷', plusmn: '±',
  euro: '€', sect: '§', para: '¶', ordm: 'º', ordf: 'ª', shy: '\u00ad', ensp: '\u2002', emsp: '\u2003',
  thinsp: '\u2009', zwnj: '\u200c', zwj: '\u200d', frac12: '½', frac14: '¼', frac34: '¾', iexcl: '¡',
  iquest: '¿', cent: '¢', pound: '£', yen: '¥', curren: '¤', brvbar: '¦', uml: '¨', acute: '´',
  cedil: '¸', macr: '¯', micro: 'µ', sup1: '¹', sup2: '²', sup3: '³', not: '¬',
  Agrave: 'À', Aacute: 'Á', Acirc: 'Â', Atilde: 'Ã', Auml: 'Ä', Aring: 'Å', AElig: 'Æ', Ccedil: 'Ç',
  Egrave: 'È', Eacute: 'É', Ecirc: 'Ê', Euml: 'Ë', Igrave: 'Ì', Iacute: 'Í', Icirc: 'Î', Iuml: 'Ï',
  ETH: 'Ð', Ntilde: 'Ñ', Ograve: 'Ò', Oacute: 'Ó', Ocirc: 'Ô', Otilde: 'Õ', Ouml: 'Ö', Oslash: 'Ø',
  Ugrave: 'Ù', Uacute: 'Ú', Ucirc: 'Û', Uuml: 'Ü', Yacute: 'Ý', THORN: 'Þ', szlig: 'ß',
  agrave: 'à', aacute: 'á', acirc: 'â', atilde: 'ã', auml: 'ä', aring: 'å', aelig: 'æ', ccedil: 'ç',
  egrave: 'è', eacute: 'é', ecirc: 'ê', euml: 'ë', igrave: 'ì', iacute: 'í', icirc: 'î', iuml: 'ï',
  eth: 'ð', ntilde: 'ñ', ograve: 'ò', oacute: 'ó', ocirc: 'ô', otilde: 'õ', ouml: 'ö', oslash: 'ø',
  ugrave: 'ù', uacute: 'ú', ucirc: 'û', uuml: 'ü', yacute: 'ý', thorn: 'þ', yuml: 'ÿ',
  Abreve: 'Ă', abreve: 'ă', Dstrok: 'Đ', dstrok: 'đ', Itilde: 'Ĩ', itilde: 'ĩ', Utilde: 'Ũ', utilde: 'ũ',
  Ytilde: 'Ỹ', ytilde: 'ỹ', Ohorn: 'Ơ', ohorn: 'ơ', Uhorn: 'Ư', uhorn: 'ư',
};

const ENTITY = /&(?:#(\d{1,8});?|#[xX]([0-9a-fA-F]{1,8});?|([A-Za-z][A-Za-z0-9]{1,31});)/g;

function fromCodePoint(code: number): string {
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
  // As browsers do: &#150; is the Windows-1252 character at that byte, an en dash.
  if (code >= 0x80 && code <= 0x9f) return iconv.decode(Buffer.from([code]), 'windows1252');
  return String.fromCodePoint(code);
}

/** Decodes named (the common ones), decimal and hexadecimal character references; unknown names stay as written. */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, decimal: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (decimal !== undefined) return fromCodePoint(Number.parseInt(decimal, 10));
    if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
    return NAMED_ENTITIES[name!] ?? whole;
  });
}

/** Entities decoded, runs of whitespace (no-break spaces too) as one space, trimmed. */
function cellText(raw: string): string {
  return decodeHtmlEntities(raw).replace(/[\s\u00a0]+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// Tables

interface OpenCell {
  column: number;
  parts: string[];
}

interface OpenTable {
  /** 1-based place among the page's `<table>` start tags. */
  index: number;
  /** The heading text just before the table, if any. */
  heading: string | null;
  caption: string | null;
  captionParts: string[] | null;
  rows: TableRow[];
  /** `<tr>`s seen so far: the number of the current row. */
  rowNumber: number;
  /** The current row's cells (holes for empty ones); null between rows. */
  cells: CellValue[] | null;
  /** One past the last cell of the current row holding a value. */
  width: number;
  /** Where the next cell of the current row goes, unless a rowspan from above is there. */
  column: number;
  /** Per column, the last row a rowspan from above covers. */
  spans: number[];
  cell: OpenCell | null;
}

/** Elements whose content is not markup; their text is not shown in cells. */
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp', 'iframe', 'noembed', 'noframes']);
/** Elements that break a line where they start and end: a space between their texts in a cell. */
const BLOCKS = new Set(['p', 'div', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'blockquote', 'hr', 'address', 'center']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const SECTIONS = new Set(['thead', 'tbody', 'tfoot']);

class TableBuilder {
  private readonly stack: OpenTable[] = [];
  private readonly done: OpenTable[] = [];
  private tableCount = 0;
  /** Text of the heading element being read outside any cell. */
  private headingParts: string[] | null = null;
  /** The last heading read since the previous table started: the next table's name. */
  private heading: string | null = null;

  private get top(): OpenTable | undefined {
    return this.stack[this.stack.length - 1];
  }

  text(source: string, start: number, end: number): void {
    const table = this.top;
    if (table?.captionParts) table.captionParts.push(source.slice(start, end));
    else if (table?.cell) table.cell.parts.push(source.slice(start, end));
    else if (this.headingParts) this.headingParts.push(source.slice(start, end));
  }

  open(name: string, attributes: Record<string, string> | null): void {
    const table = this.top;
    switch (name) {
      case 'table':
        // A table directly inside a table (not in a cell) ends the first, as in browsers.
        if (table && !table.cell) this.closeTable();
        this.openTable();
        return;
      case 'tr':
        if (table) {
          this.closeRow(table);
          this.startRow(table);
        }
        return;
      case 'td':
      case 'th':
        if (table) this.openCell(table, attributes);
        return;
      case 'caption':
        if (table) {
          this.closeRow(table);
          table.captionParts = [];
        }
        return;
      case 'br':
        table?.cell?.parts.push(' ');
        return;
    }
    if (SECTIONS.has(name)) {
      if (table) this.closeRow(table);
      return;
    }
    if (BLOCKS.has(name)) table?.cell?.parts.push(' ');
    if (HEADINGS.has(name) && !table?.cell && !table?.captionParts) this.headingParts = [];
  }

  close(name: string): void {
    const table = this.top;
    switch (name) {
      case 'table':
        if (table) this.closeTable();
        return;
      case 'tr':
        if (table) this.closeRow(table);
        return;
      case 'td':
      case 'th':
        if (table) this.closeCell(table);
        return;
      case 'caption':
        if (table?.captionParts) {
          table.caption = cellText(table.captionParts.join(''));
          table.captionParts = null;
        }
        return;
      case 'br':
        // Browsers read </br> as <br>.
        table?.cell?.parts.push(' ');
        return;
    }
    if (SECTIONS.has(name)) {
      if (table) this.closeRow(table);
      return;
    }
    if (BLOCKS.has(name)) table?.cell?.parts.push(' ');
    if (HEADINGS.has(name) && this.headingParts) {
      const text = cellText(this.headingParts.join(''));
      if (text) this.heading = text;
      this.headingParts = null;
    }
  }

  finish(): HtmlTable[] {
    while (this.stack.length > 0) this.closeTable();
    const tables = this.done.sort((a, b) => a.index - b.index);
    const used = new Set<string>();
    const result: HtmlTable[] = [];
    for (const table of tables) {
      if (table.rows.length === 0) continue;
      let name = [table.caption, table.heading].find((text) => text && text.length <= MAX_NAME_LENGTH) ?? `Bảng ${table.index}`;
      if (used.has(name)) name = `${name} (${table.index})`;
      used.add(name);
      result.push({ name, rows: table.rows });
    }
    return result;
  }

  private openTable(): void {
    this.headingParts = null;
    this.stack.push({
      index: ++this.tableCount,
      heading: this.heading,
      caption: null,
      captionParts: null,
      rows: [],
      rowNumber: 0,
      cells: null,
      width: 0,
      column: 0,
      spans: [],
      cell: null,
    });
    this.heading = null;
  }

  private closeTable(): void {
    const table = this.stack.pop()!;
    this.closeRow(table);
    if (table.captionParts) table.caption = cellText(table.captionParts.join(''));
    table.captionParts = null;
    this.done.push(table);
  }

  private startRow(table: OpenTable): void {
    table.rowNumber++;
    table.cells = [];
    table.width = 0;
    table.column = 0;
  }

  private closeRow(table: OpenTable): void {
    this.closeCell(table);
    const cells = table.cells;
    if (!cells) return;
    table.cells = null;
    if (table.width === 0) return;
    const row: CellValue[] = new Array<CellValue>(table.width);
    for (let i = 0; i < table.width; i++) row[i] = cells[i] ?? null;
    table.rows.push({ row: table.rowNumber, cells: row });
  }

  private openCell(table: OpenTable, attributes: Record<string, string> | null): void {
    table.captionParts = null;
    if (!table.cells) this.startRow(table);
    else this.closeCell(table);
    const colspan = span(attributes?.colspan, MAX_COLSPAN, 1);
    // rowspan="0" spans to the end of the table.
    const rowspan = span(attributes?.rowspan, MAX_ROWSPAN, MAX_ROWSPAN);
    let column = table.column;
    while (column < MAX_COLUMNS && (table.spans[column] ?? 0) >= table.rowNumber) column++;
    if (rowspan > 1) {
      const last = table.rowNumber + rowspan - 1;
      for (let c = column; c < column + colspan && c < MAX_COLUMNS; c++) table.spans[c] = last;
    }
    table.column = column + colspan;
    table.cell = { column, parts: [] };
  }

  private closeCell(table: OpenTable): void {
    const cell = table.cell;
    if (!cell) return;
    table.cell = null;
    if (cell.column >= MAX_COLUMNS || !table.cells) return;
    const text = cellText(cell.parts.join(''));
    if (text === '') return;
    table.cells[cell.column] = text;
    table.width = Math.max(table.width, cell.column + 1);
  }
}

/** A colspan or rowspan attribute's number as browsers read it: leading digits, 1 when missing, capped. */
function span(value: string | undefined, max: number, zero: number): number {
  if (value === undefined) return 1;
  const match = /^\s*\+?(\d+)/.exec(value);
  if (!match) return 1;
  const n = Number.parseInt(match[1].slice(0, 9), 10);
  return n === 0 ? zero : Math.min(n, max);
}

// ---------------------------------------------------------------------------------------------
// Tokens

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const EQUALS = 0x3d;
const BANG = 0x21;
const QUESTION = 0x3f;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Attributes kept for these elements only; others are skipped over. */
const WANTS_ATTRIBUTES = new Set(['td', 'th']);

const rawTextEnds = new Map<string, RegExp>();

function rawTextEnd(name: string): RegExp {
  let pattern = rawTextEnds.get(name);
  if (!pattern) {
    pattern = new RegExp(`</${name}(?=[\\s/>])`, 'gi');
    rawTextEnds.set(name, pattern);
  }
  return pattern;
}

/**
 * Skips a start tag's attributes from `pos` (just after its name), storing them in `into` when
 * given; returns the position after the tag's `>` and whether it ended in `/>`.
 */
function scanAttributes(text: string, pos: number, into: Record<string, string> | null): number {
  const n = text.length;
  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (c === GT) return pos + 1;
    if (isSpace(c) || c === SLASH) {
      pos++;
      continue;
    }
    const nameStart = pos;
    pos++;
    while (pos < n) {
      const d = text.charCodeAt(pos);
      if (isSpace(d) || d === SLASH || d === GT || d === EQUALS) break;
      pos++;
    }
    const name = text.slice(nameStart, pos);
    while (pos < n && isSpace(text.charCodeAt(pos))) pos++;
    let value = '';
    if (text.charCodeAt(pos) === EQUALS) {
      pos++;
      while (pos < n && isSpace(text.charCodeAt(pos))) pos++;
      const q = text.charCodeAt(pos);
      if (q === QUOTE || q === APOSTROPHE) {
        let end = text.indexOf(q === QUOTE ? '"' : "'", pos + 1);
        if (end < 0) {
          // An unclosed quote: the value ends with the tag.
          const gt = text.indexOf('>', pos + 1);
          end = gt < 0 ? n : gt;
          value = text.slice(pos + 1, end);
          pos = end;
        } else {
          value = text.slice(pos + 1, end);
          pos = end + 1;
        }
      } else {
        const start = pos;
        while (pos < n && !isSpace(text.charCodeAt(pos)) && text.charCodeAt(pos) !== GT) pos++;
        value = text.slice(start, pos);
      }
    }
    if (into) into[name.toLowerCase()] = decodeHtmlEntities(value);
  }
  return n;
}

/**
 * The tables of an HTML page, in the order their `<table>` tags start; tables inside a cell of
 * another are tables of their own, and their text is not part of the outer cell. Cells are text
 * (tags stripped, `<br>` as a space, entities decoded, whitespace collapsed) or null; a colspan
 * or rowspan cell has its value in its first column and row, like a merged cell in Excel. Tables
 * without any value are left out.
 */
export function readHtmlTables(text: string): HtmlTable[] {
  const builder = new TableBuilder();
  const n = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (pos < n) {
    const lt = text.indexOf('<', pos);
    if (lt < 0) {
      builder.text(text, pos, n);
      break;
    }
    if (lt > pos) builder.text(text, pos, lt);
    pos = lt;
    const next = text.charCodeAt(pos + 1);
    if (next === BANG) {
      if (text.startsWith('<!--', pos)) {
        const end = text.indexOf('-->', pos + 4);
        pos = end < 0 ? n : end + 3;
      } else {
        const end = text.indexOf('>', pos + 2);
        pos = end < 0 ? n : end + 1;
      }
      continue;
    }
    if (next === QUESTION) {
      const end = text.indexOf('>', pos + 2);
      pos = end < 0 ? n : end + 1;
      continue;
    }
    const closing = next === SLASH;
    const nameStart = closing ? pos + 2 : pos + 1;
    if (!isLetter(text.charCodeAt(nameStart))) {
      if (closing) {
        // "</>" and "</ x>" are dropped by browsers.
        const end = text.indexOf('>', nameStart);
        pos = end < 0 ? n : end + 1;
      } else {
        // A "<" that starts no tag is text.
        builder.text(text, pos, pos + 1);
        pos++;
      }
      continue;
    }
    let nameEnd = nameStart + 1;
    while (nameEnd < n) {
      const c = text.charCodeAt(nameEnd);
      if (isSpace(c) || c === SLASH || c === GT || c === LT) break;
      nameEnd++;
    }
    const name = text.slice(nameStart, nameEnd).toLowerCase();
    if (closing) {
      const end = text.indexOf('>', nameEnd);
      pos = end < 0 ? n : end + 1;
      builder.close(name);
      continue;
    }
    const attributes = WANTS_ATTRIBUTES.has(name) ? {} : null;
    pos = scanAttributes(text, nameEnd, attributes);
    builder.open(name, attributes);
    if (RAW_TEXT.has(name)) {
      const end = rawTextEnd(name);
      end.lastIndex = pos;
      const match = end.exec(text);
      if (!match) break;
      pos = match.index;
    }
  }
  return builder.finish();
}

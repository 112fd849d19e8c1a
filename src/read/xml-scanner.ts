/**
 * A streaming XML scanner for the parts of .xlsx workbooks, with the entity decoding and the
 * OOXML `_xHHHH_` unescaping their text needs. Garbled or truncated XML raises XlsxFormatError.
 */
import { XlsxFormatError } from './xlsx-format-error.js';
import type { ZipArchive, ZipEntry } from './zip-archive.js';

/** What an XmlScanner reports. Names are local names: OOXML writers differ in prefixes, not names. */
export interface XmlHandler {
  /** A start tag; an empty element `<x/>` is reported as open then close. */
  open(name: string, attributes: XmlAttributes): void;
  close?(name: string): void;
  /** Character data inside elements, entities decoded. */
  text?(text: string): void;
}

const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(lt|gt|amp|quot|apos));/g;
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** Longer than any tag or cell text (Excel allows 32,767 characters): a sign of a broken file. */
const MAX_PENDING = 1 << 22;
const SPACE = 0x20;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const SLASH = 0x2f;
const EXCLAMATION_MARK = 0x21;
const QUESTION_MARK = 0x3f;
const COLON = 0x3a;
const EQUALS = 0x3d;
const GREATER_THAN = 0x3e;
const LETTER_X = 0x78;

/**
 * The attributes of the start tag being reported, by local name, valid during the `open` call
 * only. They are kept as positions in the scanner's input and cut out when asked for, because
 * building an object per element took most of the time on large sheets.
 */
export class XmlAttributes {
  private source = '';
  private count = 0;
  /** Four numbers per attribute: start and end of its local name, start and end of its value. */
  private readonly spans: number[] = [];

  get(name: string): string | undefined {
    const { spans, source } = this;
    for (let i = 0; i < this.count * 4; i += 4) {
      const start = spans[i];
      // Most names are one letter (r, t, s), so the first character decides before startsWith is called.
      if (
        spans[i + 1] - start === name.length &&
        source.charCodeAt(start) === name.charCodeAt(0) &&
        (name.length === 1 || source.startsWith(name, start))
      ) {
        return decodeEntities(source.slice(spans[i + 2], spans[i + 3]));
      }
    }
    return undefined;
  }

  reset(source: string): void {
    this.source = source;
    this.count = 0;
  }

  add(nameStart: number, nameEnd: number, valueStart: number, valueEnd: number): void {
    const at = this.count++ * 4;
    this.spans[at] = nameStart;
    this.spans[at + 1] = nameEnd;
    this.spans[at + 2] = valueStart;
    this.spans[at + 3] = valueEnd;
  }
}

/**
 * A streaming XML tokenizer for the XML subset OOXML writers produce: elements, attributes,
 * text, CDATA, comments and processing instructions; a DTD is refused, as OPC requires. It is
 * fed text in chunks of any size, reports each complete token to its handler, and checks that
 * elements nest and the document ends, so truncated or garbled parts raise XlsxFormatError.
 */
export class XmlScanner {
  /** The start of a token that the last chunk cut off. */
  private pending = '';
  private readonly openNames: string[] = [];
  private readonly openLocalNames: string[] = [];
  private readonly attributes = new XmlAttributes();
  private hadRoot = false;

  constructor(
    private readonly handler: XmlHandler,
    private readonly partName: string,
  ) {}

  write(chunk: string): void {
    const input = this.pending + chunk;
    let pos = 0;
    for (;;) {
      const lt = input.indexOf('<', pos);
      if (lt < 0) break;
      if (lt > pos) this.text(input.slice(pos, lt));
      const end = this.markup(input, lt);
      pos = end < 0 ? lt : end;
      if (end < 0) break;
    }
    this.pending = input.slice(pos);
    if (this.pending.length > MAX_PENDING) throw this.error('a tag or text runs on without end');
  }

  end(): void {
    if (/\S/.test(this.pending) || this.openNames.length > 0 || !this.hadRoot) {
      throw this.error('the XML ends early (truncated?)');
    }
  }

  private error(detail: string): XlsxFormatError {
    return new XlsxFormatError(`corrupt workbook part ${this.partName}: ${detail}`);
  }

  /** Reads the markup at `lt`; returns where it ends, or -1 when the input stops inside it. */
  private markup(input: string, lt: number): number {
    switch (input.charCodeAt(lt + 1)) {
      case SLASH:
        return this.endTag(input, lt);
      case QUESTION_MARK:
        return endOf(input, '?>', lt + 2);
      case EXCLAMATION_MARK:
        return this.declaration(input, lt);
      default:
        return this.startTag(input, lt);
    }
  }

  private startTag(input: string, lt: number): number {
    let pos = lt + 1;
    let colon = -1;
    for (; pos < input.length; pos++) {
      const code = input.charCodeAt(pos);
      if (code <= SPACE || code === SLASH || code === GREATER_THAN) break;
      if (code === COLON) colon = pos;
    }
    const nameEnd = pos;
    if (nameEnd === lt + 1 && nameEnd < input.length) throw this.error(`"${input.slice(lt, lt + 20)}" is not a tag`);
    this.attributes.reset(input);
    for (;;) {
      pos = skipSpaces(input, pos);
      if (pos >= input.length) return -1;
      const code = input.charCodeAt(pos);
      if (code === GREATER_THAN || code === SLASH) break;
      pos = this.attribute(input, pos);
      if (pos < 0) return -1;
    }
    const empty = input.charCodeAt(pos) === SLASH;
    if (empty && pos + 1 >= input.length) return -1;
    if (empty && input.charCodeAt(++pos) !== GREATER_THAN) throw this.error(`"/" inside <${input.slice(lt + 1, nameEnd)}>`);
    if (this.openNames.length === 0 && this.hadRoot) throw this.error('a second root element');
    this.hadRoot = true;
    const qualifiedName = input.slice(lt + 1, nameEnd);
    const name = colon < 0 ? qualifiedName : input.slice(colon + 1, nameEnd);
    this.handler.open(name, this.attributes);
    if (empty) {
      this.handler.close?.(name);
    } else {
      this.openNames.push(qualifiedName);
      this.openLocalNames.push(name);
    }
    return pos + 1;
  }

  /** Reads `name="value"` at `pos` into the attributes; returns where it ends, or -1 when cut off. */
  private attribute(input: string, pos: number): number {
    const nameStart = pos;
    let localStart = pos;
    for (; pos < input.length; pos++) {
      const code = input.charCodeAt(pos);
      if (code === EQUALS || code <= SPACE || code === GREATER_THAN || code === SLASH) break;
      if (code === COLON) localStart = pos + 1;
    }
    const nameEnd = pos;
    pos = skipSpaces(input, pos);
    if (pos >= input.length) return -1;
    if (nameEnd === nameStart || input.charCodeAt(pos) !== EQUALS) throw this.malformedAttribute(input, nameStart);
    pos = skipSpaces(input, pos + 1);
    if (pos >= input.length) return -1;
    const quote = input.charCodeAt(pos);
    if (quote !== QUOTE && quote !== APOSTROPHE) throw this.malformedAttribute(input, nameStart);
    const valueEnd = input.indexOf(quote === QUOTE ? '"' : "'", pos + 1);
    if (valueEnd < 0) return -1;
    // Namespace declarations would otherwise pass for attributes named after their prefix.
    const isNamespace = input.charCodeAt(nameStart) === LETTER_X && input.startsWith('xmlns', nameStart);
    if (!isNamespace) this.attributes.add(localStart, nameEnd, pos + 1, valueEnd);
    return valueEnd + 1;
  }

  private malformedAttribute(input: string, pos: number): XlsxFormatError {
    return this.error(`malformed attribute "${input.slice(pos, pos + 40)}"`);
  }

  private endTag(input: string, lt: number): number {
    const gt = input.indexOf('>', lt + 2);
    if (gt < 0) return -1;
    const expected = this.openNames.pop();
    const nameEnd = lt + 2 + (expected?.length ?? 0);
    if (expected === undefined || !input.startsWith(expected, lt + 2) || skipSpaces(input, nameEnd) !== gt) {
      const found = input.slice(lt, gt + 1);
      throw this.error(expected === undefined ? `${found} closes nothing` : `${found} where </${expected}> belongs`);
    }
    this.handler.close?.(this.openLocalNames.pop()!);
    return gt + 1;
  }

  /** Comments and CDATA; a DOCTYPE, which OOXML forbids, is refused rather than expanded. */
  private declaration(input: string, lt: number): number {
    if (input.startsWith('<!--', lt)) return endOf(input, '-->', lt + 4);
    if (input.startsWith('<![CDATA[', lt)) {
      const close = input.indexOf(']]>', lt + 9);
      if (close < 0) return -1;
      if (this.openNames.length === 0) throw this.error('CDATA outside the root element');
      this.handler.text?.(input.slice(lt + 9, close));
      return close + 3;
    }
    if (input.length - lt < '<![CDATA['.length) return -1;
    throw this.error(`unexpected ${input.slice(lt, lt + 9)}`);
  }

  private text(raw: string): void {
    if (this.openNames.length === 0) {
      if (/\S/.test(raw)) throw this.error('text outside the root element');
      return;
    }
    this.handler.text?.(decodeEntities(raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw));
  }
}

function skipSpaces(input: string, pos: number): number {
  while (pos < input.length && input.charCodeAt(pos) <= SPACE) pos++;
  return pos;
}

function endOf(input: string, terminator: string, from: number): number {
  const at = input.indexOf(terminator, from);
  return at < 0 ? -1 : at + terminator.length;
}

/** Replaces the five XML entities and character references; anything else is left as written. */
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (reference, decimal?: string, hex?: string, name?: string) => {
    if (name) return NAMED_ENTITIES[name];
    const codePoint = decimal ? Number(decimal) : parseInt(hex!, 16);
    return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : reference;
  });
}

/**
 * Undoes the `_xHHHH_` escapes of OOXML strings (for characters XML cannot hold, like `_x000D_`
 * for a carriage return); `_x005F_` escapes an underscore that would otherwise start one.
 */
export function unescapeOoxml(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export async function parsePart<Handler extends XmlHandler>(archive: ZipArchive, entry: ZipEntry, handler: Handler): Promise<Handler> {
  const scanner = new XmlScanner(handler, entry.name);
  for await (const text of archive.text(entry)) scanner.write(text);
  scanner.end();
  return handler;
}

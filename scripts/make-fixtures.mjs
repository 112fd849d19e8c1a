#!/usr/bin/env node
/**
 * Regenerates `fixtures/`: a small district of five schools whose roster files show,
 * one per file or sheet, the quirks the reader must handle, two card exports, a folder
 * of broken inputs, and `fixtures/expected.json` with what the exact matcher must decide
 * for every pupil. Deterministic: a seeded PRNG and fixed zip timestamps, so running it
 * twice gives the same bytes.
 *
 * Names are drawn from the frequency tables in /work/shared/data/names (family, middle
 * and given name sampled independently, so no real person's full name is copied). Only
 * regenerating reads them; the generated fixtures are committed.
 *
 * Run from anywhere after `npm run build` (the legacy-font encoder inverts the built
 * decoder): node scripts/make-fixtures.mjs
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = path.join(ROOT, 'fixtures');
const NAMES_DIR = process.env.BHYT_NAMES_DIR ?? '/work/shared/data/names';
const AS_OF = '2026-11-15';
const SEED = 20261115;
/** Zip entries and workbook properties carry this date, so the bytes never change between runs. */
const FIXED_DATE = new Date(Date.UTC(2026, 10, 10, 8, 0, 0));

// ---------------------------------------------------------------------------
// Randomness: one seeded stream, consumed in a fixed order.

function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(SEED);
const randomInt = (low, high) => low + Math.floor(random() * (high - low + 1));
const randomDigits = (count) => Array.from({ length: count }, () => randomInt(0, 9)).join('');

function weightedPick(entries) {
  const total = entries.reduce((sum, entry) => sum + entry.weight, 0);
  let point = random() * total;
  for (const entry of entries) {
    point -= entry.weight;
    if (point < 0) return entry.value;
  }
  return entries[entries.length - 1].value;
}

// ---------------------------------------------------------------------------
// Names from the frequency tables.

/** Letters the legacy fonts and Windows-1258 can write: f, j, w, z are not Vietnamese. */
const VIETNAMESE_WORD = /^[A-ZĐ][a-eg-ik-vxyđ]*$/u;

function isVietnameseWord(word) {
  if (word !== word.normalize('NFC') || word.includes('\u00d0')) return false;
  const bare = word.normalize('NFD').replace(/[\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b]/g, '');
  return VIETNAMESE_WORD.test(bare);
}

function readFrequencyTable(file) {
  const lines = fs.readFileSync(path.join(NAMES_DIR, file), 'utf8').split(/\r?\n/).slice(1);
  return lines.filter(Boolean).map((line) => line.split(','));
}

function loadNameTables() {
  const family = readFrequencyTable('family_names_freq_locle1011.csv')
    .filter(([name, count]) => Number(count) >= 40 && isVietnameseWord(name))
    .map(([name, count]) => ({ value: name, weight: Number(count) }));
  const byGender = (file, minimum, allowEmpty) => {
    const tables = { M: [], F: [] };
    for (const [name, gender, count] of readFrequencyTable(file)) {
      const words = name.split(' ').filter(Boolean);
      const usable = words.length === 0 ? allowEmpty : words.every(isVietnameseWord);
      if (usable && Number(count) >= minimum && tables[gender]) tables[gender].push({ value: words.join(' '), weight: Number(count) });
    }
    return tables;
  };
  return {
    family,
    middle: byGender('middle_names_freq_by_gender_locle1011.csv', 20, true),
    given: byGender('given_names_freq_by_gender_locle1011.csv', 15, false),
  };
}

// ---------------------------------------------------------------------------
// Spellings of one name that must compare equal (see DOMAIN.md, "Vietnamese names").

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;

/** "Hòa" → "Hoà", "Thủy" → "Thuỷ": the tone moves to the second vowel of open oa, oe, uy (not after q). */
function newStyleTones(name) {
  return name
    .split(' ')
    .map((syllable) => {
      const match = /^(.*?)([ou])([\u0300\u0301\u0303\u0309\u0323])([aey])$/i.exec(syllable.normalize('NFD'));
      if (!match || /q$/i.test(match[1])) return syllable;
      if (!['oa', 'oe', 'uy'].includes((match[2] + match[4]).toLowerCase())) return syllable;
      return (match[1] + match[2] + match[4] + match[3]).normalize('NFC');
    })
    .join(' ');
}

/** The card's spelling of a pupil's name for each variant a roster and an export differ by. */
const NAME_VARIANTS = {
  exact: (name) => name,
  upper: (name) => name.toLocaleUpperCase('vi'),
  nfd: (name) => name.normalize('NFD'),
  eth: (name) => name.replace(/Đ/g, '\u00d0'),
  tone: (name) => newStyleTones(name),
  spaces: (name) => name.replace(' ', '  ').replace(/ (?=\S+$)/, '\u00a0'),
};

/**
 * "Tống Công" (a family name and a common middle name) reads "tong cong" without
 * marks, like the footer "Tổng cộng": a pupil so named must not end the list.
 */
const FIXED_NAME_PARTS = { 'footer-words': { family: 'Tống', middle: 'Công' } };

/** Names a variant needs to show anything: an Đ to swap, a syllable whose tone can move. */
const NAME_NEEDS = {
  eth: (name) => name.includes('Đ'),
  tone: (name) => newStyleTones(name) !== name,
  'tone-reverse': (name) => newStyleTones(name) !== name,
  spaces: (name) => name.split(' ').length >= 3,
};

// ---------------------------------------------------------------------------
// Legacy-font encoders, made by inverting the product's decoder over single characters
// and character pairs, so the decoder stays the one source of truth.

const TONE_SEQUENCE = ['', '\u0300', '\u0309', '\u0303', '\u0301', '\u0323'];

function vietnameseLetters() {
  const letters = ['đ', 'Đ'];
  for (const base of 'aăâeêioôơuưy') {
    for (const tone of TONE_SEQUENCE) {
      const letter = (base + tone).normalize('NFC');
      if (letter.length === 1 && letter.charCodeAt(0) >= 0x80) letters.push(letter, letter.toUpperCase());
      else if (tone !== '') letters.push(letter, letter.toUpperCase());
    }
  }
  return [...new Set(letters)].filter((letter) => letter.charCodeAt(0) >= 0x80);
}

/** Characters a legacy-font cell can hold: ASCII letters and the bytes 0xA0–0xFF read as Latin-1. */
function legacyCandidates() {
  const singles = [];
  for (let code = 0xa0; code <= 0xff; code++) singles.push(String.fromCharCode(code));
  const letters = [];
  for (let code = 0x41; code <= 0x7a; code++) if (/[A-Za-z]/.test(String.fromCharCode(code))) letters.push(String.fromCharCode(code));
  const sameCase = [];
  const mixedCase = [];
  for (const first of [...letters, ...singles]) {
    for (const second of singles) (caseOf(first) === caseOf(second) || caseOf(second) === 'none' ? sameCase : mixedCase).push(first + second);
  }
  // VNI accepts a mark of either case; files written by a keyboard driver keep the base letter's case.
  return [...singles, ...sameCase, ...mixedCase];
}

function caseOf(ch) {
  if (ch !== ch.toLowerCase()) return 'upper';
  return ch !== ch.toUpperCase() ? 'lower' : 'none';
}

async function loadLegacyEncoders() {
  const modulePath = path.join(ROOT, 'dist/vn/legacy-fonts.js');
  if (!fs.existsSync(modulePath)) throw new Error('dist/vn/legacy-fonts.js is missing: run `npm run build` first');
  const { decodeLegacy } = await import(pathToFileURL(modulePath).href);
  const candidates = legacyCandidates();
  const tableFor = (encoding) => {
    // The first (shortest) spelling that decodes to each text. A Latin-1 letter that
    // decodes to itself (VNI "á") is not how the font writes it ("aù"): only a last resort.
    const spellings = new Map();
    for (const candidate of candidates) {
      const decoded = decodeLegacy(candidate, encoding);
      if (decoded !== candidate && !spellings.has(decoded)) spellings.set(decoded, candidate);
    }
    const table = new Map();
    for (const letter of vietnameseLetters()) {
      const spelling = spellings.get(letter) ?? (decodeLegacy(letter, encoding) === letter ? letter : undefined);
      if (spelling === undefined) throw new Error(`no ${encoding} spelling decodes to "${letter}"`);
      table.set(letter, spelling);
    }
    return table;
  };
  const encoderFor = (encoding) => {
    const table = tableFor(encoding);
    return (text, upperCaseFont = false) => {
      const unicode = text.normalize('NFC');
      const source = upperCaseFont ? unicode.toLocaleLowerCase('vi') : unicode;
      const encoded = [...source].map((ch) => (ch.charCodeAt(0) < 0x80 ? ch : table.get(ch) ?? fail(ch))).join('');
      const decoded = decodeLegacy(encoded, encoding, upperCaseFont);
      if (decoded !== unicode) throw new Error(`${encoding}: "${unicode}" → "${encoded}" decodes to "${decoded}"`);
      return encoded;
    };
  };
  const fail = (ch) => {
    throw new Error(`no legacy spelling for "${ch}"`);
  };
  const encoders = { tcvn3: encoderFor('tcvn3'), vni: encoderFor('vni') };
  checkKnownSpellings(encoders);
  return encoders;
}

/** Samples from DOMAIN.md, so a wrong inversion is caught here and not only in the tests. */
function checkKnownSpellings({ tcvn3, vni }) {
  const known = [
    [tcvn3('Nguyễn Văn An'), 'NguyÔn V¨n An'],
    [tcvn3('Đức'), '§øc'],
    [vni('Nguyễn Văn An'), 'Nguyeãn Vaên An'],
    [vni('Đức'), 'Ñöùc'],
  ];
  for (const [actual, expected] of known) if (actual !== expected) throw new Error(`legacy encoder gives "${actual}", expected "${expected}"`);
}

// ---------------------------------------------------------------------------
// Text encodings of Vietnamese Windows.

/**
 * Windows-1258 holds â ê ô ơ ư ă đ as single bytes but the five tones only as combining
 * marks, so Vietnamese Windows writes every toned letter as base + tone mark.
 */
function toWindows1258(text) {
  const decomposed = [...text.normalize('NFC')]
    .map((ch) => {
      const parts = ch.normalize('NFD');
      const tones = parts.match(TONE_MARKS)?.join('') ?? '';
      return parts.replace(TONE_MARKS, '').normalize('NFC') + tones;
    })
    .join('');
  const bytes = iconv.encode(decomposed, 'windows1258');
  if (iconv.decode(bytes, 'windows1258').normalize('NFC') !== text.normalize('NFC')) throw new Error(`Windows-1258 cannot hold "${text}"`);
  return bytes;
}

function csvLine(cells, separator) {
  return cells
    .map((cell) => {
      const text = cell === null || cell === undefined ? '' : String(cell);
      return text.includes(separator) || text.includes('"') ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(separator);
}

// ---------------------------------------------------------------------------
// Dates.

const iso = ({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const dayMonthYear = ({ y, m, d }) => `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
const viFromIso = (text) => text.split('-').reverse().join('/');
const utcDate = ({ y, m, d }) => new Date(Date.UTC(y, m - 1, d));
const daysInMonth = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The ways a roster types a birth date; `year-*` keep only the year. */
const DATE_FORMATS = {
  cell: (dob) => utcDate(dob),
  'dd/mm/yyyy': (dob) => dayMonthYear(dob),
  'd/m/yy': ({ y, m, d }) => `${d}/${m}/${String(y).slice(2)}`,
  'dd-mm-yyyy': (dob) => dayMonthYear(dob).replace(/\//g, '-'),
  'dd.mm.yyyy': (dob) => dayMonthYear(dob).replace(/\//g, '.'),
  'year-number': ({ y }) => y,
  'year-text': ({ y }) => String(y),
};

function randomDob(year, { months = [1, 12], smallDay = false } = {}) {
  const m = randomInt(months[0], months[1]);
  const d = randomInt(1, smallDay ? 9 : daysInMonth(year, m));
  return { y: year, m, d };
}

/** A TE card runs to 30/9 of the year the child turns six, or to the end of the birth month if born after 30/9. */
function childCardEnd(dob) {
  const y = dob.y + 6;
  return dob.m <= 9 ? `${y}-09-30` : iso({ y, m: dob.m, d: daysInMonth(y, dob.m) });
}

// ---------------------------------------------------------------------------
// The district.

const SCHOOLS = {
  anLac: { full: 'Trường Tiểu học An Lạc', unit: 'TH An Lạc', title: 'TRƯỜNG TIỂU HỌC AN LẠC', place: 'An Lạc' },
  binhHung: { full: 'Trường Trung học cơ sở Bình Hưng', unit: 'THCS Bình Hưng', title: 'TRƯỜNG THCS BÌNH HƯNG', place: 'Bình Hưng' },
  tanPhu: { full: 'Trường Tiểu học Tân Phú', unit: 'TH Tân Phú', title: 'TRƯỜNG TIỂU HỌC TÂN PHÚ', place: 'Tân Phú' },
  phuocLoc: { full: 'Trường Trung học cơ sở Phước Lộc', unit: 'THCS Phước Lộc', title: 'TRƯỜNG THCS PHƯỚC LỘC', place: 'Phước Lộc' },
  // No title in its file: the name comes from `05_THCS_Hoa_Lac.xlsx`, its marks from this unit.
  hoaLac: { full: 'Trường Trung học cơ sở Hòa Lạc', unit: 'THCS Hòa Lạc', title: null, place: 'Hòa Lạc' },
};
/** Where TE, HN, CN and DT cards are managed: the commune, not the school. */
const COMMUNE_UNIT = 'UBND xã Bình Chánh';

/** Card kinds: group code, benefit digit and validity (a function of the holder for TE cards). */
const CARD_KINDS = {
  hs2026: { group: 'HS', benefit: 4, from: '2026-01-01', to: '2026-12-31' },
  hs2025: { group: 'HS', benefit: 4, from: '2025-01-01', to: '2025-12-31' },
  hsSchoolYear: { group: 'HS', benefit: 4, from: '2026-10-01', to: '2027-09-30' },
  hsFuture: { group: 'HS', benefit: 4, from: '2026-12-01', to: '2027-11-30' },
  /** Since 2021 new cards print only the 10-digit code. */
  new10: { group: null, benefit: null, from: '2026-01-01', to: '2026-12-31' },
  te: { group: 'TE', benefit: 1, from: (holder) => iso(holder.dob), to: (holder) => childCardEnd(holder.dob), commune: true },
  hn: { group: 'HN', benefit: 2, from: '2026-01-01', to: '2026-12-31', commune: true },
  cn: { group: 'CN', benefit: 2, from: '2026-01-01', to: '2026-12-31', commune: true },
  dt: { group: 'DT', benefit: 2, from: '2026-03-01', to: '2027-02-28', commune: true },
};

/**
 * What happens to a pupil: the cards the exports hold for them, and the status the
 * exact matcher must give. `decides` names the card the decision rests on.
 */
const SCENARIOS = {
  valid: { cards: ['hs2026'], status: 'insured' },
  'valid-sy': { cards: ['hsSchoolYear'], status: 'insured' },
  new10: { cards: ['new10'], status: 'insured' },
  'two-cards': { cards: ['hs2025', 'hs2026'], decides: 'hs2026', status: 'insured' },
  'te-to-hs': { cards: ['te', 'hsSchoolYear'], decides: 'hsSchoolYear', status: 'insured', child: 'early' },
  'te-valid': { cards: ['te'], status: 'insured', child: 'late' },
  'te-expired': { cards: ['te'], status: 'uninsured', child: 'early' },
  expired: { cards: ['hs2025'], status: 'uninsured' },
  future: { cards: ['hsFuture'], status: 'uninsured' },
  hn: { cards: ['hn'], status: 'insured' },
  cn: { cards: ['cn'], status: 'insured' },
  dt: { cards: ['dt'], status: 'insured' },
  none: { cards: [], status: 'uninsured' },
  /** The roster carries an older sibling's code: different name and birth date; the pupil's own card is not found. */
  sibling: { cards: [], status: 'uninsured' },
  /**
   * Two cards with the pupil's name and birth date under different codes, both TE cards
   * managed by communes: nothing tells which child is the pupil.
   */
  namesake: { cards: ['te'], status: 'review', child: 'late' },
  /** "Đã chuyển đi" / "Thôi học": on the roster, not counted; a card of theirs matches no pupil. */
  moved: { cards: ['hs2026'], status: null, rosterStatus: 'Đã chuyển đi' },
  quit: { cards: [], status: null, rosterStatus: 'Thôi học' },
};

/** Birth year of a pupil in grade g in school year 2026-2027. */
const bornFor = (grade) => 2020 - (grade - 1);

class District {
  constructor(names) {
    this.names = names;
    this.usedNames = new Set();
    this.usedCodes = new Set();
    this.cards = [];
    this.pupils = [];
  }

  /** A name not used before, with what a variant needs; `fixed` pins the family or middle name. */
  name(gender, need = () => true, fixed = {}) {
    for (let attempt = 0; attempt < 5000; attempt++) {
      const parts = [
        fixed.family ?? weightedPick(this.names.family),
        fixed.middle ?? weightedPick(this.names.middle[gender]),
        weightedPick(this.names.given[gender]),
      ];
      const name = parts.filter(Boolean).join(' ');
      // Middle and given names are drawn apart: "Thị Thúy" + "Thúy" is no one's name.
      const words = name.split(' ');
      if (new Set(words).size === words.length && !this.usedNames.has(name) && need(name)) {
        this.usedNames.add(name);
        return name;
      }
    }
    throw new Error('no name fits');
  }

  /** A mã số BHXH: province (79 = Hồ Chí Minh; 01/04/08 start with the zero Excel drops) + 8 digits. */
  code(province = '79') {
    for (;;) {
      const code = province + randomDigits(8);
      if (!this.usedCodes.has(code)) {
        this.usedCodes.add(code);
        return code;
      }
    }
  }

  personalId(gender, year) {
    return `079${gender === 'M' ? 2 : 3}${String(year).slice(2)}${randomDigits(6)}`;
  }

  addCard(holder, kindName, unit) {
    const kind = CARD_KINDS[kindName];
    const value = (field) => (typeof kind[field] === 'function' ? kind[field](holder) : kind[field]);
    const card = {
      code: holder.code,
      number: kind.group ? `${kind.group}${kind.benefit}79${holder.code}` : holder.code,
      name: holder.cardName ?? holder.name,
      dob: holder.dob,
      gender: holder.gender,
      from: value('from'),
      to: value('to'),
      unit: kind.commune ? COMMUNE_UNIT : unit,
      file: holder.cardFile ?? 'the-bhyt.xlsx',
      claimed: holder.claimed !== false,
    };
    this.cards.push(card);
    return card;
  }

  /**
   * One roster pupil from a spec "scenario by variant". `by` is `code` (the roster has
   * their mã số BHXH), `zero` (a code starting with 0, which Excel loses when typed as a
   * number) or `name` (no code: matched by name and birth date). `variant` is how the
   * card spells the name (a NAME_VARIANTS key), `tone-reverse` (the roster in new-style
   * tones, the card in old style) or `footer-words` (a name that reads like a footer).
   */
  pupil(spec, { school, grade, cardFile, dobFormat = 'cell', gender }) {
    const [scenarioName, by = 'code', variant = 'exact'] = spec.split(' ');
    const scenario = SCENARIOS[scenarioName];
    const sex = variant === 'footer-words' ? 'M' : (gender ?? (random() < 0.5 ? 'M' : 'F'));
    const need = NAME_NEEDS[variant];
    const drawn = this.name(sex, need, FIXED_NAME_PARTS[variant]);
    const rosterName = variant === 'tone-reverse' ? newStyleTones(drawn) : drawn;
    const cardName = variant === 'tone-reverse' ? drawn : (NAME_VARIANTS[variant] ?? NAME_VARIANTS.exact)(drawn);
    const year = bornFor(grade);
    const dob = randomDob(year, {
      months: scenario.child === 'late' ? [11, 12] : scenario.child === 'early' ? [1, 9] : [1, 12],
      smallDay: dobFormat === 'd/m/yy',
    });
    const pupil = {
      name: rosterName,
      cardName,
      gender: sex,
      dob,
      dobFormat,
      code: this.code(by === 'zero' ? ['01', '04', '08'][this.pupils.length % 3] : '79'),
      personalId: this.personalId(sex, year),
      scenario: scenarioName,
      by,
      school,
      cardFile,
      rosterStatus: scenario.rosterStatus ?? 'Đang học',
    };
    pupil.rosterCode = by === 'name' ? null : pupil.code;
    pupil.cards = scenario.cards.map((kind) => this.addCard(pupil, kind, SCHOOLS[school].unit));
    if (scenarioName === 'sibling') this.addSibling(pupil);
    if (scenarioName === 'namesake') this.addNamesake(pupil);
    if (scenario.status === null) pupil.cards.forEach((card) => (card.claimed = false));
    this.pupils.push(pupil);
    return pupil;
  }

  /** An older brother or sister at the same school whose code the roster typed for the pupil. */
  addSibling(pupil) {
    const family = pupil.name.split(' ')[0];
    const siblingGender = random() < 0.5 ? 'M' : 'F';
    const name = this.name(siblingGender, (candidate) => candidate.startsWith(`${family} `));
    const sibling = { name, gender: siblingGender, dob: randomDob(pupil.dob.y - 3), code: this.code(), cardFile: pupil.cardFile };
    pupil.rosterCode = sibling.code;
    pupil.cards = [];
    pupil.candidates = [this.addCard(sibling, 'hs2026', SCHOOLS[pupil.school].unit)];
  }

  /** Another child, same name and birth date, whose TE card another commune manages. */
  addNamesake(pupil) {
    const other = { name: pupil.name, gender: pupil.gender, dob: pupil.dob, code: this.code(), cardFile: pupil.cardFile };
    const otherCard = this.addCard(other, 'te', null);
    otherCard.unit = 'UBND xã Tân Quý';
    pupil.candidates = [...pupil.cards, otherCard];
    pupil.cards = [];
  }

  /** A card of someone on no roster (a pupil of another school, an adult). */
  stranger({ year, unit, cardFile = 'the-bhyt.xlsx', kind = 'hs2026' }) {
    const gender = random() < 0.5 ? 'M' : 'F';
    const holder = { name: this.name(gender), gender, dob: randomDob(year), code: this.code(), cardFile, claimed: false };
    return this.addCard(holder, kind, unit);
  }
}

// ---------------------------------------------------------------------------
// What the matcher must decide for a pupil.

function decidingCard(pupil) {
  const scenario = SCENARIOS[pupil.scenario];
  if (pupil.cards.length === 0) return null;
  if (scenario.decides) return pupil.cards[scenario.cards.indexOf(scenario.decides)];
  return pupil.cards[0];
}

function expectedReason(pupil, card) {
  switch (pupil.scenario) {
    case 'none':
      return ['Không tìm thấy thẻ'];
    case 'sibling':
      return ['Không tìm thấy thẻ', 'mã số BHXH trên danh sách là của'];
    case 'namesake':
      return ['họ tên', 'ngày sinh', 'kiểm tra'];
    case 'future':
      return [`có giá trị từ ${viFromIso(card.from)}`];
    case 'te-expired':
      return ['TE', `hết hạn ngày ${viFromIso(card.to)}`];
    case 'expired':
      return [`hết hạn ngày ${viFromIso(card.to)}`];
    default:
      return [`còn hạn đến ${viFromIso(card.to)}`];
  }
}

function expectedMethod(pupil) {
  if (pupil.scenario === 'sibling') return 'bhxh-conflict';
  if (pupil.scenario === 'namesake') return undefined;
  if (pupil.cards.length === 0) return 'none';
  return pupil.by === 'name' ? 'name-dob' : 'bhxh';
}

/** One line of expected.json's `students`, in the shape of students.ndjson. */
function expectedStudent(pupil, where) {
  const status = SCENARIOS[pupil.scenario].status;
  const card = decidingCard(pupil);
  const yearOnly = pupil.dobFormat.startsWith('year');
  return {
    ...where,
    school: SCHOOLS[pupil.school].full,
    class: where.class,
    name: pupil.name,
    dob: yearOnly ? String(pupil.dob.y) : iso(pupil.dob),
    gender: pupil.gender,
    bhxh: pupil.rosterCode,
    status,
    method: expectedMethod(pupil),
    card: status === 'review' ? undefined : (card?.number ?? null),
    candidates: status === 'review' ? pupil.candidates.map((c) => c.number) : undefined,
    reasonIncludes: expectedReason(pupil, card),
  };
}

// ---------------------------------------------------------------------------
// Workbooks.

const PLAIN_FONT = { name: 'Times New Roman', size: 12 };
const BOLD_FONT = { ...PLAIN_FONT, bold: true };

/** Writes cells row by row, turning text into a legacy font's bytes when the sheet uses one. */
class SheetWriter {
  /** `legacy`: { encode, font, titleFont } for a TCVN3 or VNI sheet. */
  constructor(worksheet, legacy = null) {
    this.ws = worksheet;
    this.legacy = legacy;
  }

  row(number, values, { bold = false, title = false } = {}) {
    values.forEach((value, index) => {
      if (value === null || value === undefined) return;
      const cell = this.ws.getCell(number, index + 1);
      this.put(cell, value, { bold, title });
    });
    return number;
  }

  put(cell, value, { bold, title }) {
    const font = { ...(bold ? BOLD_FONT : PLAIN_FONT) };
    if (typeof value === 'string' && this.legacy) {
      // Capitals-only titles use the upper-case font (".VnTimeH"), which shows lower-case codes as capitals.
      const upperFont = title && this.legacy.titleFont !== this.legacy.font && value === value.toLocaleUpperCase('vi');
      cell.value = this.legacy.encode(value, upperFont);
      font.name = upperFont ? this.legacy.titleFont : this.legacy.font;
    } else cell.value = value;
    if (value instanceof Date) cell.numFmt = 'dd/mm/yyyy';
    cell.font = font;
  }

  merge(range) {
    this.ws.mergeCells(range);
  }

  widths(widths) {
    widths.forEach((width, index) => (this.ws.getColumn(index + 1).width = width));
  }
}

function newWorkbook() {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'bhyt fixtures';
  workbook.lastModifiedBy = 'bhyt fixtures';
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
  return workbook;
}

const require = createRequire(import.meta.url);
const JSZip = createRequire(require.resolve('exceljs'))('jszip');

/** exceljs stamps every zip entry with the current time; rewrite them with a fixed one. */
async function writeWorkbook(workbook, file) {
  const buffer = await workbook.xlsx.writeBuffer();
  const zip = await JSZip.loadAsync(buffer);
  const fixed = new JSZip();
  for (const [name, entry] of Object.entries(zip.files)) {
    if (!entry.dir) fixed.file(name, await entry.async('uint8array'), { date: FIXED_DATE, createFolders: false });
  }
  writeFile(file, await fixed.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } }));
}

function writeFile(file, content) {
  const full = path.join(FIXTURES, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
}

/** "UBND ... / TRƯỜNG ..." on the left, the national motto on the right, the list's title below. */
function schoolTitleRows(sheet, school, className, width) {
  const last = String.fromCharCode(64 + width);
  sheet.row(1, ['UBND XÃ BÌNH CHÁNH', null, null, null, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'], { bold: true, title: true });
  sheet.row(2, [SCHOOLS[school].title, null, null, null, 'Độc lập - Tự do - Hạnh phúc'], { bold: true, title: true });
  sheet.row(3, [`DANH SÁCH HỌC SINH LỚP ${className} NĂM HỌC 2026 - 2027`], { bold: true, title: true });
  sheet.merge('A1:C1');
  sheet.merge('A2:C2');
  if (width > 5) {
    sheet.merge(`E1:${last}1`);
    sheet.merge(`E2:${last}2`);
  }
  sheet.merge(`A3:${last}3`);
}

const genderWord = (gender) => (gender === 'M' ? 'Nam' : 'Nữ');

/**
 * Writes pupils from `firstRow` down with `cellsOf(pupil, ordinal)`, and returns each
 * pupil with the row it landed on.
 */
function pupilRows(sheet, firstRow, pupils, cellsOf) {
  return pupils.map((pupil, index) => {
    const row = sheet.row(firstRow + index, cellsOf(pupil, index + 1));
    return { pupil, row };
  });
}

/** Footer of a printed list: total, place and date, signature block with the signers' names in the name column. */
function signatureFooter(sheet, afterRow, count, place, signers) {
  sheet.row(afterRow + 1, [`Tổng cộng: ${count} học sinh`], { bold: true });
  sheet.merge(`A${afterRow + 1}:C${afterRow + 1}`);
  sheet.row(afterRow + 3, [null, null, null, null, `${place}, ngày 10 tháng 11 năm 2026`]);
  sheet.row(afterRow + 4, [null, 'NGƯỜI LẬP BIỂU', null, null, 'HIỆU TRƯỞNG'], { bold: true });
  sheet.row(afterRow + 5, [null, '(Ký, ghi rõ họ tên)', null, null, '(Ký tên, đóng dấu)']);
  sheet.row(afterRow + 9, [null, signers[0], null, null, signers[1]], { bold: true });
}

// ---------------------------------------------------------------------------
// Rosters. Each builder makes its pupils, writes its file and returns the expected lines.

function located(file, sheet, className, placed) {
  return placed.map(({ pupil, row }) => ({ pupil, where: { file, sheet, row, class: className } }));
}

/** Lop 1A: single header, column-number row, date cells, Nam/Nữ, footer with signers. */
function writeClass1A(workbook, pupils, signers) {
  const sheet = new SheetWriter(workbook.addWorksheet('Lop 1A'));
  sheet.widths([6, 28, 13, 10, 14, 16, 18]);
  schoolTitleRows(sheet, 'anLac', '1A', 7);
  sheet.row(5, ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Mã số BHXH', 'Số định danh cá nhân', 'Ghi chú'], { bold: true });
  sheet.row(6, ['A', 'B', '1', '2', '3', '4', '5']);
  const placed = pupilRows(sheet, 7, pupils, (p, n) => [n, p.name, utcDate(p.dob), genderWord(p.gender), p.rosterCode, p.personalId]);
  signatureFooter(sheet, 6 + pupils.length, pupils.length, 'An Lạc', signers);
  return placed;
}

/** Lop 1B: group label "Thông tin học sinh" over "Họ tên" / "Ngày sinh" / "Giới tính"; text dates; gender 1/0; codes left blank. */
function writeClass1B(workbook, pupils) {
  const sheet = new SheetWriter(workbook.addWorksheet('Lop 1B'));
  sheet.widths([6, 28, 13, 10, 14, 18]);
  schoolTitleRows(sheet, 'anLac', '1B', 6);
  sheet.row(5, ['STT', 'Thông tin học sinh', null, null, 'Mã số BHXH', 'Ghi chú'], { bold: true });
  sheet.row(6, [null, 'Họ tên', 'Ngày sinh', 'Giới tính'], { bold: true });
  for (const range of ['A5:A6', 'B5:D5', 'E5:E6', 'F5:F6']) sheet.merge(range);
  return pupilRows(sheet, 7, pupils, (p, n) => [n, p.name, dayMonthYear(p.dob), p.gender === 'M' ? 1 : 0, p.rosterCode]);
}

/** Lop 2A: split name ("Họ và tên đệm" + "Tên"), split date ("Ngày sinh" over Ngày/Tháng/Năm), "x" in a "Nữ" column. */
function writeClass2A(workbook, pupils) {
  const sheet = new SheetWriter(workbook.addWorksheet('Lop 2A'));
  sheet.widths([6, 22, 10, 7, 7, 8, 6, 14]);
  schoolTitleRows(sheet, 'anLac', '2A', 8);
  sheet.row(5, ['STT', 'Họ và tên đệm', 'Tên', 'Ngày sinh', null, null, 'Nữ', 'Mã số BHXH'], { bold: true });
  sheet.row(6, [null, null, null, 'Ngày', 'Tháng', 'Năm'], { bold: true });
  for (const range of ['A5:A6', 'B5:B6', 'C5:C6', 'D5:F5', 'G5:G6', 'H5:H6']) sheet.merge(range);
  return pupilRows(sheet, 7, pupils, (p, n) => {
    const words = p.name.split(' ');
    return [n, words.slice(0, -1).join(' '), words.at(-1), p.dob.d, p.dob.m, p.dob.y, p.gender === 'F' ? 'x' : null, p.rosterCode];
  });
}

function writeNotesSheet(workbook) {
  const sheet = new SheetWriter(workbook.addWorksheet('Huong dan'));
  sheet.widths([90]);
  sheet.row(1, ['HƯỚNG DẪN NHẬP DANH SÁCH HỌC SINH'], { bold: true });
  sheet.row(3, ['1. Mỗi lớp nhập trên một trang tính, tên trang tính là tên lớp (Lop 1A, Lop 1B, ...).']);
  sheet.row(4, ['2. Cột Họ và tên ghi đầy đủ họ, tên đệm và tên; cột Ngày sinh ghi ngày/tháng/năm, ví dụ 05/09/2020.']);
  sheet.row(5, ['3. Cột Mã số BHXH ghi đủ 10 chữ số; học sinh chưa có mã thì để trống.']);
  sheet.row(6, ['4. Học sinh đã chuyển đi hoặc thôi học ghi rõ ở cột Ghi chú.']);
}

/** A class-count table: columns a list has, but no names: not a list of pupils. */
function writeSummarySheet(workbook, classes) {
  const sheet = new SheetWriter(workbook.addWorksheet('Tong hop'));
  sheet.widths([6, 10, 10, 10, 10, 20]);
  sheet.row(1, ['TỔNG HỢP SĨ SỐ HỌC SINH NĂM HỌC 2026 - 2027'], { bold: true });
  sheet.merge('A1:F1');
  sheet.row(3, ['STT', 'Lớp', 'Sĩ số', 'Nam', 'Nữ', 'Ghi chú'], { bold: true });
  classes.forEach(({ name, pupils }, index) => {
    const boys = pupils.filter((p) => p.gender === 'M').length;
    sheet.row(4 + index, [index + 1, name, pupils.length, boys, pupils.length - boys]);
  });
  const all = classes.flatMap((c) => c.pupils);
  const boys = all.filter((p) => p.gender === 'M').length;
  sheet.row(4 + classes.length, ['Tổng cộng', null, all.length, boys, all.length - boys], { bold: true });
}

async function writeAnLac(district) {
  const grade1 = (spec) => district.pupil(spec, { school: 'anLac', grade: 1 });
  const class1A = ['te-to-hs', 'te-expired', 'valid', 'te-valid', 'te-expired', 'two-cards', 'none name', 'hn', 'te-to-hs', 'valid', 'new10'].map(grade1);
  const class1B = [
    'valid name upper',
    'valid name nfd',
    'te-expired name',
    'valid name eth',
    'namesake name',
    'valid name tone',
    'none name',
    'future name',
    'valid name spaces',
  ].map(grade1);
  const class2A = ['valid', 'valid name', 'expired', 'cn', 'two-cards', 'none name', 'valid', 'valid name tone-reverse', 'valid'].map((spec) =>
    district.pupil(spec, { school: 'anLac', grade: 2 }),
  );
  const signers = [district.name('F'), district.name('M')];
  const file = '01_TH_An_Lac.xlsx';
  const workbook = newWorkbook();
  writeNotesSheet(workbook);
  const lines = [
    ...located(file, 'Lop 1A', '1A', writeClass1A(workbook, class1A, signers)),
    ...located(file, 'Lop 1B', '1B', writeClass1B(workbook, class1B)),
    ...located(file, 'Lop 2A', '2A', writeClass2A(workbook, class2A)),
  ];
  writeSummarySheet(workbook, [
    { name: '1A', pupils: class1A },
    { name: '1B', pupils: class1B },
    { name: '2A', pupils: class2A },
  ]);
  await writeWorkbook(workbook, `rosters/${file}`);

  // The same class alone is the good file of fixtures/bad/.
  const alone = newWorkbook();
  const badFile = '03_TH_An_Lac_lop_1A.xlsx';
  const badLines = located(badFile, 'Lop 1A', '1A', writeClass1A(alone, class1A, signers));
  await writeWorkbook(alone, `bad/${badFile}`);
  return { lines, badLines };
}

/** Lop 6A1: a status column, and IDs typed as numbers (codes starting with 0 lose it). */
function writeClass6A1(workbook, pupils) {
  const sheet = new SheetWriter(workbook.addWorksheet('Lop 6A1'));
  sheet.widths([6, 28, 13, 10, 14, 18, 16]);
  schoolTitleRows(sheet, 'binhHung', '6A1', 7);
  sheet.row(5, ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Mã số BHXH', 'Số định danh cá nhân', 'Trạng thái'], { bold: true });
  return pupilRows(sheet, 6, pupils, (p, n) => [
    n,
    p.name,
    utcDate(p.dob),
    genderWord(p.gender),
    p.rosterCode === null ? null : Number(p.rosterCode),
    Number(p.personalId),
    p.rosterStatus,
  ]);
}

/** Lop 6A2: birth dates typed every way (d/m/yy, dd-mm-yyyy, dd.mm.yyyy, year only). */
function writeClass6A2(workbook, pupils) {
  const sheet = new SheetWriter(workbook.addWorksheet('Lop 6A2'));
  sheet.widths([6, 28, 13, 10, 14]);
  schoolTitleRows(sheet, 'binhHung', '6A2', 5);
  sheet.row(5, ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Mã số BHXH'], { bold: true });
  return pupilRows(sheet, 6, pupils, (p, n) => [n, p.name, DATE_FORMATS[p.dobFormat](p.dob), genderWord(p.gender), p.rosterCode]);
}

async function writeBinhHung(district) {
  const grade6 = (spec, dobFormat = 'cell') => district.pupil(spec, { school: 'binhHung', grade: 6, dobFormat });
  const class6A1 = [
    'valid zero',
    'valid',
    'moved',
    'sibling',
    'valid zero',
    'expired',
    'future',
    'quit',
    'none name',
    'two-cards',
    'dt',
    'valid zero',
    'moved',
    'valid',
    'valid',
  ].map((spec) => grade6(spec));
  const class6A2 = [
    ['valid name', 'd/m/yy'],
    ['valid name', 'dd-mm-yyyy'],
    ['valid name', 'dd.mm.yyyy'],
    ['valid', 'year-number'],
    ['none name', 'year-text'],
    ['valid name', 'dd/mm/yyyy'],
    ['expired name', 'dd-mm-yyyy'],
    ['valid', 'year-text'],
    ['valid name', 'd/m/yy'],
    ['none name', 'dd.mm.yyyy'],
    ['valid', 'dd/mm/yyyy'],
    ['two-cards', 'd/m/yy'],
  ].map(([spec, format]) => grade6(spec, format));
  const class6A3 = ['valid', 'valid name', 'none code footer-words', 'expired', 'none name', 'valid name'].map((spec) => grade6(spec));
  const file = '02_THCS_Binh_Hung.xlsx';
  const workbook = newWorkbook();
  const lines = [
    ...located(file, 'Lop 6A1', '6A1', writeClass6A1(workbook, class6A1)),
    ...located(file, 'Lop 6A2', '6A2', writeClass6A2(workbook, class6A2)),
    ...located(file, 'Lop 6A3', '6A3', writeSimpleClass(workbook, 'binhHung', '6A3', class6A3)),
  ];
  await writeWorkbook(workbook, `rosters/${file}`);
  return lines.filter(({ pupil }) => pupil.rosterStatus === 'Đang học');
}

/** A roster as a text table: title lines, a blank line, header, pupils. Returns rows as [cells] and pupil line numbers. */
function textRoster(school, className, header, pupils, cellsOf) {
  const width = header.length;
  const pad = (cells) => [...cells, ...Array(width - cells.length).fill('')];
  const lines = [pad([SCHOOLS[school].title]), pad([`DANH SÁCH HỌC SINH LỚP ${className} - NĂM HỌC 2026-2027`]), pad([]), header];
  const placed = pupils.map((pupil, index) => {
    lines.push(pad(cellsOf(pupil, index + 1)));
    return { pupil, row: lines.length };
  });
  return { lines, placed };
}

/** An 11-digit number Excel shows as 7.92209E+10 once saved to CSV: the digits are gone. */
function scientificPersonalId(pupil) {
  pupil.personalId = `07922091${randomDigits(4)}`;
  return Number(pupil.personalId).toExponential(5).toUpperCase();
}

async function writeTanPhu(district) {
  const folder = '03_TH_Tan_Phu';
  const make = (grade) => (spec) => district.pupil(spec, { school: 'tanPhu', grade, dobFormat: 'dd/mm/yyyy' });
  const lines = [];

  // UTF-8 with BOM, comma-separated, one personal ID in scientific notation.
  const class1A = ['valid', 'valid name', 'te-expired', 'valid', 'none name', 'te-to-hs name', 'valid'].map(make(1));
  const scientific = district.pupil('valid name', { school: 'tanPhu', grade: 1, dobFormat: 'dd/mm/yyyy', gender: 'M' });
  class1A.splice(3, 0, scientific);
  const sciText = scientificPersonalId(scientific);
  scientific.scientificId = true;
  const utf8 = textRoster('tanPhu', '1A', ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Mã số BHXH', 'Số định danh cá nhân'], class1A, (p, n) => [
    n,
    p.name,
    dayMonthYear(p.dob),
    genderWord(p.gender),
    p.rosterCode ?? '',
    p === scientific ? sciText : p.personalId,
  ]);
  writeFile(`rosters/${folder}/lop-1a.csv`, `\ufeff${utf8.lines.map((cells) => csvLine(cells, ',')).join('\r\n')}\r\n`);
  lines.push(...located(`${folder}/lop-1a.csv`, null, '1A', utf8.placed));

  // Windows-1258 with `;`, as Vietnamese Windows Excel saves "CSV".
  const class2A = ['valid name', 'valid name upper', 'valid', 'future', 'none name', 'valid name', 'expired'].map(make(2));
  const cp1258 = textRoster('tanPhu', '2A', ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Mã số BHXH'], class2A, (p, n) => [
    n,
    p.name,
    dayMonthYear(p.dob),
    genderWord(p.gender),
    p.rosterCode ?? '',
  ]);
  writeFile(`rosters/${folder}/lop-2a.csv`, toWindows1258(`${cp1258.lines.map((cells) => csvLine(cells, ';')).join('\r\n')}\r\n`));
  lines.push(...located(`${folder}/lop-2a.csv`, null, '2A', cp1258.placed));

  // UTF-16LE with BOM and tabs: Excel's "Unicode Text".
  const class3A = ['valid', 'valid name', 'two-cards', 'none name', 'valid name nfd', 'hn', 'valid'].map(make(3));
  const utf16 = textRoster('tanPhu', '3A', ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Mã số BHXH'], class3A, (p, n) => [
    n,
    p.name,
    dayMonthYear(p.dob),
    genderWord(p.gender),
    p.rosterCode ?? '',
  ]);
  writeFile(`rosters/${folder}/lop-3a.txt`, Buffer.from(`\ufeff${utf16.lines.map((cells) => cells.join('\t')).join('\r\n')}\r\n`, 'utf16le'));
  lines.push(...located(`${folder}/lop-3a.txt`, null, '3A', utf16.placed));
  return lines;
}

/** A plain class list; with `legacy`, typed in a legacy font (titles in the upper-case font, the rest in the normal one). */
function writeSimpleClass(workbook, school, className, pupils, legacy = null) {
  const sheet = new SheetWriter(workbook.addWorksheet(`Lop ${className}`), legacy);
  sheet.widths([6, 28, 13, 10, 14, 18]);
  schoolTitleRows(sheet, school, className, 6);
  sheet.row(5, ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Mã số BHXH', 'Ghi chú'], { bold: true });
  return pupilRows(sheet, 6, pupils, (p, n) => [n, p.name, utcDate(p.dob), genderWord(p.gender), p.rosterCode]);
}

async function writePhuocLoc(district, encoders) {
  const folder = '04_THCS_Phuoc_Loc';
  const make = (spec) => district.pupil(spec, { school: 'phuocLoc', grade: 7 });
  const class7A = ['valid', 'valid name', 'valid name upper', 'expired', 'valid', 'none name', 'valid name eth', 'two-cards', 'valid'].map(make);
  const class7B = ['valid', 'valid name', 'hn', 'valid', 'none name', 'valid name tone', 'valid', 'expired name', 'valid name'].map(make);
  const tcvn3 = newWorkbook();
  const tcvn3Placed = writeSimpleClass(tcvn3, 'phuocLoc', '7A', class7A, { encode: encoders.tcvn3, font: '.VnTime', titleFont: '.VnTimeH' });
  await writeWorkbook(tcvn3, `rosters/${folder}/lop-7a-tcvn3.xlsx`);
  const vni = newWorkbook();
  const vniPlaced = writeSimpleClass(vni, 'phuocLoc', '7B', class7B, { encode: encoders.vni, font: 'VNI-Times', titleFont: 'VNI-Times' });
  await writeWorkbook(vni, `rosters/${folder}/lop-7b-vni.xlsx`);
  return [...located(`${folder}/lop-7a-tcvn3.xlsx`, 'Lop 7A', '7A', tcvn3Placed), ...located(`${folder}/lop-7b-vni.xlsx`, 'Lop 7B', '7B', vniPlaced)];
}

/** No school in the titles (the school comes from the file name), and section rows "A" / "B" in the STT column. */
async function writeHoaLac(district) {
  const make = (spec) => district.pupil(spec, { school: 'hoaLac', grade: 8, cardFile: 'the-bhyt.csv' });
  const staying = ['valid', 'valid', 'valid name', 'expired', 'new10', 'valid', 'none name', 'valid', 'valid name upper', 'valid'].map(make);
  const arrived = ['future', 'new10', 'none', 'valid name', 'valid', 'valid-sy'].map(make);
  const file = '05_THCS_Hoa_Lac.xlsx';
  const workbook = newWorkbook();
  const sheet = new SheetWriter(workbook.addWorksheet('Lop 8A'));
  sheet.widths([6, 28, 13, 10, 14, 18]);
  sheet.row(1, ['DANH SÁCH HỌC SINH LỚP 8A - NĂM HỌC 2026 - 2027'], { bold: true });
  sheet.merge('A1:F1');
  sheet.row(3, ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Mã số BHXH', 'Ghi chú'], { bold: true });
  const cells = (p, n) => [n, p.name, utcDate(p.dob), genderWord(p.gender), p.rosterCode];
  sheet.row(4, ['A', 'Học sinh lên lớp'], { bold: true });
  const first = pupilRows(sheet, 5, staying, cells);
  const sectionRow = 5 + staying.length;
  sheet.row(sectionRow, ['B', 'Học sinh mới chuyển đến'], { bold: true });
  const second = pupilRows(sheet, sectionRow + 1, arrived, (p, n) => cells(p, staying.length + n));
  await writeWorkbook(workbook, `rosters/${file}`);
  return located(file, 'Lop 8A', '8A', [...first, ...second]);
}

// ---------------------------------------------------------------------------
// Card exports.

/** Cards as BHXH lists them: by unit, then by name. */
function cardOrder(a, b) {
  const key = (card) => `${card.unit}|${card.name.normalize('NFD').toLowerCase()}|${card.from}`;
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

async function writeCardWorkbook(cards) {
  const workbook = newWorkbook();
  const sheet = new SheetWriter(workbook.addWorksheet('Danh sach'));
  sheet.widths([6, 13, 28, 12, 9, 18, 12, 12, 9, 22]);
  sheet.row(1, ['BẢO HIỂM XÃ HỘI THÀNH PHỐ HỒ CHÍ MINH'], { bold: true });
  sheet.row(2, ['BẢO HIỂM XÃ HỘI CƠ SỞ BÌNH CHÁNH'], { bold: true });
  sheet.row(3, ['DANH SÁCH NGƯỜI THAM GIA BẢO HIỂM Y TẾ'], { bold: true });
  sheet.row(4, ['(Dữ liệu trích xuất đến 14/11/2026)']);
  for (const row of [1, 2]) sheet.merge(`A${row}:E${row}`);
  for (const row of [3, 4]) sheet.merge(`A${row}:J${row}`);
  const header = ['STT', 'Mã số BHXH', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số thẻ BHYT', 'Hạn thẻ từ', 'Hạn thẻ đến', 'Mã KCB', 'Đơn vị'];
  sheet.row(6, header, { bold: true });
  cards.forEach((card, index) => {
    sheet.row(7 + index, [
      index + 1,
      card.code,
      card.name,
      dayMonthYear(card.dob),
      genderWord(card.gender),
      card.number,
      viFromIso(card.from),
      viFromIso(card.to),
      `79${String(randomInt(1, 120)).padStart(3, '0')}`,
      card.unit,
    ]);
  });
  sheet.row(8 + cards.length, [`Tổng cộng: ${cards.length} thẻ`], { bold: true });
  await writeWorkbook(workbook, 'cards/the-bhyt.xlsx');
}

/** The other layout: field names of the BHXH data interface, `;`, sex as 1 (Nam) / 0. */
function writeCardCsv(cards) {
  const header = ['MA_SO_BHXH', 'HO_TEN', 'NGAY_SINH', 'GIOI_TINH', 'MA_THE', 'HAN_THE_TU', 'HAN_THE_DEN', 'TEN_DVI'];
  const rows = cards.map((card) => [
    card.code,
    card.name,
    dayMonthYear(card.dob),
    card.gender === 'M' ? 1 : 0,
    card.number,
    viFromIso(card.from),
    viFromIso(card.to),
    card.unit,
  ]);
  writeFile('cards/the-bhyt.csv', `${[header, ...rows].map((cells) => csvLine(cells, ';')).join('\r\n')}\r\n`);
}

// ---------------------------------------------------------------------------
// fixtures/bad/: a corrupt workbook, a list without birth dates, and a good file (written with An Lạc).

async function writeBadInputs(district) {
  const noise = Buffer.from(Array.from({ length: 2048 }, () => randomInt(0, 255)));
  writeFile('bad/01_hong.xlsx', noise);
  const workbook = newWorkbook();
  const sheet = new SheetWriter(workbook.addWorksheet('Lop 9A'));
  sheet.widths([6, 28, 8, 14, 18]);
  sheet.row(1, ['TRƯỜNG THCS BÌNH HƯNG'], { bold: true });
  sheet.row(2, ['DANH SÁCH HỌC SINH LỚP 9A'], { bold: true });
  sheet.row(4, ['STT', 'Họ và tên', 'Lớp', 'Mã số BHXH', 'Ghi chú'], { bold: true });
  for (let n = 1; n <= 5; n++) {
    const gender = n % 2 ? 'M' : 'F';
    sheet.row(4 + n, [n, district.name(gender), '9A', district.code()]);
  }
  await writeWorkbook(workbook, 'bad/02_khong_ngay_sinh.xlsx');
}

// ---------------------------------------------------------------------------
// expected.json and the summary it implies.

/** What each roster file or sheet shows, keyed "file|sheet" (sheet empty for text files). */
const SHOWS = {
  '01_TH_An_Lac.xlsx|Lop 1A':
    'title rows in merged cells (UBND / TRƯỜNG / DANH SÁCH), one header row, a column-number row (A, B, 1, 2 …), date cells, Nam/Nữ, codes and personal IDs as text, footer (Tổng cộng, place and date, NGƯỜI LẬP BIỂU / HIỆU TRƯỞNG, signers in the name column); first-graders with TE cards',
  '01_TH_An_Lac.xlsx|Lop 1B':
    'two-row header ("Thông tin học sinh" over Họ tên / Ngày sinh / Giới tính), dd/mm/yyyy text dates, sex as 1/0, no codes: name + birth date against cards in upper case, NFD, with Ð, new-style tones, double space and NBSP; namesakes',
  '01_TH_An_Lac.xlsx|Lop 2A': 'split name ("Họ và tên đệm" + "Tên"), split date ("Ngày sinh" over Ngày / Tháng / Năm), "x" in a "Nữ" column, tone placement hoà vs hòa',
  '02_THCS_Binh_Hung.xlsx|Lop 6A1':
    'status column ("Đã chuyển đi", "Thôi học" left out), codes and personal IDs typed as numbers (codes starting 01/04/08 lost their zero), a sibling\'s code',
  '02_THCS_Binh_Hung.xlsx|Lop 6A2': 'birth dates as d/m/yy, dd-mm-yyyy, dd.mm.yyyy, dd/mm/yyyy and year only (number and text)',
  '02_THCS_Binh_Hung.xlsx|Lop 6A3': 'a pupil named "Tống Công …" (without marks the footer words "Tổng cộng") with pupils after him',
  '03_TH_Tan_Phu/lop-1a.csv|': 'UTF-8 with BOM, ",", title lines, one personal ID saved as 7.92209E+10',
  '03_TH_Tan_Phu/lop-2a.csv|': 'Windows-1258, ";", tone marks as combining characters',
  '03_TH_Tan_Phu/lop-3a.txt|': 'UTF-16LE with tabs (Excel "Unicode Text")',
  '04_THCS_Phuoc_Loc/lop-7a-tcvn3.xlsx|Lop 7A': 'TCVN3: text in .VnTime, capitals-only titles in .VnTimeH',
  '04_THCS_Phuoc_Loc/lop-7b-vni.xlsx|Lop 7B': 'VNI: text in VNI-Times',
  '05_THCS_Hoa_Lac.xlsx|Lop 8A':
    'no school in the titles (school from the file name, diacritics from the card unit), section rows A / B, cards in the CSV export, 10-digit card numbers',
};

function sheetList(lines) {
  const keys = [...new Set(lines.map(({ where }) => `${where.file}|${where.sheet ?? ''}`))];
  return keys.map((key) => {
    const [file, sheet] = key.split('|');
    if (!SHOWS[key]) throw new Error(`say what ${key} shows`);
    return { file, sheet: sheet || null, shows: SHOWS[key] };
  });
}

const RATE = (insured, students) => (students === 0 ? 0 : insured === students ? 100 : Math.min(99.99, Math.round((insured / students) * 10000) / 100));

function countsOf(students) {
  const count = (status) => students.filter((s) => s.status === status).length;
  const insured = count('insured');
  return { students: students.length, insured, uninsured: count('uninsured'), review: count('review'), coverage: RATE(insured, students.length) };
}

function expectedSummary(students, cards) {
  const schools = [...new Set(students.map((s) => s.school))].map((school) => ({
    school,
    ...countsOf(students.filter((s) => s.school === school)),
  }));
  return {
    schools,
    totals: {
      ...countsOf(students),
      schools: schools.length,
      cards: cards.length,
      unmatchedCards: cards.filter((card) => !card.claimed).length,
    },
  };
}

/** Removes undefined fields so expected.json stays readable. */
const clean = (object) => JSON.parse(JSON.stringify(object));

async function main() {
  const encoders = await loadLegacyEncoders();
  const district = new District(loadNameTables());
  for (const folder of ['rosters', 'cards', 'bad']) fs.rmSync(path.join(FIXTURES, folder), { recursive: true, force: true });

  const anLac = await writeAnLac(district);
  const rosterPupils = [
    ...anLac.lines,
    ...(await writeBinhHung(district)),
    ...(await writeTanPhu(district)),
    ...(await writePhuocLoc(district, encoders)),
    ...(await writeHoaLac(district)),
  ];
  // Cards of people on no roster: pupils of schools outside the rosters, a pupil who left.
  district.stranger({ year: 2010, unit: 'THPT Bình Chánh' });
  district.stranger({ year: 2009, unit: 'THPT Bình Chánh', kind: 'hs2025' });
  district.stranger({ year: 2013, unit: SCHOOLS.hoaLac.unit, cardFile: 'the-bhyt.csv' });

  const xlsxCards = district.cards.filter((card) => card.file === 'the-bhyt.xlsx').sort(cardOrder);
  const csvCards = district.cards.filter((card) => card.file === 'the-bhyt.csv').sort(cardOrder);
  await writeCardWorkbook(xlsxCards);
  writeCardCsv(csvCards);
  await writeBadInputs(district);

  const students = rosterPupils.map(({ pupil, where }) => expectedStudent(pupil, where));
  const summary = expectedSummary(students, district.cards);
  const expected = {
    about: 'What `bhyt reconcile` must give for these fixtures. Regenerate with: npm run build && node scripts/make-fixtures.mjs',
    command: ['reconcile', 'rosters', 'cards/the-bhyt.xlsx', 'cards/the-bhyt.csv', '--as-of', AS_OF],
    asOf: AS_OF,
    sheets: sheetList(rosterPupils),
    students,
    ...summary,
    warnings: rosterPupils
      .filter(({ pupil }) => pupil.scientificId)
      .map(({ where }) => ({ file: where.file, sheet: where.sheet, row: where.row, includes: '7.92209E+10' })),
    bad: {
      command: ['reconcile', 'bad', 'cards/the-bhyt.xlsx', 'cards/the-bhyt.csv', '--as-of', AS_OF],
      exitCode: 3,
      errors: [
        { file: '01_hong.xlsx', sheet: null },
        { file: '02_khong_ngay_sinh.xlsx', sheet: 'Lop 9A' },
      ],
      students: anLac.badLines.map(({ pupil, where }) => expectedStudent(pupil, where)),
    },
  };
  writeFile('expected.json', `${JSON.stringify(clean(expected), null, 2)}\n`);
  console.log(`fixtures: ${students.length} pupils in ${summary.totals.schools} schools, ${district.cards.length} cards`);
}

await main();

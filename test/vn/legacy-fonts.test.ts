import { describe, it, expect } from 'vitest';
import iconv from 'iconv-lite';
import { decodeLegacy, detectLegacyEncoding, fontEncoding } from '../../src/vn/legacy-fonts.js';

/**
 * Unikey's charset table (vn-input/ibus-unikey, ukengine/data.cpp): each Vietnamese
 * letter as "Unicode TCVN3 VNI", the legacy bytes read as Windows-1252. A capital
 * toned vowel has the lower-case TCVN3 code (the ".VnTimeH" fonts show it as a capital).
 */
const UNIKEY_LETTERS = [
  'Á ¸ AÙ, á ¸ aù, À µ AØ, à µ aø, Ả ¶ AÛ, ả ¶ aû, Ã · AÕ, ã · aõ, Ạ ¹ AÏ, ạ ¹ aï',
  'Â ¢ AÂ, â © aâ, Ấ Ê AÁ, ấ Ê aá, Ầ Ç AÀ, ầ Ç aà, Ẩ È AÅ, ẩ È aå, Ẫ É AÃ, ẫ É aã, Ậ Ë AÄ, ậ Ë aä',
  'Ă ¡ AÊ, ă ¨ aê, Ắ ¾ AÉ, ắ ¾ aé, Ằ » AÈ, ằ » aè, Ẳ ¼ AÚ, ẳ ¼ aú, Ẵ ½ AÜ, ẵ ½ aü, Ặ Æ AË, ặ Æ aë',
  'Đ § Ñ, đ ® ñ',
  'É Ð EÙ, é Ð eù, È Ì EØ, è Ì eø, Ẻ Î EÛ, ẻ Î eû, Ẽ Ï EÕ, ẽ Ï eõ, Ẹ Ñ EÏ, ẹ Ñ eï',
  'Ê £ EÂ, ê ª eâ, Ế Õ EÁ, ế Õ eá, Ề Ò EÀ, ề Ò eà, Ể Ó EÅ, ể Ó eå, Ễ Ô EÃ, ễ Ô eã, Ệ Ö EÄ, ệ Ö eä',
  'Í Ý Í, í Ý í, Ì × Ì, ì × ì, Ỉ Ø Æ, ỉ Ø æ, Ĩ Ü Ó, ĩ Ü ó, Ị Þ Ò, ị Þ ò',
  'Ó ã OÙ, ó ã où, Ò ß OØ, ò ß oø, Ỏ á OÛ, ỏ á oû, Õ â OÕ, õ â oõ, Ọ ä OÏ, ọ ä oï',
  'Ô ¤ OÂ, ô « oâ, Ố è OÁ, ố è oá, Ồ å OÀ, ồ å oà, Ổ æ OÅ, ổ æ oå, Ỗ ç OÃ, ỗ ç oã, Ộ é OÄ, ộ é oä',
  'Ơ ¥ Ô, ơ ¬ ô, Ớ í ÔÙ, ớ í ôù, Ờ ê ÔØ, ờ ê ôø, Ở ë ÔÛ, ở ë ôû, Ỡ ì ÔÕ, ỡ ì ôõ, Ợ î ÔÏ, ợ î ôï',
  'Ú ó UÙ, ú ó uù, Ù ï UØ, ù ï uø, Ủ ñ UÛ, ủ ñ uû, Ũ ò UÕ, ũ ò uõ, Ụ ô UÏ, ụ ô uï',
  'Ư ¦ Ö, ư \u00ad ö, Ứ ø ÖÙ, ứ ø öù, Ừ õ ÖØ, ừ õ öø, Ử ö ÖÛ, ử ö öû, Ữ ÷ ÖÕ, ữ ÷ öõ, Ự ù ÖÏ, ự ù öï',
  'Ý ý YÙ, ý ý yù, Ỳ ú YØ, ỳ ú yø, Ỷ û YÛ, ỷ û yû, Ỹ ü YÕ, ỹ ü yõ, Ỵ þ Î, ỵ þ î',
]
  .flatMap((group) => group.split(', '))
  .map((row) => {
    const [unicode, tcvn3, vni] = row.split(' ');
    return { unicode, tcvn3, vni };
  });

/** duydev/vietnamese-conversion writes a TCVN3 capital toned vowel as untoned capital + toned code. */
const DUYDEV_TCVN3_CAPITALS =
  'À Aµ, Á A¸, Ã A·, È EÌ, É EÐ, Ì I×, Í IÝ, Ò Oß, Ó Oã, Õ Oâ, Ù Uï, Ú Uó, Ý Yý, Ĩ IÜ, Ũ Uò, Ạ A¹, Ả A¶, ' +
  'Ấ ¢Ê, Ầ ¢Ç, Ẩ ¢È, Ẫ ¢É, Ậ ¢Ë, Ắ ¡¾, Ằ ¡», Ẳ ¡¼, Ẵ ¡½, Ặ ¡Æ, Ẹ EÑ, Ẻ EÎ, Ẽ EÏ, Ế £Õ, Ề £Ò, Ể £Ó, Ễ £Ô, ' +
  'Ệ £Ö, Ỉ IØ, Ị IÞ, Ọ Oä, Ỏ Oá, Ố ¤è, Ồ ¤å, Ổ ¤æ, Ỗ ¤ç, Ộ ¤é, Ớ ¥í, Ờ ¥ê, Ở ¥ë, Ỡ ¥ì, Ợ ¥î, Ụ Uô, Ủ Uñ, ' +
  'Ứ ¦ø, Ừ ¦õ, Ử ¦ö, Ữ ¦÷, Ự ¦ù, Ỳ Yú, Ỵ Yþ, Ỷ Yû, Ỹ Yü';

const isCapital = (letter: string) => letter !== letter.toLowerCase();

describe('fontEncoding', () => {
  it.each([
    ['.VnTime', { encoding: 'tcvn3', upperCase: false }],
    ['.VnTimeH', { encoding: 'tcvn3', upperCase: true }],
    ['.VnArial', { encoding: 'tcvn3', upperCase: false }],
    ['.VnArialH', { encoding: 'tcvn3', upperCase: true }],
    ['VNI-Times', { encoding: 'vni', upperCase: false }],
    ['VNI-Helve', { encoding: 'vni', upperCase: false }],
    ['Times New Roman', null],
    ['Calibri', null],
    ['', null],
    [undefined, null],
    [null, null],
  ])('%s', (font, expected) => {
    expect(fontEncoding(font)).toEqual(expected);
  });
});

describe('decodeLegacy: the standard tables', () => {
  it('TCVN3: every letter of Unikey’s table, capitals through the upper-case font', () => {
    for (const { unicode, tcvn3 } of UNIKEY_LETTERS) {
      const hasOwnCapitalCode = decodeLegacy(tcvn3, 'tcvn3') === unicode;
      expect(hasOwnCapitalCode || (isCapital(unicode) && decodeLegacy(tcvn3, 'tcvn3', true) === unicode), unicode).toBe(true);
    }
  });

  it('VNI: every letter of Unikey’s table', () => {
    for (const { unicode, vni } of UNIKEY_LETTERS) expect(decodeLegacy(vni, 'vni'), unicode).toBe(unicode);
  });

  it('TCVN3: duydev’s capitals written as base + toned code', () => {
    for (const pair of DUYDEV_TCVN3_CAPITALS.split(', ')) {
      const [unicode, tcvn3] = pair.split(' ');
      expect(decodeLegacy(tcvn3, 'tcvn3'), unicode).toBe(unicode);
    }
  });

  it('VNI: duydev’s one-byte Ỷ ỷ; its Ỹ ỹ bytes are Ì ì, as in Unikey', () => {
    expect(decodeLegacy('Ë ë Ì ì', 'vni')).toBe('Ỷ ỷ Ì ì');
  });

  it('duydev’s test phrases', () => {
    expect(decodeLegacy('Xin chµo c¸c b¹n', 'tcvn3')).toBe('Xin chào các bạn');
    expect(decodeLegacy('T«i ®i häc', 'tcvn3')).toBe('Tôi đi học');
    expect(decodeLegacy('Xin chaøo caùc baïn', 'vni')).toBe('Xin chào các bạn');
    expect(decodeLegacy('Toâi ñi hoïc', 'vni')).toBe('Tôi đi học');
  });

  it('bytes 0x80–0x9F as Windows-1252 symbols or as C1 controls (Unikey maps 0x82 to ₡; we keep ‚)', () => {
    for (const encoding of ['tcvn3', 'vni'] as const) {
      expect(decodeLegacy('\u0080 \u0082 \u0093x\u0094 \u0096 \u009f', encoding)).toBe('€ ‚ “x” – Ÿ');
      expect(decodeLegacy('€ ‚ “x” – Ÿ', encoding)).toBe('€ ‚ “x” – Ÿ');
    }
  });

  it('leaves characters outside the table alone', () => {
    expect(decodeLegacy('§iÓm 9,5 – “Giái” (6A1)', 'tcvn3')).toBe('Điểm 9,5 – “Giỏi” (6A1)');
    expect(decodeLegacy('6A1 - Nam', 'vni')).toBe('6A1 - Nam');
  });

  it('leaves Unicode typed into a legacy-font cell alone, in NFC', () => {
    expect(decodeLegacy('Họ và tên', 'tcvn3')).toBe('Họ và tên');
    expect(decodeLegacy('Nguyễn Văn An', 'vni')).toBe('Nguyễn Văn An');
    expect(decodeLegacy('Nguye\u0302\u0303n', 'tcvn3')).toBe('Nguyễn');
  });
});

describe('decodeLegacy: cells from real files', () => {
  it.each([
    ['UBND HUYÖN B×NH CH¸NH', 'UBND HUYỆN BÌNH CHÁNH'],
    ['Hä tªn', 'Họ tên'],
    ['NS', 'NS'],
    ['Ph¸i', 'Phái'],
    ['Líp häc', 'Lớp học'],
    ['§Þa chØ (x·)', 'Địa chỉ (xã)'],
    ['L\u00adu Quèc Anh', 'Lưu Quốc Anh'],
    ['N÷', 'Nữ'],
    ['§µo Hoµng L©m Nhi', 'Đào Hoàng Lâm Nhi'],
    ['Hoµng Nh\u00ad Quúnh', 'Hoàng Như Quỳnh'],
    // ý is byte 0xFD, lower case: .VnTime cannot write the capital of "Như Ý".
    ['Vâ ThÞ Nh\u00ad ý', 'Võ Thị Như ý'],
  ])('TCVN3 %s', (legacy, unicode) => {
    expect(decodeLegacy(legacy, 'tcvn3')).toBe(unicode);
  });

  it.each([
    ['UBND HUYEÄN BÌNH CHAÙNH', 'UBND HUYỆN BÌNH CHÁNH'],
    ['TRÖÔØNG TIEÅU HOÏC NGUYEÃN VAÊN LINH', 'TRƯỜNG TIỂU HỌC NGUYỄN VĂN LINH'],
    ['Hoï teân hoïc sinh', 'Họ tên học sinh'],
    ['Maõ soá BHXH (10 soá)', 'Mã số BHXH (10 số)'],
    ['Ñang hoïc', 'Đang học'],
    ['Noâng Quoá Cöôøng', 'Nông Quố Cường'],
    ['Toång coäng: 432 hoïc sinh', 'Tổng cộng: 432 học sinh'],
  ])('VNI %s', (legacy, unicode) => {
    expect(decodeLegacy(legacy, 'vni')).toBe(unicode);
  });

  it('does not read VNI letters in TCVN3 text or the other way round', () => {
    expect(decodeLegacy('Cöôøng', 'tcvn3')).not.toBe('Cường');
    expect(decodeLegacy('L\u00adu Quèc Anh', 'vni')).not.toBe('Lưu Quốc Anh');
  });
});

describe('decodeLegacy: case of TCVN3 toned vowels', () => {
  it('capitalises the toned vowels of upper-case words typed with a lower-case font', () => {
    expect(decodeLegacy('TR¦êNG TRUNG HäC C¥ Së AN PHó T¢Y', 'tcvn3')).toBe('TRƯỜNG TRUNG HỌC CƠ SỞ AN PHÚ TÂY');
    expect(decodeLegacy('L£ THÞ ý', 'tcvn3')).toBe('LÊ THỊ Ý');
    expect(decodeLegacy('Líp 6A1 - TR¦êNG', 'tcvn3')).toBe('Lớp 6A1 - TRƯỜNG');
  });

  it('leaves capitalised and lower-case words alone, whatever their length', () => {
    expect(decodeLegacy('Së Gi¸o dôc', 'tcvn3')).toBe('Sở Giáo dục');
    expect(decodeLegacy('N¬i ë', 'tcvn3')).toBe('Nơi ở');
    expect(decodeLegacy('¸nh', 'tcvn3')).toBe('ánh');
  });

  it('upper-cases everything for an upper-case font', () => {
    expect(decodeLegacy('nguyÔn v¨n ¸nh', 'tcvn3', true)).toBe('NGUYỄN VĂN ÁNH');
    expect(decodeLegacy('Hä tªn', 'tcvn3', true)).toBe('HỌ TÊN');
  });
});

// ---------------------------------------------------------------------------

const TO_TCVN3 = new Map(UNIKEY_LETTERS.map(({ unicode, tcvn3 }) => [unicode, tcvn3]));
const TO_VNI = new Map(UNIKEY_LETTERS.map(({ unicode, vni }) => [unicode, vni]));
const encodeWith = (table: Map<string, string>) => (text: string) =>
  [...text].map((ch) => table.get(ch) ?? ch).join('');

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;
/** Windows-1258 spelling: â ê ô ă ơ ư đ precomposed, tone marks combining. */
const windows1258Form = (text: string) =>
  text.normalize('NFD').replace(/\P{M}\p{M}*/gu, (letter) => {
    const tones = letter.match(TONE_MARKS)?.join('') ?? '';
    return letter.replace(TONE_MARKS, '').normalize('NFC') + tones;
  });

/** A roster's first cells: title, headers, rows of names, dates, sexes, communes. */
const ROSTER = [
  'UBND HUYỆN BÌNH CHÁNH',
  'TRƯỜNG TRUNG HỌC CƠ SỞ AN PHÚ TÂY',
  'DANH SÁCH HỌC SINH THAM GIA BẢO HIỂM Y TẾ',
  'STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Lớp', 'Địa chỉ', 'Mã số BHXH',
  '1', 'Nguyễn Văn An', '12/05/2012', 'Nam', '6A1', 'Xã An Phú Tây', '7912345678',
  '2', 'Trần Thị Thuỷ', '03/11/2012', 'Nữ', '6A1', 'Thị trấn Tân Túc', '7912345679',
  '3', 'Lê Hoàng Quỳnh', '21/01/2012', 'Nữ', '6A2', 'Xã Tân Nhựt', '7912345680',
  '4', 'Phạm Đức Huy', '30/09/2012', 'Nam', '6A2', 'Xã Bình Hưng', '7912345681',
  '5', 'Đặng Ngọc Ánh', '14/02/2012', 'Nữ', '6A3', 'Xã Vĩnh Lộc A', '7912345682',
  '6', 'Võ Thị Như Ý', '08/08/2012', 'Nữ', '6A3', 'Xã Lê Minh Xuân', '7912345683',
  '7', 'Trương Quốc Cường', '19/06/2012', 'Nam', '6A4', 'Xã Phạm Văn Hai', '7912345684',
];

describe('detectLegacyEncoding', () => {
  it('finds TCVN3 and VNI rosters, in mixed and in upper case', () => {
    expect(detectLegacyEncoding(ROSTER.map(encodeWith(TO_TCVN3)))).toBe('tcvn3');
    expect(detectLegacyEncoding(ROSTER.map(encodeWith(TO_VNI)))).toBe('vni');
    const upper = ROSTER.map((cell) => cell.toUpperCase());
    expect(detectLegacyEncoding(upper.map(encodeWith(TO_TCVN3)))).toBe('tcvn3');
    expect(detectLegacyEncoding(upper.map(encodeWith(TO_VNI)))).toBe('vni');
  });

  it('finds the cells quoted from real files', () => {
    expect(detectLegacyEncoding(['Hä tªn', 'Ph¸i', 'Líp häc', '§Þa chØ (x·)', 'L\u00adu Quèc Anh', 'N÷'])).toBe('tcvn3');
    expect(detectLegacyEncoding(['Hoï teân hoïc sinh', 'Maõ soá BHXH (10 soá)', 'Ñang hoïc', 'Noâng Quoá Cöôøng'])).toBe('vni');
  });

  it('keeps a legacy file whose header was retyped in Unicode', () => {
    expect(detectLegacyEncoding([...ROSTER.slice(0, 10), ...ROSTER.slice(10).map(encodeWith(TO_TCVN3))])).toBe('tcvn3');
  });

  it('leaves Unicode Vietnamese alone: NFC, NFD, upper case, Windows-1258', () => {
    expect(detectLegacyEncoding(ROSTER)).toBeNull();
    expect(detectLegacyEncoding(ROSTER.map((cell) => cell.normalize('NFD')))).toBeNull();
    expect(detectLegacyEncoding(ROSTER.map((cell) => cell.toUpperCase()))).toBeNull();
    expect(detectLegacyEncoding(ROSTER.map(windows1258Form))).toBeNull();
  });

  it('leaves Windows-1258 bytes read as Windows-1252 or Latin-1 to the Windows-1258 reader', () => {
    for (const misread of ['windows1252', 'latin1']) {
      const cells = ROSTER.map((cell) => iconv.decode(iconv.encode(windows1258Form(cell), 'windows1258'), misread));
      expect(detectLegacyEncoding(cells)).toBeNull();
    }
  });

  it('leaves a Unicode file with one pasted legacy cell alone', () => {
    expect(detectLegacyEncoding([...ROSTER, 'TR¦êNG TRUNG HäC C¥ Së AN PHó T¢Y'])).toBeNull();
  });

  it('says nothing on ASCII, numbers, dates, Western names, or too little text', () => {
    expect(detectLegacyEncoding(ROSTER.map((cell) => cell.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd')))).toBeNull();
    expect(detectLegacyEncoding(['Nguyen Van An', 'Tran Thi Bich', 'Le Van Cuong'])).toBeNull();
    expect(detectLegacyEncoding(['1', '12/05/2012', '2012-05-12', '7912345678', '6A1', '45,5'])).toBeNull();
    const western = ['Hôtel', 'café', 'Crème brûlée', 'naïve', 'Raphaël', 'Zoë', 'Müller', 'Søren', 'Français', 'São Paulo'];
    expect(detectLegacyEncoding(western)).toBeNull();
    expect(detectLegacyEncoding(['NguyÔn V¨n An'])).toBeNull();
    expect(detectLegacyEncoding([])).toBeNull();
  });
});

describe('the look-alike Đ in TCVN3 text', () => {
  it('reads Ð before a toned vowel as Đ, not é', () => {
    expect(decodeLegacy('ÐÆng B¶o YÕn Vy', 'tcvn3')).toBe('Đặng Bảo Yến Vy');
    expect(decodeLegacy('Ðoµn B¸ch Du', 'tcvn3')).toBe('Đoàn Bách Du');
    expect(decodeLegacy('Ðo', 'tcvn3')).toBe('éo');
  });
});

import { describe, expect, it } from 'vitest';
import type { Card, Pupil } from '../../src/ingest/records.js';
import { compareDob, compareNames, compareUnit, withinOneEdit } from '../../src/match/compare.js';
import { agreementOf } from '../../src/match/agreement.js';
import { matchPupils } from '../../src/match/match.js';
import { nameKey } from '../../src/vn/name.js';

const AS_OF = '2026-11-15';
let next = 0;

function pupil(name: string, dob: string, extra: Partial<Pupil> = {}): Pupil {
  return {
    index: next++,
    source: { file: 'a.xlsx', sheet: 'Lop 6A1', row: next },
    school: 'Trường Tiểu học An Lạc',
    class: '6A1',
    commune: null,
    name,
    nameKey: nameKey(name),
    dob: dob.length === 4 ? { iso: `${dob}-01-01`, precision: 'year' } : { iso: dob, precision: 'day' },
    gender: null,
    bhxh: null,
    personalId: null,
    ...extra,
  };
}

function card(name: string, dob: string, bhxh: string, extra: Partial<Card> = {}): Card {
  return {
    index: 0,
    source: { file: 'the.xlsx', sheet: 'Danh sach', row: 1 },
    name,
    nameKey: nameKey(name),
    dob: { iso: dob, precision: 'day' },
    gender: null,
    bhxh,
    personalId: null,
    cardNumber: `HS479${bhxh}`,
    group: 'HS',
    validFrom: '2026-01-01',
    validTo: '2026-12-31',
    unit: 'TH An Lạc',
    ...extra,
  };
}

function run(pupils: Pupil[], cards: Card[]) {
  pupils.forEach((p, i) => (p.index = i));
  cards.forEach((c, i) => (c.index = i));
  return matchPupils(pupils, cards, AS_OF);
}

describe('comparisons', () => {
  it('grades names', () => {
    expect(compareNames('Nguyễn Thị Hòa', 'NGUYỄN THỊ HOÀ').level).toBe('exact');
    expect(compareNames('Nguyen Thi Hoa', 'Nguyễn Thị Hoà').level).toBe('marks');
    expect(compareNames('Trươnn Quang Thái', 'Trương Quang Thái')).toEqual({ level: 'typo', detail: 'Trươnn / Trương' });
    expect(compareNames('Trần Thị Vi', 'Trần Thị Vy').level).toBe('typo-given');
    // "Hnh" and "Oans" cannot be Vietnamese syllables: a slip of the keyboard, not another name.
    expect(compareNames('Trịnh Trà Hnh', 'Trịnh Trà Hạnh').level).toBe('typo');
    expect(compareNames('Mông Thị Đài Oans', 'Mông Thị Đài Oanh').level).toBe('typo');
    expect(compareNames('Nguyễn Ngọc Anh', 'Nguyễn Thị Ngọc Anh').level).toBe('middle');
    expect(compareNames('Nnguyễn Bình', 'Nguyễn Như Bình').level).toBe('middle-typo');
    expect(compareNames('Nguyễn Lai', 'Nguyễn Xuân La').level).toBe('middle-typo');
    expect(compareNames('Nguyn Lai', 'Nguyễn Xuân La').level).toBe('different');
    expect(compareNames('Nguyễn Văn Hùng', 'Nguyễn Văn Long').level).toBe('different');
  });

  it('grades the unit: a commune or household holding a card says nothing about the school', () => {
    expect(compareUnit('Trường Tiểu học An Lạc', 'TH An Lạc')).toBe('same');
    expect(compareUnit('Trường Tiểu học An Lạc', 'THCS Bình Chánh')).toBe('other-school');
    expect(compareUnit('Trường Tiểu học An Lạc', 'UBND xã Bình Chánh')).toBe('unknown');
    expect(compareUnit('Trường Tiểu học An Lạc', 'UBND xã Trường Long')).toBe('unknown');
    expect(compareUnit('Trường Tiểu học An Lạc', 'Trường THCS Bình Lợi')).toBe('other-school');
    expect(compareUnit('Trường Tiểu học An Lạc', null)).toBe('unknown');
  });

  it('grades birth dates', () => {
    const day = (iso: string) => ({ iso, precision: 'day' as const });
    expect(compareDob(day('2015-03-04'), day('2015-03-04'))).toBe('exact');
    expect(compareDob(day('2015-04-03'), day('2015-03-04'))).toBe('swapped');
    expect(compareDob(day('2015-03-05'), day('2015-03-04'))).toBe('off-by-one');
    expect(compareDob(day('2015-01-01'), day('2014-12-31'))).toBe('off-by-one');
    expect(compareDob({ iso: '2015-01-01', precision: 'year' }, day('2015-03-04'))).toBe('year');
    expect(compareDob(day('2016-03-04'), day('2015-03-04'))).toBe('different');
  });

  it('counts one edit, transpositions too', () => {
    expect(withinOneEdit('truong', 'truonn')).toBe(true);
    expect(withinOneEdit('hung', 'hugn')).toBe(true);
    expect(withinOneEdit('thu', 'thuy')).toBe(true);
    expect(withinOneEdit('hung', 'long')).toBe(false);
  });
});

describe('matchPupils', () => {
  it('links by code, by name and birth date, and through spelling variants', () => {
    const decisions = run(
      [pupil('Lê Văn An', '2015-02-01', { bhxh: '7912345678' }), pupil('Nguyen Thi Hoa', '2015-03-04'), pupil('Trần Thuỷ', '2015-05-06')],
      [card('Lê Văn An', '2015-02-01', '7912345678'), card('Nguyễn Thị Hoà', '2015-03-04', '7900000001'), card('TRẦN THỦY', '2015-05-06', '7900000002')],
    );
    expect(decisions.map((d) => d.status)).toEqual(['insured', 'insured', 'insured']);
    expect(decisions[0].reason).toBe('Khớp mã số BHXH; thẻ còn hạn đến 31/12/2026');
    expect(decisions[1].reason).toContain('Khớp họ tên (khác cách bỏ dấu) và ngày sinh');
  });

  it('reads validity from the cards: expired, future, TE', () => {
    const decisions = run(
      [pupil('Lê Văn An', '2015-02-01'), pupil('Lê Văn Bình', '2015-02-02'), pupil('Lê Thị Cúc', '2020-02-03')],
      [
        card('Lê Văn An', '2015-02-01', '7900000001', { validFrom: '2025-01-01', validTo: '2025-12-31' }),
        card('Lê Văn Bình', '2015-02-02', '7900000002', { validFrom: '2027-01-01', validTo: '2027-12-31' }),
        card('Lê Thị Cúc', '2020-02-03', '7900000003', { group: 'TE', cardNumber: 'TE1797900000003', validFrom: '2020-02-03', validTo: '2026-09-30' }),
      ],
    );
    expect(decisions.map((d) => d.status)).toEqual(['uninsured', 'uninsured', 'uninsured']);
    expect(decisions[0].reason).toContain('hết hạn ngày 31/12/2025');
    expect(decisions[1].reason).toContain('có giá trị từ 01/01/2027');
    expect(decisions[2].reason).toContain('(TE) hết hạn ngày 30/09/2026');
  });

  it('uses one valid card among old ones', () => {
    // The renewal repeats the old card but for its dates: it is compared once, and still counts.
    const [decision] = run(
      [pupil('Lê Văn An', '2015-02-01')],
      [card('Lê Văn An', '2015-02-01', '7900000001', { validFrom: '2025-01-01', validTo: '2025-12-31' }), card('Lê Văn An', '2015-02-01', '7900000001')],
    );
    expect(decision).toMatchObject({ status: 'insured', card: 1 });
  });

  it('accepts swapped, off-by-one and year-only birth dates and a mistyped code', () => {
    const decisions = run(
      [pupil('Phạm Minh Đức', '2015-04-03'), pupil('Phạm Minh Tâm', '2015-03-05'), pupil('Phạm Minh Hải', '2015'), pupil('Hứa Thúy Hòa', '2016-03-09', { bhxh: '7900473543' })],
      [card('Phạm Minh Đức', '2015-03-04', '7900000001'), card('Phạm Minh Tâm', '2015-03-04', '7900000002'), card('Phạm Minh Hải', '2015-07-08', '7900000003'), card('Hứa Thúy Hòa', '2016-03-09', '7900463543')],
    );
    expect(decisions.map((d) => d.status)).toEqual(['insured', 'insured', 'insured', 'insured']);
    expect(decisions[0].reason).toContain('đảo ngày/tháng');
    expect(decisions[3].reason).toContain('sai một chữ số');
  });

  it('never insures a twin through the other twin\'s card', () => {
    const decisions = run(
      [pupil('Nguyễn Thị Vy', '2015-06-07'), pupil('Nguyễn Thị Vi', '2015-06-07')],
      [card('Nguyễn Thị Vy', '2015-06-07', '7900000001')],
    );
    expect(decisions[0].status).toBe('insured');
    expect(decisions[1].status).not.toBe('insured');
  });

  it('sends namesakes to review: same name and birth date, card of another school', () => {
    const [decision] = run([pupil('Trần Văn Nam', '2015-06-07', { gender: 'M' })], [card('Trần Văn Nam', '2015-06-07', '7900000001', { gender: 'M', unit: 'TH Bình Chánh' })]);
    expect(decision.status).toBe('review');
    expect(decision.reason).toContain('đơn vị khác');
  });

  it('takes the card under the pupil\'s own school over a namesake\'s household card', () => {
    const [decision] = run(
      [pupil('Mai Xuân Đức', '2020-01-04', { gender: 'M' })],
      [card('Mai Xuân Đức', '2020-01-04', '7900000001', { gender: 'M', unit: 'UBND xã Bình Hưng', group: 'GD' }), card('Mai Xuân Đức', '2020-01-04', '7900000002', { gender: 'M' })],
    );
    expect(decision).toMatchObject({ status: 'insured', card: 1 });
  });

  it('gives namesakes in two schools a card each when the cards hold two people of that name and birth date', () => {
    const decisions = run(
      [pupil('Trần Văn Nam', '2015-06-07', { school: 'Trường Tiểu học An Lạc' }), pupil('Trần Văn Nam', '2015-06-07', { school: 'Trường Tiểu học Bình Chánh' })],
      [card('Trần Văn Nam', '2015-06-07', '7900000001', { unit: 'UBND xã An Lạc', group: 'GD' }), card('Trần Văn Nam', '2015-06-07', '7900000002', { unit: 'UBND xã Bình Hưng', group: 'HN' })],
    );
    expect(decisions.map((d) => d.status)).toEqual(['insured', 'insured']);
    expect(new Set(decisions.map((d) => d.card))).toEqual(new Set([0, 1]));
  });

  it('sends a pupil matching two cards equally to review', () => {
    const [decision] = run([pupil('Trần Văn Nam', '2015-06-07')], [card('Trần Văn Nam', '2015-06-07', '7900000001'), card('Trần Văn Nam', '2015-06-07', '7900000002')]);
    expect(decision).toMatchObject({ status: 'review', reason: 'Trùng họ tên và ngày sinh với 2 thẻ: cần kiểm tra' });
    expect(decision.candidates).toHaveLength(2);
  });

  it('accepts a one-letter slip in the middle name with the birth year when the card is under the pupil\'s own school', () => {
    const [decision] = run([pupil('Hoàng Vă Trọng', '2017', { gender: 'M' })], [card('Hoàng Văn Trọng', '2017-03-09', '0155774143', { gender: 'M', unit: 'TH An Lạc' })]);
    expect(decision).toMatchObject({ status: 'insured', method: 'fuzzy' });
    expect(decision.reason).toContain('Vă / Văn');
  });

  it('keeps the same slip in review when the card is a household\'s', () => {
    const [decision] = run([pupil('Hoàng Vă Trọng', '2017', { gender: 'M' })], [card('Hoàng Văn Trọng', '2017-03-09', '0155774143', { gender: 'M', unit: 'UBND xã Tân Túc' })]);
    expect(decision.status).toBe('review');
  });

  it('calls a pupil uninsured, not to review, when no near-matching card is valid anyway', () => {
    const [decision] = run(
      [pupil('Lê Thị Uyên', '2020-04-01')],
      [card('Lê Thị Uyên', '2020-04-01', '7985557398', { group: 'TE', unit: 'UBND xã An Phú Tây', validFrom: '2020-04-30', validTo: '2026-09-30' }), card('Lê Thị Uyên', '2020-04-01', '7985557399', { group: 'TE', unit: 'UBND xã Bình Lợi', validFrom: '2020-05-30', validTo: '2026-09-30' })],
    );
    expect(decision.status).toBe('uninsured');
    expect(decision.reason).toBe('Không tìm thấy thẻ còn hạn; 2 thẻ gần khớp đều không còn hạn');
    expect(decision.candidates).toHaveLength(2);
  });

  it('finds cards whose name and birth date both hold a typing error', () => {
    const decisions = run(
      [
        pupil('Bùi Ngọc Tài', '2020-02-06', { gender: 'M' }),
        pupil('Nguyễn Ngọc Hoàng', '2015-12-31', { gender: 'M' }),
        pupil('Trnầ Thị Khánh Anh', '2017', { gender: 'F' }),
        pupil('Trương Như Duy', '2018-04-06', { gender: 'M' }),
      ],
      [
        card('Biù Ngọc Tài', '2020-02-05', '7900764618', { gender: 'M' }),
        card('Nguyễn Ngọc Hoàng', '2016-01-01', '7992243418', { gender: 'M' }),
        card('Trần Thị Khánh Anh', '2017-02-04', '7916307116', { gender: 'F' }),
        card('Trươg Như Duy', '2018-06-04', '7991634359', { gender: 'M' }),
      ],
    );
    expect(decisions.map((d) => d.card)).toEqual([0, 1, 2, 3]);
    expect(decisions.map((d) => d.status)).toEqual(['insured', 'insured', 'insured', 'insured']);
  });

  it('does not take Vi for Vy (two real names) on a household\'s card, but does on a card of the pupil\'s own school', () => {
    const decisions = run(
      [pupil('Trần Thị Vi', '2015-06-07', { gender: 'F' }), pupil('Lê Thị Vi', '2015-06-08', { gender: 'F' })],
      [card('Trần Thị Vy', '2015-06-07', '7900000001', { gender: 'F', unit: 'UBND xã An Lạc', group: 'GD' }), card('Lê Thị Vy', '2015-06-08', '7900000002', { gender: 'F' })],
    );
    expect(decisions.map((d) => d.status)).toEqual(['review', 'insured']);
  });

  it('does not trust a sibling\'s code: the pupil whose own card is not found stays uninsured', () => {
    const decisions = run(
      [pupil('Lê Văn Hùng', '2015-02-01', { bhxh: '7900000009' }), pupil('Lê Văn Tú', '2016-02-01', { bhxh: '7900000009' })],
      [card('Lê Thị Lan', '2012-09-09', '7900000009'), card('Lê Văn Tú', '2016-02-01', '7900000008')],
    );
    expect(decisions[0]).toMatchObject({ status: 'uninsured', method: 'bhxh-conflict', flags: ['code-mismatch'] });
    expect(decisions[0].reason).toContain('Lê Thị Lan');
    expect(decisions[1]).toMatchObject({ status: 'insured', flags: ['code-mismatch'] });
  });

  it('does not trust a code whose card holder shares only the family and given name, of the other sex and another birth date', () => {
    const [decision] = run(
      [pupil('Phạm Khắc Tráng', '2012-01-30', { gender: 'M', bhxh: '7983123102' })],
      [card('Phạm Thị Bích Trang', '2010-10-10', '7983123102', { gender: 'F', unit: 'THCS Bình Trị Đông' })],
    );
    expect(decision.status).not.toBe('insured');
    expect(decision.flags).toContain('code-mismatch');
  });

  it('takes the same rare name and birth date in two schools with one card for one child listed twice, flagged on both rows', () => {
    const decisions = run(
      [pupil('Đào Lê Khởi Phong', '2015-05-16', { school: 'Trường Tiểu học An Lạc' }), pupil('Đào Lê Khởi Phong', '2015-05-16', { school: 'Trường Tiểu học Bình Chánh' })],
      [card('Đào Lê Khởi Phong', '2015-05-16', '7926171659')],
    );
    expect(decisions.map((d) => d.status)).toEqual(['insured', 'insured']);
    expect(decisions[1].reason).toContain('có tên cả ở Trường Tiểu học An Lạc (chuyển trường?)');
    expect(decisions.every((d) => d.flags.includes('duplicate'))).toBe(true);
  });

  it('checks the row away from the card\'s school when the name is common, an ID or the commune or the sex differs', () => {
    const twoSchools = (name: string, dob: string, second: Partial<Pupil> = {}, first: Partial<Pupil> = {}) => [
      pupil(name, dob, { school: 'Trường Tiểu học An Lạc', ...first }),
      pupil(name, dob, { school: 'Trường Tiểu học Bình Chánh', ...second }),
    ];
    const cases: [Pupil[], Card[]][] = [
      // Another Nguyễn Thị Trang born in 2015 holds a card: a namesake born the same day is no surprise.
      [twoSchools('Nguyễn Thị Trang', '2015-05-16'), [card('Nguyễn Thị Trang', '2015-05-16', '7926171659'), card('Nguyễn Thị Trang', '2015-09-02', '7926171660', { unit: 'TH Tân Kiên' })]],
      [twoSchools('Đào Lê Khởi Phong', '2015-05-16', { bhxh: '7900000001' }), [card('Đào Lê Khởi Phong', '2015-05-16', '7926171659')]],
      [twoSchools('Đào Lê Khởi Phong', '2015-05-16', { commune: 'Xã Tân Kiên' }, { commune: 'Xã An Phú Tây' }), [card('Đào Lê Khởi Phong', '2015-05-16', '7926171659')]],
      [twoSchools('Đào Lê Khởi Phong', '2015-05-16', { gender: 'F' }, { gender: 'M' }), [card('Đào Lê Khởi Phong', '2015-05-16', '7926171659')]],
    ];
    for (const [pupils, cards] of cases) {
      const decisions = run(pupils, cards);
      expect(decisions[0].status).toBe('insured');
      expect(decisions[1].status, pupils[1].name).not.toBe('insured');
      expect(decisions.every((d) => d.flags.includes('duplicate'))).toBe(true);
    }
  });

  it('treats a transfer whose second list has a typo as one child when the rows share a commune', () => {
    const decisions = run(
      [
        pupil('Nguyễn Văn Phúc', '2015-05-16', { school: 'Trường Tiểu học An Lạc', commune: 'Xã Tân Kiên' }),
        pupil('Nguyễn Vn Phúc', '2015-05-16', { school: 'Trường Tiểu học Bình Chánh', commune: 'Xã Tân Kiên' }),
      ],
      [card('Nguyễn Văn Phúc', '2015-05-16', '7926171659', { unit: 'UBND xã Tân Kiên', group: 'GD' })],
    );
    expect(decisions.map((d) => d.status)).toEqual(['insured', 'insured']);
    expect(decisions.every((d) => d.flags.includes('duplicate'))).toBe(true);
  });

  it('finds a card by the personal ID alone when no name or date key can', () => {
    // A typo in the family name and another birth day: only the ID leads to the card.
    const decisions = run(
      [pupil('Nguyễm Văn An', '2015-05-16', { gender: 'M', personalId: '079215123456' })],
      [card('Nguyễn Văn An', '2015-06-20', '7926171659', { gender: 'M', personalId: '079215123456' }), card('Nguyễn Văn An', '2015-06-20', '7926171660', { gender: 'M', personalId: '079215123457' })],
    );
    expect(decisions[0]).toMatchObject({ status: 'insured', method: 'personal-id', card: 0 });
  });

  it('insures both rows of a transfer when their IDs agree', () => {
    const decisions = run(
      [
        pupil('Đào Lê Khởi Phong', '2015-05-16', { school: 'Trường Tiểu học An Lạc', personalId: '079215123456' }),
        pupil('Đào Lê Khởi Phong', '2015-05-16', { school: 'Trường Tiểu học Bình Chánh', personalId: '079215123456' }),
      ],
      [card('Đào Lê Khởi Phong', '2015-05-16', '7926171659')],
    );
    expect(decisions.map((d) => d.status)).toEqual(['insured', 'insured']);
    expect(decisions.every((d) => d.flags.includes('duplicate'))).toBe(true);
  });

  it('does not insure a namesake in the same school through the other row\'s card', () => {
    const decisions = run(
      [pupil('Lê Văn An', '2015-02-01', { class: '3A', bhxh: '7912345678' }), pupil('Lê Văn An', '2015-02-01', { class: '3B' })],
      [card('Lê Văn An', '2015-02-01', '7912345678')],
    );
    expect(decisions.map((d) => d.status)).toEqual(['insured', 'review']);
    expect(decisions[1].reason).toContain('cùng trường (lớp 3A)');
  });

  it('flags a child listed in two schools even without any card, marks or not', () => {
    const decisions = run(
      [pupil('Lò Văn Sáng', '2015-05-16', { school: 'Trường Tiểu học An Lạc' }), pupil('Lo Van Sang', '2015-05-16', { school: 'Trường Tiểu học Bình Chánh' })],
      [card('Lê Văn An', '2015-02-01', '7912345678')],
    );
    expect(decisions.map((d) => [d.status, d.flags])).toEqual([
      ['uninsured', ['duplicate']],
      ['uninsured', ['duplicate']],
    ]);
  });
});

describe('first-graders', () => {
  it('names an expired under-six card even when the number does not show the group', () => {
    const [decision] = run(
      [pupil('Lê Thị Cúc', '2020-02-03')],
      [card('Lê Thị Cúc', '2020-02-03', '7900000003', { group: null, cardNumber: '7900000003', validFrom: '2020-02-03', validTo: '2026-09-30' })],
    );
    expect(decision.reason).toContain('thẻ trẻ em dưới 6 tuổi (TE) hết hạn ngày 30/09/2026');
  });
});

describe('two pupils of different schools matching one card well', () => {
  it('are both flagged as maybe listed twice', () => {
    const decisions = run(
      [pupil('Nguyễn Ngọc Tuấn', '2018-06-09', { school: 'Trường Tiểu học An Lạc' }), pupil('Nguyễn Ngọc Tuấn', '2018-06-08', { school: 'Trường Tiểu học Bình Chánh' })],
      [card('Nguyễn Ngọc Tuấn', '2018-06-09', '7991182718', { unit: null })],
    );
    expect(decisions[0]).toMatchObject({ status: 'insured', flags: ['duplicate'] });
    expect(decisions[1].flags).toEqual(['duplicate']);
    expect(decisions[0].reason).toContain('gần trùng với học sinh ở Trường Tiểu học Bình Chánh');
    expect(decisions[1].reason).toContain('gần trùng với học sinh ở Trường Tiểu học An Lạc');
  });
});

describe('agreementOf', () => {
  it('says what agrees and what differs between a pupil and a candidate card, for the review sheet', () => {
    const agreement = agreementOf(pupil('Hoàng Vă Trọng', '2017', { gender: 'M' }), card('Hoàng Văn Trọng', '2017-03-09', '0155774143', { gender: 'M', unit: 'TH Bình Chánh' }));
    expect(agreement).toEqual({ agrees: ['năm sinh'], differs: ['họ tên (sai một chữ: Vă / Văn)', 'thẻ thuộc trường khác'] });
  });
});

/** XML Spreadsheet 2003 files saved as .xls: worksheets, ss:Index gaps, merges, typed data. */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeSpreadsheetMlBytes, readSpreadsheetMl } from '../../src/read/spreadsheet-ml.js';

const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

const WORKBOOK = `<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:html="http://www.w3.org/TR/REC-html40">
 <Styles><Style ss:ID="s21"><NumberFormat ss:Format="@"/></Style></Styles>
 <Worksheet ss:Name="Lớp 5A">
  <Table ss:ExpandedColumnCount="6" ss:ExpandedRowCount="9" x:FullColumns="1">
   <Column ss:Width="30"/>
   <Row>
    <Cell ss:MergeAcross="5"><Data ss:Type="String">TRƯỜNG TIỂU HỌC AN LẠC</Data></Cell>
   </Row>
   <Row ss:Index="3">
    <Cell><Data ss:Type="String">STT</Data></Cell><Cell><Data ss:Type="String">Họ và tên</Data></Cell>
    <Cell><Data ss:Type="String">Ngày sinh</Data></Cell><Cell><Data ss:Type="String">Mã số BHXH</Data></Cell>
    <Cell ss:Index="6"><Data ss:Type="String">Có thẻ</Data></Cell>
   </Row>
   <Row>
    <Cell><Data ss:Type="Number">1</Data></Cell>
    <Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>Nguy&#7877;n</B><Font html:Color="#FF0000"> Văn An</Font></ss:Data><Comment ss:Author="GV"><ss:Data><B>ghi chú</B></ss:Data></Comment></Cell>
    <Cell ss:StyleID="s22"><Data ss:Type="DateTime">2015-09-05T00:00:00.000</Data></Cell>
    <Cell ss:StyleID="s21"><Data ss:Type="String">0123456789</Data></Cell>
    <Cell ss:Index="6"><Data ss:Type="Boolean">1</Data></Cell>
   </Row>
   <Row ss:AutoFitHeight="0" ss:Span="1"/>
   <Row>
    <Cell><Data ss:Type="Number">2</Data></Cell><Cell><Data ss:Type="String">Trần Thị &amp; Bình</Data></Cell>
    <Cell><Data ss:Type="DateTime">2015-01-12T00:00:00.000</Data></Cell><Cell><Data ss:Type="Number">7912345679</Data></Cell>
    <Cell ss:Index="6"><Data ss:Type="Boolean">0</Data></Cell>
   </Row>
   <Row ss:Index="9"><Cell ss:MergeAcross="2"><Data ss:Type="String">Tổng cộng</Data></Cell><Cell><Data ss:Type="Number">2.5</Data></Cell><Cell><Data ss:Type="Error">#N/A</Data></Cell><Cell><Data ss:Type="String"></Data></Cell></Row>
  </Table>
  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Selected/></WorksheetOptions>
 </Worksheet>
 <Worksheet ss:Name="Lớp 5B">
  <Table>
   <Row ss:Index="2"><Cell ss:Index="2"><Data ss:Type="String"><![CDATA[Lê <Cường>]]></Data></Cell></Row>
  </Table>
 </Worksheet>
 <Worksheet ss:Name="Trống"><Table/></Worksheet>
</Workbook>`;

describe('readSpreadsheetMl', () => {
  it('reads worksheets by name with ss:Index gaps, MergeAcross, typed data and rich text', () => {
    expect(readSpreadsheetMl(WORKBOOK)).toEqual([
      {
        name: 'Lớp 5A',
        rows: [
          { row: 1, cells: ['TRƯỜNG TIỂU HỌC AN LẠC'] },
          { row: 3, cells: ['STT', 'Họ và tên', 'Ngày sinh', 'Mã số BHXH', null, 'Có thẻ'] },
          { row: 4, cells: [1, 'Nguyễn Văn An', utc(2015, 9, 5), '0123456789', null, true] },
          { row: 7, cells: [2, 'Trần Thị & Bình', utc(2015, 1, 12), 7912345679, null, false] },
          { row: 9, cells: ['Tổng cộng', null, null, 2.5] },
        ],
      },
      { name: 'Lớp 5B', rows: [{ row: 2, cells: [null, 'Lê <Cường>'] }] },
      { name: 'Trống', rows: [] },
    ]);
  });

  it('takes prefixed element names and reads what a truncated file holds, without the value it cuts off', () => {
    const text = `<ss:Workbook xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><ss:Worksheet ss:Name="A"><ss:Table>
      <ss:Row><ss:Cell><ss:Data ss:Type="String">x</ss:Data></ss:Cell></ss:Row>
      <ss:Row><ss:Cell><ss:Data ss:Type="Number">4</ss:Data></ss:Cell><ss:Cell><ss:Data ss:Type="Number">12`;
    expect(readSpreadsheetMl(text)).toEqual([{ name: 'A', rows: [{ row: 1, cells: ['x'] }, { row: 2, cells: [4] }] }]);
  });

  it('is linear on a large sheet', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `<Row><Cell><Data ss:Type="Number">${i}</Data></Cell><Cell><Data ss:Type="String">Tên ${i}</Data></Cell></Row>`).join('');
    const started = performance.now();
    const [sheet] = readSpreadsheetMl(`<Workbook><Worksheet ss:Name="S"><Table>${rows}</Table></Worksheet></Workbook>`);
    expect(sheet.rows).toHaveLength(20_000);
    expect(sheet.rows[19_999]).toEqual({ row: 20_000, cells: [19_999, 'Tên 19999'] });
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('decodes the bytes by BOM or XML declaration', () => {
    expect(decodeSpreadsheetMlBytes(Buffer.from(`\ufeff${WORKBOOK}`, 'utf8'))).toBe(WORKBOOK);
    expect(decodeSpreadsheetMlBytes(Buffer.from(WORKBOOK, 'utf8'))).toBe(WORKBOOK);
    const latin = '<?xml version="1.0" encoding="ISO-8859-1"?><Workbook><Worksheet ss:Name="Caf\u00e9"/></Workbook>';
    expect(decodeSpreadsheetMlBytes(iconv.encode(latin, 'latin1'))).toBe(latin);
    expect(decodeSpreadsheetMlBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(WORKBOOK, 'utf16le')]))).toBe(WORKBOOK);
  });
});

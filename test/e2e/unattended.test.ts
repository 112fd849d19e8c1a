/**
 * The report and the unattended job through the CLI entry: run history, `report`,
 * `history`, `init` + `run` from a config file, the lock, logs, --fail-under, --json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/terminal.js';
import type { Summary } from '../../src/render/model.js';
import type { Report } from '../../src/report/model.js';
import { acquireLock } from '../../src/store/lock.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const ROSTERS = path.join(FIXTURES, 'rosters');
const CARDS = [path.join(FIXTURES, 'cards', 'the-bhyt.xlsx'), path.join(FIXTURES, 'cards', 'the-bhyt.csv')];
const folders: string[] = [];

function temporaryFolder(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bhyt-job-'));
  folders.push(folder);
  return folder;
}

afterAll(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

async function cli(args: string[], cwd: string) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const output: Output = { out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTerminal: false, env: {} };
  const code = await run(args, output, cwd);
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

describe('reconcile records runs; report and history read them', () => {
  const cwd = temporaryFolder();
  const out = (asOf: string) => path.join(cwd, `bhyt-${asOf}`);

  it('records each run in bhyt-data beside the outputs', async () => {
    expect((await cli(['reconcile', ROSTERS, ...CARDS, '--as-of', '2026-10-01', '--quiet'], cwd)).code).toBe(0);
    expect((await cli(['reconcile', ROSTERS, ...CARDS, '--as-of', '2026-11-15', '--quiet'], cwd)).code).toBe(0);
    expect(fs.readdirSync(path.join(cwd, 'bhyt-data', 'runs'))).toHaveLength(2);
    expect(fs.readdirSync(path.join(cwd, 'bhyt-data', 'logs'))).toHaveLength(2);
  });

  it('history lists the runs with their totals', async () => {
    const history = await cli(['history'], cwd);
    expect(history.code).toBe(0);
    expect(history.stdout).toContain('01/10/2026');
    expect(history.stdout).toContain('15/11/2026');
    const runs = JSON.parse((await cli(['history', '--json'], cwd)).stdout) as { asOf: string; totals: { students: number } }[];
    expect(runs.map((r) => r.asOf)).toEqual(['2026-10-01', '2026-11-15']);
  });

  it('reports on the latest run with the figures of its summary.json and the change since the previous run', async () => {
    const result = await cli(['report', '--target', '100', '--format', 'xlsx,html,csv,md', '--json', '--office', 'Phòng GD&ĐT Bình Chánh', '--place', 'Bình Chánh'], cwd);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    const summary = readJson<Summary>(path.join(out('2026-11-15'), 'summary.json'));
    expect(report.asOf).toBe('2026-11-15');
    expect(report.totals).toMatchObject({ students: summary.totals.students, insured: summary.totals.insured, coverage: summary.totals.coverage });
    for (const school of summary.schools) {
      expect(report.groups.find((g) => g.group === school.school)).toMatchObject({ students: school.students, insured: school.insured, coverage: school.coverage });
    }
    expect(report.previous?.asOf).toBe('2026-10-01');
    expect(report.trend.map((t) => t.asOf)).toEqual(['2026-10-01', '2026-11-15']);
    expect(report.sentence).toMatch(/^Toàn địa bàn có 115 học sinh, đã tham gia BHYT \d+ em, đạt \d+,\d\d%; \d+\/5 trường đạt chỉ tiêu 100%; còn \d+ em chưa tham gia/);
    const below = report.groups.filter((g) => g.coverage < 100);
    expect(below.every((g) => g.needed === g.students - g.insured)).toBe(true);
    for (const ext of ['xlsx', 'html', 'csv', 'md']) expect(fs.existsSync(path.join(out('2026-11-15'), `bao-cao-bhyt-2026-11-15-school.${ext}`))).toBe(true);
  });

  it('reports on an older run with --run, and prints the report on the terminal without escape codes', async () => {
    const result = await cli(['report', '--run', out('2026-10-01'), '--format', 'md'], cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Toàn địa bàn có 115 học sinh');
    expect(result.stdout + result.stderr).not.toMatch(/\u001b/);
    expect(fs.readFileSync(path.join(out('2026-10-01'), 'bao-cao-bhyt-2026-10-01-school.md'), 'utf8')).toContain('| ');
  });

  it('keeps personal data out of the logs', () => {
    const logs = fs.readdirSync(path.join(cwd, 'bhyt-data', 'logs')).map((f) => fs.readFileSync(path.join(cwd, 'bhyt-data', 'logs', f), 'utf8'));
    const firstPupil = fs.readFileSync(path.join(out('2026-11-15'), 'students.ndjson'), 'utf8').split('\n')[0];
    const someName = (JSON.parse(firstPupil) as { name: string }).name;
    expect(logs.join('\n')).toContain('học sinh');
    expect(logs.join('\n')).not.toContain(someName);
  });
});

describe('report by commune', () => {
  it('groups by the roster\'s commune column', async () => {
    const cwd = temporaryFolder();
    const rosters = path.join(cwd, 'ds');
    fs.mkdirSync(rosters);
    fs.writeFileSync(
      path.join(rosters, 'TH_An_Lac.csv'),
      '\ufeffSTT,Họ và tên,Ngày sinh,Mã số BHXH,Xã/Phường\n1,Lê Văn An,01/02/2015,7912345678,Xã Tân Kiên\n2,Lê Thị Bình,02/03/2015,7912345679,Xã Tân Kiên\n3,Trần Văn Cường,03/04/2015,,Xã An Phú Tây\n',
    );
    fs.writeFileSync(
      path.join(cwd, 'the.csv'),
      'MA_SO_BHXH;HO_TEN;NGAY_SINH;HAN_THE_TU;HAN_THE_DEN;TEN_DVI\n7912345678;Lê Văn An;01/02/2015;01/01/2026;31/12/2026;TH An Lạc\n7912345679;Lê Thị Bình;02/03/2015;01/01/2026;31/12/2026;TH An Lạc\n',
    );
    expect((await cli(['reconcile', rosters, path.join(cwd, 'the.csv'), '--as-of', '2026-11-15', '--quiet'], cwd)).code).toBe(0);
    const report = JSON.parse((await cli(['report', '--group-by', 'commune', '--format', 'html', '--json'], cwd)).stdout) as Report;
    expect(report.groups.map((g) => [g.group, g.students, g.insured, g.needed])).toEqual([
      ['Xã An Phú Tây', 1, 0, 1],
      ['Xã Tân Kiên', 2, 2, 0],
    ]);
    expect(report.sentence).toContain('1/2 xã/phường đạt chỉ tiêu 100%');
  });
});

describe('the scheduled job: init, config, run', () => {
  it('init writes a commented config that run uses; a second init refuses to overwrite', async () => {
    const cwd = temporaryFolder();
    expect((await cli(['init'], cwd)).code).toBe(0);
    const file = path.join(cwd, 'bhyt.config.jsonc');
    expect(fs.readFileSync(file, 'utf8')).toMatch(/\/\//);
    expect((await cli(['init'], cwd)).code).toBe(1);
    fs.writeFileSync(
      file,
      `// set up by the test\n{\n  "rosters": ${JSON.stringify(ROSTERS)},\n  "cards": ${JSON.stringify(CARDS)},\n  "outDir": "ket-qua",\n  "asOf": "15/11/2026",\n  "office": "Phòng GD&ĐT Bình Chánh",\n  "keepRuns": 1,\n}\n`,
    );
    const first = await cli(['run', '--quiet'], cwd);
    expect(first.code).toBe(0);
    const outFolder = path.join(cwd, 'ket-qua', 'bhyt-2026-11-15');
    for (const name of ['summary.json', 'students.ndjson', 'tong-hop.xlsx', 'truong', 'bao-cao-bhyt-2026-11-15-school.xlsx', 'bao-cao-bhyt-2026-11-15-school.html']) {
      expect(fs.existsSync(path.join(outFolder, name)), name).toBe(true);
    }
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(outFolder, 'bao-cao-bhyt-2026-11-15-school.xlsx'));
    expect(workbook.worksheets[0].pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape' });
    expect((await cli(['run', '--quiet'], cwd)).code).toBe(0);
    // keepRuns 1: the older run record and log were pruned.
    expect(fs.readdirSync(path.join(cwd, 'ket-qua', 'bhyt-data', 'runs'))).toHaveLength(1);
    expect(fs.readdirSync(path.join(cwd, 'ket-qua', 'bhyt-data', 'logs'))).toHaveLength(1);
  });

  it('command-line options override the config', async () => {
    const cwd = temporaryFolder();
    fs.writeFileSync(path.join(cwd, 'bhyt.config.jsonc'), `{ "rosters": ${JSON.stringify(ROSTERS)}, "cards": ${JSON.stringify(CARDS)}, "asOf": "2026-01-01" }`);
    const result = await cli(['reconcile', '--as-of', '2026-11-15', '--json'], cwd);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as Summary).asOf).toBe('2026-11-15');
  });

  it('a config error names the key, the value and what is allowed', async () => {
    const cwd = temporaryFolder();
    fs.writeFileSync(path.join(cwd, 'bhyt.config.jsonc'), '{ "target": 120, "traget": 90 }');
    const result = await cli(['run'], cwd);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"target"');
    expect(result.stderr).toContain('120');
    expect(result.stderr).toContain('traget');
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('refuses with 75 while another run holds the lock, naming it', async () => {
    const cwd = temporaryFolder();
    const data = path.join(cwd, 'bhyt-data');
    fs.mkdirSync(data);
    const lock = await acquireLock(data, { command: 'test' });
    try {
      const result = await cli(['reconcile', ROSTERS, ...CARDS, '--as-of', '2026-11-15', '--out', path.join(cwd, 'out')], cwd);
      expect(result.code).toBe(75);
      expect(result.stderr).toContain(`pid ${process.pid}`);
      expect(fs.existsSync(path.join(cwd, 'out'))).toBe(false);
    } finally {
      lock.release();
    }
  });

  it('--fail-under exits 4 when coverage is below it, 0 when above', async () => {
    const cwd = temporaryFolder();
    const base = ['reconcile', ROSTERS, ...CARDS, '--as-of', '2026-11-15', '--quiet'];
    const below = await cli([...base, '--fail-under', '99'], cwd);
    expect(below.code).toBe(4);
    expect(below.stderr).toContain('--fail-under');
    expect((await cli([...base, '--fail-under', '50'], cwd)).code).toBe(0);
  });

  it('--json prints only the summary on stdout', async () => {
    const cwd = temporaryFolder();
    const result = await cli(['reconcile', ROSTERS, ...CARDS, '--as-of', '2026-11-15', '--json'], cwd);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as Summary;
    expect(summary.totals.students).toBe(115);
    expect(result.stdout + result.stderr).not.toMatch(/\u001b/);
  });

  it('report warns when an input changed after the run', async () => {
    const cwd = temporaryFolder();
    const rosters = path.join(cwd, 'ds');
    fs.cpSync(ROSTERS, rosters, { recursive: true });
    expect((await cli(['reconcile', rosters, ...CARDS, '--as-of', '2026-11-15', '--quiet'], cwd)).code).toBe(0);
    const changed = path.join(rosters, '03_TH_Tan_Phu', 'lop-1a.csv');
    fs.appendFileSync(changed, '\n');
    const result = await cli(['report', '--format', 'md'], cwd);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('đã thay đổi sau lần chạy');
    expect(result.stderr).toContain('lop-1a.csv');
  });
});

describe('outputs inside the rosters folder', () => {
  it('are not read as rosters by the next run', async () => {
    const cwd = temporaryFolder();
    const rosters = path.join(cwd, 'ds');
    fs.cpSync(ROSTERS, rosters, { recursive: true });
    const first = await cli(['reconcile', '.', ...CARDS, '--as-of', '2026-11-15', '--json'], rosters);
    expect(first.code).toBe(0);
    expect(fs.existsSync(path.join(rosters, 'bhyt-2026-11-15', 'tong-hop.xlsx'))).toBe(true);
    const second = await cli(['reconcile', '.', ...CARDS, '--as-of', '2026-11-15', '--json'], rosters);
    expect(second.code).toBe(0);
    expect((JSON.parse(second.stdout) as Summary).totals.students).toBe((JSON.parse(first.stdout) as Summary).totals.students);
  });
});

describe('--out never destroys what bhyt did not write', () => {
  it('refuses an existing file or a folder of other files, and leaves them as they were', async () => {
    const cwd = temporaryFolder();
    const file = path.join(cwd, 'ket-qua');
    fs.writeFileSync(file, 'not a folder');
    const intoFile = await cli(['reconcile', ROSTERS, ...CARDS, '--as-of', '2026-11-15', '--out', file, '--quiet'], cwd);
    expect(intoFile.code).toBe(1);
    expect(fs.readFileSync(file, 'utf8')).toBe('not a folder');

    const folder = path.join(cwd, 'BHXH');
    fs.mkdirSync(folder);
    fs.copyFileSync(CARDS[0], path.join(folder, 'the-bhyt.xlsx'));
    fs.writeFileSync(path.join(folder, 'cong-van.docx'), 'letter');
    const intoInputs = await cli(['reconcile', ROSTERS, path.join(folder, 'the-bhyt.xlsx'), '--as-of', '2026-11-15', '--out', folder, '--quiet'], cwd);
    expect(intoInputs.code).toBe(1);
    expect(intoInputs.stderr).toContain('không phải kết quả của bhyt');
    expect(fs.readdirSync(folder).sort()).toEqual(['cong-van.docx', 'the-bhyt.xlsx']);
  });

  it('replaces its own earlier result and accepts an empty folder', async () => {
    const cwd = temporaryFolder();
    const out = path.join(cwd, 'out');
    fs.mkdirSync(out);
    const args = ['reconcile', ROSTERS, ...CARDS, '--as-of', '2026-11-15', '--out', out, '--quiet'];
    expect((await cli(args, cwd)).code).toBe(0);
    expect((await cli(args, cwd)).code).toBe(0);
    expect(fs.existsSync(path.join(out, 'summary.json'))).toBe(true);
  });
});

describe('files that hold nothing', () => {
  it('are named as errors (exit 3), and the other files still count', async () => {
    const cwd = temporaryFolder();
    const rosters = path.join(cwd, 'ds');
    fs.cpSync(path.join(ROSTERS, '03_TH_Tan_Phu'), rosters, { recursive: true });
    fs.writeFileSync(path.join(rosters, 'trong.csv'), '');
    fs.writeFileSync(path.join(rosters, 'chi-tieu-de.csv'), 'STT,Họ và tên,Ngày sinh\n');
    fs.writeFileSync(path.join(rosters, 'rac.txt'), Buffer.from([0, 1, 2, 3, 250, 251, 252, 0, 7]));
    const result = await cli(['reconcile', rosters, ...CARDS, '--as-of', '2026-11-15', '--json'], cwd);
    expect(result.code).toBe(3);
    const summary = JSON.parse(result.stdout) as Summary;
    const named = summary.problems.filter((p) => p.level === 'error').map((p) => p.file).sort();
    expect(named).toEqual(['chi-tieu-de.csv', 'rac.txt', 'trong.csv']);
    expect(summary.totals.students).toBe(22);
  });
});

/**
 * End to end on a finished `table1 --scale smoke` run: `npasd report` writes every chart (Fig. 4
 * from the fig4.json the score stage wrote) and the report, the same chart files byte for byte
 * when run again, the report holds the paper's numbers and ours for every cell; a run made
 * before the score stage wrote fig4.json gets a warning instead of Fig. 4; a directory that is
 * not a finished run is refused (the CLI: exit 2).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { reproduce } from '../../src/experiment/runner.ts';
import { PAPER_SNRS, PAPER_TABLE1 } from '../../src/evaluate/table.ts';
import { writeFigures } from '../../src/report/stage.ts';
import { parseCsv } from '../../src/report/runFiles.ts';
import { figureMessages } from '../../src/messages/index.ts';

const root = mkdtempSync(join(tmpdir(), 'npasd-figures-'));
test.after(() => rmSync(root, { recursive: true, force: true }));
const runDir = join(root, 'run');
const quiet = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;

before(async () => {
  await reproduce({
    spec: 'table1',
    scale: 'smoke',
    out: runDir,
    cacheDir: join(root, 'cache'),
    jobs: 1,
    stream: quiet,
  });
});

const CHARTS = ['fig3-roc', 'fig4-detection', 'metrics-vs-snr', 'training-curves'];

test('figures: every chart and the report; the same files when run twice', async () => {
  const a = await writeFigures(runDir);
  assert.deepEqual(a.warnings, []);
  assert.deepEqual(
    a.charts.map((f) => f.slice(runDir.length + 1)),
    CHARTS.flatMap((c) => ['.vl.json', '.svg', '.png'].map((s) => join('charts', `${c}${s}`))),
  );
  assert.equal(a.report, join(runDir, 'report.html'));
  const first = a.charts.map((f) => readFileSync(f));
  const b = await writeFigures(runDir);
  assert.deepEqual(b.charts, a.charts);
  b.charts.forEach((f, i) => assert.ok(readFileSync(f).equals(first[i]), `${f} differs`));
});

test("the report shows the paper's numbers and ours for every cell, method and SNR", async () => {
  const { report, markdown } = await writeFigures(runDir);
  const md = readFileSync(markdown, 'utf8');
  const html = readFileSync(report, 'utf8');
  const t1 = parseCsv(readFileSync(join(runDir, 'table1.csv'), 'utf8'), 'table1.csv');
  // AE, VAE, PROP and the two reference methods, which have no paper numbers.
  assert.equal(t1.length, 5);
  for (const row of t1.filter((r) => Object.hasOwn(PAPER_TABLE1, String(r.method)))) {
    const paper = PAPER_TABLE1[row.method as 'ae' | 'vae' | 'prop'];
    for (const snr of PAPER_SNRS) {
      for (const m of ['precision', 'recall', 'f1'] as const) {
        const p = paper[snr][m];
        const ours = Number(row[`${snr}dB_${m}`]).toFixed(2);
        const theirs = p === null ? 'n/a' : p.toFixed(2);
        // Our F1 carries a dagger when the Table I threshold flags every clip (on k/n seeds).
        const cell = `${ours}${m === 'f1' ? '( †(\\d+/\\d+)?)?' : ''} / ${theirs}`;
        const at = (l: string, r: string) => new RegExp(`${l}${cell.replace(/\./g, '\\.')}${r}`);
        assert.match(md, at('\\| ', ' \\|'), `report.md: ${row.method} ${snr} dB ${m}: ${cell}`);
        assert.match(html, at('<td>', '</td>'), `report.html: ${row.method} ${snr} ${m}`);
      }
    }
  }
  assert.equal(html.match(/<svg /g)?.length, CHARTS.length, 'every chart inlined');
  for (const c of CHARTS) assert.ok(md.includes(`](charts/${c}.png)`));
});

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'report', ...args], {
    encoding: 'utf8',
  });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

test('not a finished run: the missing file is named; the CLI exits with 2', async () => {
  const partial = join(root, 'partial');
  mkdirSync(partial);
  for (const f of ['spec.resolved.json', 'provenance.json', 'table1.csv']) {
    cpSync(join(runDir, f), join(partial, f));
  }
  await assert.rejects(writeFigures(partial), {
    message: figureMessages.missingFile(partial, 'metrics.csv'),
  });
  assert.deepEqual(cli(partial), {
    code: 2,
    stderr: `${figureMessages.missingFile(partial, 'metrics.csv')}\n`,
    stdout: '',
  });

  const noLog = join(root, 'no-log');
  cpSync(runDir, noLog, { recursive: true });
  rmSync(join(noLog, 'cells/main/prop/seed-1/train-log.jsonl'));
  await assert.rejects(writeFigures(noLog), {
    message: figureMessages.missingFile(
      noLog,
      join('cells', 'main/prop/seed-1', 'train-log.jsonl'),
    ),
  });

  const missing = join(root, 'nothing-here');
  assert.equal(cli(missing).stderr, `${figureMessages.notADirectory(missing)}\n`);
  assert.equal(cli().code, 2);
  assert.equal(cli().stderr, `${figureMessages.needRunDir()}\n`);
});

test('the CLI writes the figures of a finished run', () => {
  const r = cli(runDir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    `${figureMessages.wrote(CHARTS.length, `${runDir}/charts`, join(runDir, 'report.html'))}\n`,
  );
});

test('Fig. 4 comes from the unit the score stage wrote it for; the figures script is npasd report', () => {
  const unit = join(runDir, 'cells/main');
  assert.ok(existsSync(join(unit, 'prop/seed-1/fig4.json')));
  assert.ok(!existsSync(join(unit, 'ae/seed-1/fig4.json')));
  assert.ok(!existsSync(join(unit, 'vae/seed-1/fig4.json')));
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  assert.equal(pkg.scripts.figures, 'tsx src/cli/main.ts report');
});

test('a run made before the score stage wrote fig4.json: every other chart and a warning', async () => {
  const old = join(root, 'old');
  cpSync(runDir, old, { recursive: true });
  rmSync(join(old, 'cells/main/prop/seed-1/fig4.json'));
  const r = await writeFigures(old);
  const missing = figureMessages.fig4Missing(join('cells/main/prop/seed-1', 'fig4.json'));
  assert.deepEqual(r.warnings, [missing]);
  assert.ok(!existsSync(join(old, 'charts', 'fig4-detection.svg')), 'the stale chart is removed');
  assert.ok(!readFileSync(r.markdown, 'utf8').includes('fig4-detection'));
  const c = cli(old);
  assert.equal(c.code, 0, c.stderr);
  assert.equal(c.stderr, `warning: ${missing}\n`);
});

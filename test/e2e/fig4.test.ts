/**
 * `reproduce fig4` end to end at the smoke scale: the printer corpus and the collisions are
 * used, Fig. 4 shows a collision clip at evaluation.fig4SnrDb (the score stage's fig4.json), and neither the printed table nor
 * the report sets the paper's Table I beside data that is not its protocol.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { reproduce } from '../../src/experiment/runner.ts';
import { parseCsv } from '../../src/report/runFiles.ts';

const root = mkdtempSync(join(tmpdir(), 'npasd-fig4-'));
test.after(() => rmSync(root, { recursive: true, force: true }));
const quiet = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;

test('fig4 smoke: printer data, collision clips, Fig. 4 at -10 dB, no paper comparison', async () => {
  const out = join(root, 'run');
  const r = await reproduce({
    spec: 'fig4',
    scale: 'smoke',
    out,
    cacheDir: join(root, 'cache'),
    jobs: 1,
    stream: quiet,
  });
  assert.doesNotMatch(r.table, /^ {2}paper|Koizumi/m);
  assert.match(r.table, /^PROP +\d\.\d\d \//m);
  const scores = parseCsv(readFileSync(join(out, 'scores.csv'), 'utf8'), 'scores.csv');
  const anomalous = scores.filter((s) => s.label === 'anomaly');
  // 15 collisions x 4 SNRs, for each of the 3 methods; nothing from the 45-entry catalogue.
  assert.equal(anomalous.length, 3 * 15 * 4);
  assert.ok(anomalous.every((s) => String(s.clip_id).endsWith('-sweeper-collision')));
  const resolved = JSON.parse(readFileSync(join(out, 'spec.resolved.json'), 'utf8'));
  assert.equal(resolved.cells[0].spec.data.normal, 'printer');
  // The score stage wrote Fig. 4's data for PROP's unit: the clip at evaluation.fig4SnrDb.
  const data = JSON.parse(readFileSync(join(out, 'cells/main/prop/seed-1/fig4.json'), 'utf8'));
  assert.equal(data.snrDb, -10);
  assert.match(data.clipId, /-sweeper-collision$/);
  assert.ok(data.view.anomaly.end > data.view.anomaly.start);
  const fig4 = JSON.parse(readFileSync(join(out, 'charts', 'fig4-detection.vl.json'), 'utf8'));
  assert.match(JSON.stringify(fig4.title), /at -10 dB/);
  const png = readFileSync(join(out, 'charts', 'fig4-detection.png'));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  const md = readFileSync(join(out, 'report.md'), 'utf8');
  assert.match(md, /## Precision, recall and F1/);
  assert.doesNotMatch(md, /ours beside the paper/);
  assert.match(md, /Fig\. 4/);
});

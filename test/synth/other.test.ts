import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng } from '../../src/util/rng.ts';
import { otherMachineNames, getGenerator } from '../../src/synth/registry.ts';
import { renderAll } from '../../src/synth/source.ts';
import type { MachineParams } from '../../src/synth/other/machine.ts';
import { peakProminenceDb, rms } from './helpers.ts';

const SR = 16000;

function make(name: string, seed: number): { p: MachineParams; x: Float32Array } {
  const g = getGenerator(name);
  const rng = makeRng(seed, `other-test/${name}`);
  const p = g.draw(rng) as MachineParams;
  return { p, x: renderAll(g.create(p, rng, SR), 4 * SR) };
}

const AROUND = [-23, -17, -13, 13, 17, 23];

test('at least 10 distinct O machine types, each drawing different parameters per file', () => {
  const names = otherMachineNames();
  assert.ok(names.length >= 10, names.join(', '));
  assert.equal(new Set(names).size, names.length);
  for (const n of names) {
    const g = getGenerator(n);
    const a = JSON.stringify(g.draw(makeRng(1, 'p')));
    assert.notEqual(JSON.stringify(g.draw(makeRng(2, 'p'))), a, `${n} draws the same params`);
    assert.equal(JSON.stringify(g.draw(makeRng(1, 'p'))), a, `${n} draw is not deterministic`);
  }
});

test('electric motor: line hum at twice the mains frequency', () => {
  for (const seed of [1, 2, 3, 4]) {
    const { p, x } = make('electric-motor', seed);
    const hum = p.tones[0].hz;
    assert.ok(hum === 100 || hum === 120);
    const db = peakProminenceDb(x, hum, SR, AROUND);
    assert.ok(db > 20, `seed ${seed}: ${hum} Hz hum ${db.toFixed(1)} dB above neighbours`);
  }
});

test('gearbox: gear-mesh tone with sidebands at +- the shaft rate', () => {
  // Speed wander moves the mesh by a few Hz over 4 s: fix it to test exact frequencies.
  const g = getGenerator('gearbox');
  const rng = makeRng(9, 'gear');
  const p = { ...(g.draw(rng) as MachineParams), speedDepth: 0 };
  const x = renderAll(g.create(p, rng, SR), 4 * SR);
  const mesh = p.tones[0].hz;
  const shaft = p.tones[0].amHz;
  for (const f of [mesh, mesh - shaft, mesh + shaft]) {
    const db = peakProminenceDb(x, f, SR, [-7, -5, 5, 7]);
    assert.ok(db > 10, `${f.toFixed(1)} Hz stands ${db.toFixed(1)} dB out`);
  }
});

test('fan: blade-pass tone', () => {
  const g = getGenerator('fan');
  const rng = makeRng(4, 'fan');
  const p = { ...(g.draw(rng) as MachineParams), speedDepth: 0 };
  const x = renderAll(g.create(p, rng, SR), 4 * SR);
  const db = peakProminenceDb(x, p.tones[1].hz, SR, AROUND);
  assert.ok(db > 15, `blade-pass ${db.toFixed(1)} dB`);
});

test('hydraulic press and drill: the work cycle shows in the loudness', () => {
  // The press hisses only while pressing; the drill adds cutting noise over its motor whine.
  for (const [name, minRatio] of [
    ['hydraulic-press', 2],
    ['drill', 1.2],
  ] as const) {
    const g = getGenerator(name);
    const rng = makeRng(2, name);
    const p = g.draw(rng) as MachineParams;
    const period = Math.round((p.cycle?.periodSec ?? 0) * SR);
    const x = renderAll(g.create(p, rng, SR), 2 * period);
    const win = Math.round(0.25 * SR);
    const levels: number[] = [];
    for (let s = 0; s + win <= x.length; s += win) levels.push(rms(x, s, s + win));
    const ratio = Math.max(...levels) / Math.min(...levels);
    assert.ok(ratio > minRatio, `${name}: loudest/quietest quarter-second ${ratio.toFixed(2)}`);
  }
});

test('compressor: a knock per piston cycle (energy periodic at the cycle rate)', () => {
  const g = getGenerator('compressor');
  const rng = makeRng(3, 'comp');
  const p = { ...(g.draw(rng) as MachineParams), speedDepth: 0 };
  const x = renderAll(g.create(p, rng, SR), 4 * SR);
  // Envelope (squared signal) has a component at the knock rate.
  const e = x.map((v) => v * v);
  const rate = p.impacts[0].rateHz;
  const db = peakProminenceDb(e, rate, SR, [-3.3, -2.7, 2.7, 3.3]);
  assert.ok(db > 10, `envelope at ${rate.toFixed(1)} Hz: ${db.toFixed(1)} dB`);
});

// oneDNN's sgemm through koffi (src/engine/dnnl.ts) against a float64 reference on this CPU:
// the paper network's products (batch 100 and 1000, forward and both backward transposes),
// every transpose combination on odd sizes, leading dimensions and heap offsets as the wasm
// kernels pass them; results identical with 1 and 2 threads (matrix-vector products too) and
// from call to call.
import { spawn } from 'node:child_process';
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadDnnl, type Dnnl } from '../../src/engine/dnnl.ts';
import { fillGaussian, makeRng } from '../../src/util/rng.ts';
import { needsNative } from './needsNative.ts';

let dnnl: Dnnl | undefined;
let why = '';
before(async () => {
  const r = await loadDnnl();
  dnnl = r.dnnl;
  why = r.error ?? '';
});

/** WebAssembly.Memory (the project's lib is ES2022, without its types). */
const WasmMemory = (
  globalThis as unknown as {
    WebAssembly: { Memory: new (d: { initial: number }) => { buffer: ArrayBuffer } };
  }
).WebAssembly.Memory;

const U = 2 ** -24; // float32 unit roundoff

/** Seeded N(0, 1) values. */
function gaussian(n: number, purpose: string): Float32Array {
  const out = new Float32Array(n);
  fillGaussian(makeRng(11, purpose), out);
  return out;
}

/**
 * Checks C = op(A) op(B) (+ beta C0) entry by entry against float64 sums, within the classical
 * bound of any float32 summation order: |c - ref| <= (k + 2) u sum_l |a_il b_lj| (+ |beta c0|).
 * Returns the largest error as a fraction of that bound.
 */
function check(
  A: Float32Array,
  B: Float32Array,
  C: Float32Array,
  m: number,
  n: number,
  k: number,
  ta: boolean,
  tb: boolean,
  what: string,
  C0?: Float32Array,
): number {
  const lda = ta ? m : k;
  const ldb = tb ? k : n;
  let worst = 0;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let ref = C0 ? C0[i * n + j] : 0;
      let mag = Math.abs(ref);
      for (let l = 0; l < k; l++) {
        const a = ta ? A[l * lda + i] : A[i * lda + l];
        const b = tb ? B[j * ldb + l] : B[l * ldb + j];
        ref += a * b;
        mag += Math.abs(a * b);
      }
      const bound = (k + 2) * U * mag + 1e-30;
      const err = Math.abs(C[i * n + j] - ref);
      worst = Math.max(worst, err / bound);
      if (!(err <= bound))
        assert.fail(`${what}: C[${i}, ${j}] = ${C[i * n + j]}, float64 ${ref}, bound ${bound}`);
    }
  return worst;
}

/** One product on fresh operands placed at `offset` floats into a wasm memory (as the heap). */
function product(
  d: Dnnl,
  [m, k, n]: readonly number[],
  ta: boolean,
  tb: boolean,
  offset = 0,
  beta = 0,
) {
  const memory = new WasmMemory({
    initial: Math.ceil((4 * (offset + m * k + k * n + 2 * m * n) + 64) / 65536),
  });
  const heap = new Float32Array(memory.buffer);
  const A = heap.subarray(offset, offset + m * k);
  const B = heap.subarray(offset + m * k, offset + m * k + k * n);
  const C = heap.subarray(offset + m * k + k * n, offset + m * k + k * n + m * n);
  A.set(gaussian(m * k, `a${m},${k},${ta}`));
  B.set(gaussian(k * n, `b${k},${n},${tb}`));
  const C0 = beta !== 0 ? gaussian(m * n, `c${m},${n}`) : undefined;
  if (C0) C.set(C0);
  d.sgemm(ta, tb, m, n, k, 1, A, ta ? m : k, B, tb ? k : n, beta, C, n);
  return { A, B, C, C0 };
}

// [m, k, n] of the network's products: forward x W, backward dy W^T and x^T dy.
const NETWORK = (batch: number) =>
  [
    [batch, 1344, 512, false, false],
    [batch, 512, 1344, false, true],
    [1344, batch, 512, true, false],
    [batch, 512, 512, false, false],
    [batch, 512, 512, false, true],
    [512, batch, 512, true, false],
    [batch, 512, 32, false, false],
    [batch, 32, 512, false, true],
    [512, batch, 32, true, false],
    [batch, 32, 512, false, false],
    [batch, 512, 32, false, true],
    [32, batch, 512, true, false],
  ] as const;

test('dnnl_sgemm = float64 reference on the network products at batch 100 (within (k + 2) u sum |ab|)', (t) => {
  if (!needsNative(t, dnnl !== undefined, why)) return;
  for (const [m, k, n, ta, tb] of NETWORK(100)) {
    const { A, B, C } = product(dnnl!, [m, k, n], ta, tb);
    check(A, B, C, m, n, k, ta, tb, `${m}x${k}x${n} tA ${ta} tB ${tb}`);
  }
});

test('dnnl_sgemm = float64 reference at batch 1000 (rows sampled)', (t) => {
  if (!needsNative(t, dnnl !== undefined, why)) return;
  for (const [m, k, n, ta, tb] of NETWORK(1000).filter(([m, , n]) => m * n >= 512 * 512)) {
    const { A, B, C } = product(dnnl!, [m, k, n], ta, tb);
    // Every 37th row of C checked in full (the reference is ~10 s for all of them in JavaScript).
    for (let i = 0; i < m; i += 37) {
      const rowA = ta ? A : A.subarray(i * k, (i + 1) * k);
      const col = (l: number) => (ta ? A[l * m + i] : rowA[l]);
      const a1 = new Float32Array(k).map((_, l) => col(l));
      check(a1, B, C.subarray(i * n, (i + 1) * n), 1, n, k, false, tb, `${m}x${k}x${n} row ${i}`);
    }
  }
});

test('dnnl_sgemm = float64 reference: all transposes, odd sizes, heap offsets, beta 1', (t) => {
  if (!needsNative(t, dnnl !== undefined, why)) return;
  const sizes = [
    [1, 1, 1],
    [1, 7, 1],
    [3, 5, 2],
    [7, 13, 11],
    [17, 1, 33],
    [1, 1344, 512],
    [33, 100, 65],
    [100, 31, 1],
    [129, 257, 63],
    [1, 3000, 5],
  ];
  let cases = 0;
  for (const s of sizes)
    for (const ta of [false, true])
      for (const tb of [false, true])
        for (const [offset, beta] of [
          [0, 0],
          [3, 0],
          [5, 1],
        ]) {
          const [m, k, n] = s;
          const { A, B, C, C0 } = product(dnnl!, s, ta, tb, offset, beta);
          check(A, B, C, m, n, k, ta, tb, `${s} tA ${ta} tB ${tb} at ${offset} beta ${beta}`, C0);
          cases++;
        }
  assert.equal(cases, sizes.length * 12);
});

test('dnnl_sgemm: identical bytes with 1 and 2 threads and on repeated calls', (t) => {
  if (!needsNative(t, dnnl !== undefined, why)) return;
  const d = dnnl!;
  const before = d.threads();
  try {
    // The network's products, and matrix-vector products (batch sums and broadcasts of the
    // DCASE baseline's batch norm: ones(1, B) x, x^T ones(B, 1)), which oneDNN splits along K.
    const gemv = [512, 2000].flatMap(
      (k) =>
        [
          [1, k, 128, false, false],
          [128, k, 1, true, false],
          [1, k, 640, true, false],
        ] as const,
    );
    for (const [m, k, n, ta, tb] of [...NETWORK(100), ...NETWORK(1000).slice(0, 3), ...gemv]) {
      const runs = [1, 2, 2, 1].map((threads) => {
        d.setThreads(threads);
        assert.equal(d.threads(), threads);
        return Buffer.from(product(d, [m, k, n], ta, tb).C.slice().buffer).toString('base64');
      });
      assert.ok(new Set(runs).size === 1, `${m}x${k}x${n} tA ${ta} tB ${tb}: results differ`);
    }
  } finally {
    d.setThreads(before);
  }
});

test('a library that cannot be loaded is reported, naming what was tried', async () => {
  const { loadDnnlFrom } = await import('../../src/engine/dnnl.ts');
  const r = await loadDnnlFrom(['/nonexistent/libdnnl.so.2']);
  assert.equal(r.dnnl, undefined);
  assert.match(
    r.error ?? '',
    /^oneDNN not found \(tried \/nonexistent\/libdnnl\.so\.2; on Debian: apt-get install libdnnl2\): /,
  );
});

test('signals arriving during sgemm calls are deferred, not fatal (oneDNN crashes when interrupted)', async (t) => {
  if (!needsNative(t, dnnl !== undefined, why)) return;
  // A child process runs sgemm in a loop for ~2 s with a SIGUSR2 handler; this process sends it
  // SIGUSR2 every ~2 ms once it is ready. Without the signal mask it dies within ~1 s here.
  const url = new URL('../../src/engine/dnnl.ts', import.meta.url).href;
  const code = `
    const d = (await (await import(${JSON.stringify(url)})).loadDnnl()).dnnl;
    let handled = 0;
    process.on('SIGUSR2', () => handled++);
    const [m, k, n] = [100, 1344, 512];
    const A = new Float32Array(m * k).fill(1), B = new Float32Array(k * n).fill(1);
    const C = new Float32Array(m * n);
    process.stdout.write('ready\\n');
    const t0 = Date.now();
    let calls = 0;
    const loop = () => {
      for (let i = 0; i < 50; i++, calls++) d.sgemm(false, false, m, n, k, 1, A, k, B, n, 0, C, n);
      if (Date.now() - t0 < 2000) return setImmediate(loop);
      process.stdout.write(JSON.stringify({ calls, handled, c: C[0] }) + '\\n');
      process.exit(0);
    };
    loop();`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let timer: NodeJS.Timeout | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (!timer && out.includes('ready')) timer = setInterval(() => child.kill('SIGUSR2'), 2);
  });
  const [exitCode, signal] = await new Promise<[number | null, string | null]>((res) =>
    child.on('exit', (c, s) => res([c, s])),
  );
  clearInterval(timer);
  assert.equal(signal, null, `sgemm child killed by ${signal}`);
  assert.equal(exitCode, 0);
  const r = JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
  assert.ok(r.calls > 0 && r.handled > 0, `calls ${r.calls}, signals handled ${r.handled}`);
  assert.equal(r.c, 1344);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32, tableCrc32 } from '../../src/util/crc32.ts';
import { makeRng } from '../../src/util/rng.ts';

test('crc32: the standard check value, empty input, chunked = whole, table = native', () => {
  const check = new TextEncoder().encode('123456789');
  assert.equal(crc32(check), 0xcbf43926);
  assert.equal(tableCrc32(check), 0xcbf43926);
  assert.equal(crc32(new Uint8Array(0)), 0);
  const rng = makeRng(1, 'crc');
  const data = Uint8Array.from({ length: 10000 }, () => Math.floor(256 * rng()));
  const whole = crc32(data);
  assert.equal(tableCrc32(data), whole);
  assert.equal(crc32(data.subarray(3000), crc32(data.subarray(0, 3000))), whole);
  assert.equal(tableCrc32(data.subarray(3000), tableCrc32(data.subarray(0, 3000))), whole);
  data[5000] ^= 0x10;
  assert.notEqual(crc32(data), whole, 'a flipped bit changes it');
});

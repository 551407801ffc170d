import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { columnsOf, csvField, toCsv, writeCsv } from '../../src/evaluate/csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'npasd-csv-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A small RFC 4180 reader (quoted fields, doubled quotes, line breaks inside quotes). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n') {
      records.push([...record, field]);
      record = [];
      field = '';
    } else field += ch;
  }
  assert.equal(field + record.join(''), '', 'the text ends with a line break');
  return records;
}

const rows = [
  { name: 'plain', value: 0.1 + 0.2, flag: true, list: [1, 'a'] },
  { name: 'comma, inside', value: -0, flag: false, list: [] },
  { name: 'say "hi"', value: 1e-7, flag: true, list: [0.5] },
  { name: 'two\nlines', value: Infinity, extra: 'only here' },
  { name: '', value: -Infinity, flag: false, list: [NaN] },
  { name: 'nan', value: NaN, flag: true, list: null },
];

test('header, escaping of commas, quotes and line breaks; the text reads back', () => {
  const text = toCsv(rows);
  const back = parseCsv(text);
  assert.deepEqual(back[0], ['name', 'value', 'flag', 'list', 'extra']);
  assert.deepEqual(back.slice(1), [
    ['plain', '0.30000000000000004', 'true', '[1,"a"]', ''],
    ['comma, inside', '0', 'false', '[]', ''],
    ['say "hi"', '1e-7', 'true', '[0.5]', ''],
    ['two\nlines', 'inf', '', '', 'only here'],
    ['', '-inf', 'false', '[null]', ''],
    ['nan', 'nan', 'true', '', ''],
  ]);
  assert.ok(text.includes('"comma, inside"') && text.includes('"say ""hi"""'));
  // Full precision: every finite number reads back to the same double.
  const xs = [Math.PI, 2 / 3, 1e-300, 123456789.12345679, -5e-324];
  const read = parseCsv(toCsv(xs.map((x) => ({ x })))).slice(1);
  assert.deepEqual(
    read.map((r) => Number(r[0])),
    xs,
  );
});

test('columns: pick and order; no rows gives the header only; no columns an empty text', () => {
  assert.equal(
    toCsv(rows.slice(0, 2), ['flag', 'name']),
    'flag,name\ntrue,plain\nfalse,"comma, inside"\n',
  );
  assert.equal(toCsv([], ['a', 'b']), 'a,b\n');
  assert.equal(toCsv([]), '');
  assert.deepEqual(columnsOf([{ b: 1 }, { a: 2, b: 3 }]), ['b', 'a']);
  assert.equal(csvField(undefined), '');
  assert.equal(csvField({ k: 'v' }), '{"k":"v"}');
});

test('writeCsv is atomic and deterministic: the same rows give byte-identical files', () => {
  const a = join(dir, 'a.csv');
  const b = join(dir, 'b.csv');
  writeCsv(a, rows);
  writeCsv(b, JSON.parse(JSON.stringify(rows.slice(0, 3))) as object[]);
  writeCsv(b, rows); // overwrites
  assert.deepEqual(readFileSync(a), readFileSync(b));
  assert.equal(readFileSync(a, 'utf8'), toCsv(rows));
  // Rows whose keys come in another order give the same file when the columns are given.
  const cols = columnsOf(rows);
  const shuffled = rows.map((r) => Object.fromEntries(Object.entries(r).reverse()));
  writeCsv(b, shuffled, cols);
  assert.deepEqual(readFileSync(a), readFileSync(b));
  assert.deepEqual(readdirSync(dir).sort(), ['a.csv', 'b.csv'], 'no temp file left');
});

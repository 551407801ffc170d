/**
 * The report of a run (pure builders, plus writeReport at the edge): spec summary, provenance,
 * our Table I beside the paper's (METHOD.md section 9) with F1 differences per cell, the charts,
 * and for multi-seed runs the 95% confidence intervals of summary.csv. Markdown and HTML come
 * from the same blocks (reportFormat.ts).
 */
import { join } from 'node:path';
import { PAPER_TABLE1, type PaperPrf } from '../evaluate/table.ts';
import type { ModelName } from '../models/detector.ts';
import type { SummaryRow, Table1Row } from '../evaluate/rows.ts';
import { writeFileAtomic } from '../util/atomicWrite.ts';
import { toHtml, toMarkdown, type Block } from './reportFormat.ts';
import type { RunCell, RunData } from './runFiles.ts';
import { assignmentText, fixed2, methodLabel, orderMethods, signed } from './style.ts';
import { ciBlocks, seedBlocks } from './seedTable.ts';
import {
  TRIVIAL_MARK,
  trivialEntries,
  trivialKey,
  trivialMark,
  type TrivialCount,
} from '../evaluate/trivial.ts';
import { evalMessages } from '../messages/index.ts';

/** A chart the report shows: charts/<name>.* and its caption. */
export interface ChartRef {
  name: string;
  /** Section heading. */
  title: string;
  caption: string;
}

/** Shown where the paper has no value for a method or SNR. */
const NOT_IN_PAPER = '–';

/** The paper's value of `metric` for (method, SNR); undefined when the paper has none. */
function paperValue(
  method: string,
  snr: number,
  metric: keyof PaperPrf,
): number | null | undefined {
  const at = (PAPER_TABLE1 as Record<string, Record<number, PaperPrf>>)[method]?.[snr];
  return at === undefined ? undefined : at[metric];
}

const paperText = (v: number | null | undefined): string =>
  v === undefined ? NOT_IN_PAPER : v === null ? 'n/a' : v.toFixed(2);

export { signed } from './style.ts';
export { ciBlocks } from './seedTable.ts';

/** The SNRs (dB) of a cell's Table I row, from its "<snr>dB_f1" columns, ascending. */
function rowSnrs(row: Table1Row): number[] {
  return Object.keys(row)
    .flatMap((k) => {
      const m = /^(.+)dB_f1$/.exec(k);
      return m ? [Number(m[1])] : [];
    })
    .sort((a, b) => a - b);
}

/** The summary row of (cell, method, SNR, rule), if any. */
function summaryOf(
  summary: readonly SummaryRow[] | null,
  cell: string,
  method: string,
  snr: number,
  rule: string,
): SummaryRow | undefined {
  return summary?.find(
    (s) => s.cell === cell && s.method === method && s.snr_db === snr && s.rule === rule,
  );
}

/**
 * One cell's Table I: per method and SNR, "ours / paper" for precision, recall and F1, and
 * F1 ours - paper. With seeds > 1 our values are means and F1 carries the half-width of its 95%
 * CI (summary.csv). Followed by how often PROP has the best F1, ours and the paper's. An entry
 * in `trivial` (trivial.ts: its threshold flags every clip) is marked, its difference to the paper
 * not given when every seed flags everything, and a note says what the mark means.
 */
export function table1Blocks(
  cell: RunCell,
  table1: readonly Table1Row[],
  summary: readonly SummaryRow[] | null,
  trivial: ReadonlyMap<string, TrivialCount> = new Map(),
): Block[] {
  const rows = table1.filter((r) => r.cell === cell.id);
  const byMethod = new Map(rows.map((r) => [r.method as string, r]));
  const methods = orderMethods(rows.map((r) => r.method));
  const snrs = [...new Set(rows.flatMap(rowSnrs))].sort((a, b) => a - b);
  const markOf = (m: string, snr: number): TrivialCount | undefined =>
    trivial.get(trivialKey(cell.id, m, snr));
  const note: Block[] = methods.some((m) => snrs.some((snr) => markOf(m, snr)))
    ? [{ kind: 'paragraph', text: evalMessages.trivialNote(TRIVIAL_MARK) }]
    : [];
  if (!cell.paperComparable)
    return [oursOnly(cell, byMethod, methods, snrs, summary, markOf), ...note];
  const table: string[][] = [];
  for (const m of methods) {
    const r = byMethod.get(m) as Table1Row;
    for (const snr of snrs) {
      const ours = (metric: string): unknown => r[`${snr}dB_${metric}`];
      const pair = (metric: keyof PaperPrf): string =>
        `${fixed2(ours(metric))} / ${paperText(paperValue(m, snr, metric))}`;
      const s = summaryOf(summary, cell.id, m, snr, cell.table1Rule);
      const ci =
        s && s.n > 1 ? ` ± ${fixed2((Number(s.f1_ci_high) - Number(s.f1_ci_low)) / 2)}` : '';
      const f1 = ours('f1');
      const paperF1 = paperValue(m, snr, 'f1');
      const t = markOf(m, snr);
      const diff =
        t && t.trivial === t.seeds
          ? `${TRIVIAL_MARK} flags every clip`
          : typeof f1 === 'number' && typeof paperF1 === 'number'
            ? signed(f1 - paperF1) + trivialMark(t)
            : NOT_IN_PAPER;
      table.push([
        methodLabel(m),
        String(snr),
        pair('precision'),
        pair('recall'),
        `${fixed2(f1)}${ci}${trivialMark(t)} / ${paperText(paperF1)}`,
        diff,
      ]);
    }
  }
  const blocks: Block[] = [
    {
      kind: 'table',
      header: [
        'method',
        'SNR (dB)',
        'precision (ours / paper)',
        'recall (ours / paper)',
        'F1 (ours / paper)',
        'F1 ours - paper',
      ],
      rows: table,
    },
  ];
  blocks.push(...note);
  const order = propOrdering(byMethod, snrs);
  if (order) blocks.push({ kind: 'paragraph', text: order });
  return blocks;
}

/** Our precision, recall and F1 (± the 95% CI half-width with seeds > 1), no paper columns. */
function oursOnly(
  cell: RunCell,
  byMethod: Map<string, Table1Row>,
  methods: readonly string[],
  snrs: readonly number[],
  summary: readonly SummaryRow[] | null,
  markOf: (method: string, snr: number) => TrivialCount | undefined,
): Block {
  const rows = methods.flatMap((m) =>
    snrs.map((snr) => {
      const r = byMethod.get(m) as Table1Row;
      const s = summaryOf(summary, cell.id, m, snr, cell.table1Rule);
      const ci =
        s && s.n > 1 ? ` ± ${fixed2((Number(s.f1_ci_high) - Number(s.f1_ci_low)) / 2)}` : '';
      const v = (metric: string) => fixed2(r[`${snr}dB_${metric}`]);
      const f1 = `${v('f1')}${ci}${trivialMark(markOf(m, snr))}`;
      return [methodLabel(m), String(snr), v('precision'), v('recall'), f1];
    }),
  );
  return { kind: 'table', header: ['method', 'SNR (dB)', 'precision', 'recall', 'F1'], rows };
}

/** "PROP has the highest F1 at 3 of 4 of the paper's SNRs (paper: 4 of 4)", or null. */
function propOrdering(byMethod: Map<string, Table1Row>, snrs: readonly number[]): string | null {
  const methods: ModelName[] = ['ae', 'vae', 'prop'];
  if (!methods.every((m) => byMethod.has(m))) return null;
  const paperSnrs = snrs.filter((s) => methods.every((m) => paperValue(m, s, 'f1') != null));
  if (paperSnrs.length === 0) return null;
  const f1 = (m: ModelName, s: number) => Number(byMethod.get(m)?.[`${s}dB_f1`]);
  const ours = paperSnrs.filter((s) => f1('prop', s) >= Math.max(f1('ae', s), f1('vae', s))).length;
  const paper = paperSnrs.filter(
    (s) =>
      (paperValue('prop', s, 'f1') as number) >=
      Math.max(paperValue('ae', s, 'f1') as number, paperValue('vae', s, 'f1') as number),
  ).length;
  return (
    `PROP has the highest F1 (ties count) at ${ours} of the ${paperSnrs.length} SNRs the paper ` +
    `reports; in the paper at ${paper} of ${paperSnrs.length}.`
  );
}

/** Spec summary and provenance. */
function runBlocks(run: RunData): Block[] {
  const { resolved: r, provenance: p } = run;
  const cell0 = r.cells[0];
  const seeds = p.seeds?.length ? p.seeds.join(', ') : String(cell0.seed);
  const attempts = p.attempts ?? [];
  const git = p.git?.commit
    ? `\`${p.git.commit.slice(0, 12)}\`${p.git.dirty ? ' (with uncommitted changes)' : ' (clean)'}`
    : 'not a git checkout';
  const blocks: Block[] = [
    { kind: 'heading', level: 2, text: 'Spec' },
    {
      kind: 'list',
      items: [
        `spec \`${r.spec}\`${r.title ? `: ${r.title}` : ''}`,
        `file \`${r.file}\`, scale \`${r.scale ?? '(none)'}\`, plan \`${r.plan}\``,
        `methods: ${cell0.methods.map(methodLabel).join(', ')}`,
        `seeds per cell: ${cell0.seeds} (${seeds})`,
        `Table I threshold rule: \`${cell0.table1Rule}\`; test SNRs: ${cell0.snrsDb.join(', ')} dB`,
        `${r.cells.length} cell(s)${r.cells.length === 1 && r.cells[0].id === 'main' ? ' (no grid)' : ''}`,
      ],
    },
  ];
  if (r.cells.length > 1 || Object.keys(cell0.assignments).length > 0) {
    blocks.push({
      kind: 'table',
      header: ['cell', 'grid assignments'],
      rows: r.cells.map((c) => [c.id, assignmentText(c.assignments) || 'no grid']),
    });
  }
  const backend = p.backend
    ? `${p.backend.backend} (${p.backend.source}), TensorFlow.js ${p.backend.tfjs}`
    : 'unknown';
  const last = attempts[attempts.length - 1];
  blocks.push(
    { kind: 'heading', level: 2, text: 'Provenance' },
    {
      kind: 'list',
      items: [
        `git commit ${git}`,
        `Node ${p.node}, ${p.platform}; TensorFlow.js backend ${backend}`,
        `started ${attempts[0]?.started ?? 'unknown'}, finished ${last?.finished ?? 'not recorded'} ` +
          `(${attempts.length} attempt(s))`,
        ...(last ? [`command: \`npasd ${last.command.join(' ')}\``] : []),
        // Older runs recorded no manifest hash.
        ...(p.corpora ?? []).map((c) =>
          c.manifestSha256
            ? `corpus of seed ${c.seed}: manifest sha256 \`${c.manifestSha256.slice(0, 16)}\``
            : `corpus of seed ${c.seed}: plan \`${String(c.planHash).slice(0, 16)}\``,
        ),
      ],
    },
  );
  return blocks;
}

/** Every block of the report; `charts` are the charts written, in the order shown. */
export function reportBlocks(run: RunData, charts: readonly ChartRef[]): Block[] {
  const { resolved: r } = run;
  const trivial = trivialEntries(run.metrics, r.cells[0].table1Rule);
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: `Run report: ${r.spec}${r.scale ? ` (${r.scale})` : ''}` },
    ...runBlocks(run),
    ...(r.cells.every((c) => c.paperComparable)
      ? [
          { kind: 'heading', level: 2, text: "Table I: ours beside the paper's" } as const,
          {
            kind: 'paragraph',
            text:
              'Precision, recall and F1 at the Table I threshold rule ' +
              `\`${r.cells[0].table1Rule}\`. Paper: Koizumi et al. (EUSIPCO 2017), Table I ` +
              `(n/a = lost in our copy, ${NOT_IN_PAPER} = not in the paper). The paper's data is ` +
              'private, so the ordering and the size of the gaps are what can be compared.',
          } as const,
        ]
      : [
          { kind: 'heading', level: 2, text: 'Precision, recall and F1' } as const,
          {
            kind: 'paragraph',
            text:
              `At the Table I threshold rule \`${r.cells[0].table1Rule}\`. This run's data is ` +
              "not the paper's Table I protocol (engine sound and the 45 anomalies), so there " +
              'is no paper line to set beside it.',
          } as const,
        ]),
  ];
  for (const cell of r.cells) {
    if (r.cells.length > 1) {
      const a = assignmentText(cell.assignments);
      blocks.push({ kind: 'heading', level: 3, text: `Cell ${cell.id}${a ? `: ${a}` : ''}` });
    }
    blocks.push(...table1Blocks(cell, run.table1, run.summary, trivial));
  }
  for (const c of charts) {
    blocks.push({ kind: 'heading', level: 2, text: c.title }, { kind: 'figure', ...c });
  }
  blocks.push(...seedBlocks(run), ...ciBlocks(run));
  return blocks;
}

/** The report's page title. */
const reportTitle = (run: RunData): string =>
  `npasd run report: ${run.resolved.spec}${run.resolved.scale ? ` (${run.resolved.scale})` : ''}`;

/**
 * Writes report.md and report.html into `runDir` atomically; `svgOf` gives each chart's SVG
 * (inlined in the HTML). Returns both paths.
 */
export function writeReport(
  runDir: string,
  run: RunData,
  charts: readonly ChartRef[],
  svgOf: (name: string) => string | undefined,
): { markdown: string; html: string } {
  const blocks = reportBlocks(run, charts);
  const markdown = join(runDir, 'report.md');
  const html = join(runDir, 'report.html');
  writeFileAtomic(markdown, toMarkdown(blocks));
  writeFileAtomic(html, toHtml(blocks, reportTitle(run), svgOf));
  return { markdown, html };
}

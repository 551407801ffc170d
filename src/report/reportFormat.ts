/**
 * The report as a list of blocks (headings, paragraphs, lists, tables, figures), written out as
 * Markdown or as one self-contained HTML page (pure). The HTML inlines each chart's SVG and
 * loads nothing: it opens from the file system with no network.
 */

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; header: string[]; rows: string[][] }
  /** A chart of charts/: `name` without suffix. */
  | { kind: 'figure'; name: string; caption: string };

const mdCell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * Markdown (GitHub flavour): tables as pipe tables, figures as images of charts/<name>.png
 * (relative to report.md in the run directory) with a link to the SVG.
 */
export function toMarkdown(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(`${'#'.repeat(b.level)} ${b.text}`);
        break;
      case 'paragraph':
        out.push(b.text);
        break;
      case 'list':
        out.push(b.items.map((i) => `- ${i}`).join('\n'));
        break;
      case 'table':
        out.push(
          [
            `| ${b.header.map(mdCell).join(' | ')} |`,
            `| ${b.header.map(() => '---').join(' | ')} |`,
            ...b.rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
          ].join('\n'),
        );
        break;
      case 'figure':
        out.push(
          `![${b.caption}](charts/${b.name}.png)\n\n` +
            `*${b.caption}* ([SVG](charts/${b.name}.svg), [Vega-Lite spec](charts/${b.name}.vl.json))`,
        );
        break;
    }
  }
  return `${out.join('\n\n')}\n`;
}

/** Text escaped for HTML content and attribute values. */
export const escapeHtml = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** `code` spans of the Markdown text ("`x`") as <code> in HTML; everything else escaped. */
const inline = (s: string): string =>
  s
    .split('`')
    .map((part, i) => (i % 2 === 1 ? `<code>${escapeHtml(part)}</code>` : escapeHtml(part)))
    .join('');

const STYLE = `
body { font-family: Helvetica, Arial, 'DejaVu Sans', sans-serif; max-width: 1200px;
  margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.4; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; }
th { background: #f4f4f4; }
td { font-variant-numeric: tabular-nums; }
figure { margin: 1em 0; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-style: italic; color: #555; }
code { background: #f4f4f4; padding: 0 0.2em; }
`;

/**
 * One HTML page: `title` in <title>, the blocks in order, each figure's SVG inlined from
 * `svgOf(name)` (a figure without an SVG shows its caption only).
 */
export function toHtml(
  blocks: readonly Block[],
  title: string,
  svgOf: (name: string) => string | undefined,
): string {
  const body = blocks.map((b): string => {
    switch (b.kind) {
      case 'heading':
        return `<h${b.level}>${inline(b.text)}</h${b.level}>`;
      case 'paragraph':
        return `<p>${inline(b.text)}</p>`;
      case 'list':
        return `<ul>\n${b.items.map((i) => `<li>${inline(i)}</li>`).join('\n')}\n</ul>`;
      case 'table':
        return [
          '<table>',
          `<tr>${b.header.map((h) => `<th>${inline(h)}</th>`).join('')}</tr>`,
          ...b.rows.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`),
          '</table>',
        ].join('\n');
      case 'figure': {
        const svg = svgOf(b.name) ?? '';
        return `<figure>\n${svg}\n<figcaption>${inline(b.caption)}</figcaption>\n</figure>`;
      }
    }
  });
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

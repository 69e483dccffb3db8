import Table from 'cli-table3';
import type { Block } from './blocks.ts';

export type TextFormat = 'text' | 'md' | 'html';

/** Column width (terminal cells) beyond which table cells wrap. */
const WRAP_AT = 48;

export function render(blocks: readonly Block[], format: TextFormat, lang: 'en' | 'zh'): string {
  if (format === 'md') return renderMarkdown(blocks);
  if (format === 'html') return renderHtml(blocks, lang);
  return renderText(blocks);
}

/** Terminal text: wrapped paragraphs and box tables (cli-table3 measures CJK widths correctly). */
export function renderText(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'title':
        out.push(b.text, '═'.repeat(Math.min(100, width(b.text))));
        if (b.subtitle) out.push(b.subtitle);
        out.push('');
        break;
      case 'heading':
        out.push(b.level === 2 ? `${b.text}\n${'─'.repeat(Math.min(100, width(b.text)))}` : `▸ ${b.text}`);
        break;
      case 'paragraph':
        out.push(b.text, '');
        break;
      case 'notice':
        out.push(`⚠ ${b.text}`, '');
        break;
      case 'list':
        for (const item of b.items) {
          out.push(`• ${item.text}`);
          for (const d of item.details ?? []) out.push(`    – ${d}`);
        }
        out.push('');
        break;
      case 'table': {
        const table = new Table({
          head: b.head,
          style: { head: [], border: [] },
          chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
          colAligns: b.head.map((_, i) => (b.numeric?.[i] ? 'right' : 'left')),
          wordWrap: true,
          // Only very long columns (citations, lists) wrap; the rest take their natural width.
          colWidths: b.head.map((h, i) => {
            const widest = Math.max(width(h), ...b.rows.map((r) => width(r[i] ?? '')));
            return widest > WRAP_AT ? WRAP_AT : null;
          }),
        });
        for (const r of b.rows) table.push(r);
        out.push(table.toString(), '');
        break;
      }
      case 'svg':
        if (b.file) out.push(`${b.title}: ${b.file}`, '');
        break;
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
      ? 2
      : 1;
  return w;
}

const mdEscape = (s: string) => s.replace(/\|/g, '\\|');

export function renderMarkdown(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'title':
        out.push(`# ${b.text}`, '');
        if (b.subtitle) out.push(`*${b.subtitle}*`, '');
        break;
      case 'heading':
        out.push(`${'#'.repeat(b.level)} ${b.text}`, '');
        break;
      case 'paragraph':
        out.push(b.text, '');
        break;
      case 'notice':
        out.push(`> **⚠** ${b.text}`, '');
        break;
      case 'list':
        for (const item of b.items) {
          out.push(`- ${item.text}`);
          for (const d of item.details ?? []) out.push(`  - ${d}`);
        }
        out.push('');
        break;
      case 'table':
        out.push(`| ${b.head.map(mdEscape).join(' | ')} |`);
        out.push(`| ${b.head.map((_, i) => (b.numeric?.[i] ? '---:' : '---')).join(' | ')} |`);
        for (const r of b.rows) out.push(`| ${r.map(mdEscape).join(' | ')} |`);
        out.push('');
        break;
      case 'svg':
        if (b.file) out.push(`![${b.title.replace(/[[\]]/g, '')}](${encodeURI(b.file)})`, '');
        break;
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A self-contained HTML page (inline CSS, no scripts), printable as a report. */
export function renderHtml(blocks: readonly Block[], lang: 'en' | 'zh'): string {
  const body: string[] = [];
  let title = 'Climb';
  for (const b of blocks) {
    switch (b.kind) {
      case 'title':
        title = b.text;
        body.push(
          `<header><h1>${esc(b.text)}</h1>${b.subtitle ? `<p class="meta">${esc(b.subtitle)}</p>` : ''}</header>`,
        );
        break;
      case 'heading':
        body.push(`<h${b.level}>${esc(b.text)}</h${b.level}>`);
        break;
      case 'paragraph':
        body.push(`<p>${esc(b.text)}</p>`);
        break;
      case 'notice':
        body.push(`<p class="notice">${esc(b.text)}</p>`);
        break;
      case 'list':
        body.push(
          `<ul>${b.items
            .map(
              (i) =>
                `<li>${esc(i.text)}${i.details?.length ? `<ul class="details">${i.details.map((d) => `<li>${esc(d)}</li>`).join('')}</ul>` : ''}</li>`,
            )
            .join('')}</ul>`,
        );
        break;
      case 'table':
        body.push(
          `<table><thead><tr>${b.head.map((h, i) => `<th${b.numeric?.[i] ? ' class="num"' : ''}>${esc(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
            .map(
              (r) =>
                `<tr>${r.map((c, i) => `<td${b.numeric?.[i] ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`,
            )
            .join('')}</tbody></table>`,
        );
        break;
      case 'svg':
        // The markup is the caller's (a generated chart), inlined as is; the caption is escaped.
        body.push(`<figure>${b.svg}<figcaption>${esc(b.title)}</figcaption></figure>`);
        break;
    }
  }
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<title>${esc(title)}</title>
<style>
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.55;color:#1d2733}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{border-bottom:2px solid #2a6f97;padding-bottom:.2rem;margin-top:2rem}
.meta{color:#555;margin-top:0}.notice{background:#fff4d6;border-left:4px solid #e0a800;padding:.5rem .8rem}
table{border-collapse:collapse;margin:.6rem 0}th,td{border:1px solid #c9d3dd;padding:.25rem .6rem;vertical-align:top}
th{background:#eef3f7;text-align:left}.num{text-align:right;font-variant-numeric:tabular-nums}
ul.details{color:#444;font-size:.92rem}
@media print{body{max-width:none}h2{break-after:avoid}}
</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}

/**
 * Go's `text/tabwriter` as amtool configures it (`NewWriter(w, 0, 0, 2, ' ', 0)`): tab-terminated
 * cells aligned in column blocks, padded with spaces to the widest cell plus two.
 */

/** Decorates a cell's text after alignment (e.g. colour); it must not change the visible width. */
export type CellStyle = (text: string, line: number, column: number) => string;

interface Options {
  readonly minWidth?: number;
  readonly padding?: number;
  readonly style?: CellStyle;
}

type Line = string[];

// Go counts runes (code points), not bytes or UTF-16 units.
function width(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Aligns `text` as a tabwriter flushed after writing it. A cell is text terminated by a tab; the
 * text after a line's last tab is not aligned. Consecutive lines with a cell in column k form a
 * block whose cells share one width; a line without tabs ends every block.
 */
export function tabwrite(text: string, opts: Options = {}): string {
  const padding = opts.padding ?? 2;
  const minWidth = opts.minWidth ?? 0;
  const lines: Line[] = text.split('\n').map((l) => l.split('\t'));
  const widths: number[] = [];
  const out: string[] = [];

  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const cells = lines[i] as Line;
      let s = '';
      cells.forEach((cell, j) => {
        const shown = opts.style === undefined || cell === '' ? cell : opts.style(cell, i, j);
        s += shown;
        const w = widths[j];
        if (j < cells.length - 1 && w !== undefined) s += ' '.repeat(Math.max(0, w - width(cell)));
      });
      out.push(s);
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    let start = line0;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= (lines[cur] as Line).length - 1) continue;
      writeLines(start, cur);
      start = cur;
      let w = minWidth;
      for (; cur < line1; cur++) {
        const cells = lines[cur] as Line;
        if (column >= cells.length - 1) break;
        w = Math.max(w, width(cells[column] as string) + padding);
      }
      widths.push(w);
      format(start, cur);
      widths.pop();
      start = cur;
      cur--;
    }
    writeLines(start, line1);
  };

  // Go flushes at every line without tabs, so blocks never span one.
  let begin = 0;
  for (let i = 0; i < lines.length; i++) {
    if ((lines[i] as Line).length === 1) {
      format(begin, i + 1);
      begin = i + 1;
    }
  }
  format(begin, lines.length);
  return out.join('\n');
}

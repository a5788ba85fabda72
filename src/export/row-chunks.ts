const ROWS_PER_CHUNK = 256;

/**
 * Collects rendered lines and hands them to `out` a few hundred at a time, each line followed by
 * `\n`, so the chunks concatenated are the lines as a text. Each row's pieces are flattened into
 * its chunk while they are young, instead of 10,000 row strings surviving until the page is
 * assembled: less for the garbage collector to copy.
 */
export class RowChunks {
  private rows: string[] = [];
  /** Characters of the rows not yet flushed, their newlines included. */
  private pending = 0;

  constructor(private readonly out: string[]) {}

  /** Where the next line will be: the index its chunk will have in `out`, and its offset in that chunk. */
  position(): { chunk: number; offset: number } {
    return { chunk: this.out.length, offset: this.pending };
  }

  push(...lines: string[]): void {
    for (const line of lines) {
      this.rows.push(line);
      this.pending += line.length + 1;
    }
    if (this.rows.length >= ROWS_PER_CHUNK) this.flush();
  }

  flush(): void {
    if (this.rows.length === 0) return;
    this.rows.push('');
    this.out.push(this.rows.join('\n'));
    this.rows = [];
    this.pending = 0;
  }
}

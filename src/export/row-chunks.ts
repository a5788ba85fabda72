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

  /** The index in `out` the chunk of the next line will have. */
  get nextChunk(): number {
    return this.out.length;
  }

  /** The offset of the next line in its chunk. */
  get nextOffset(): number {
    return this.pending;
  }

  push(...lines: string[]): void {
    for (const line of lines) {
      this.rows.push(line);
      this.pending += line.length + 1;
    }
    if (this.rows.length >= ROWS_PER_CHUNK) this.flush();
  }

  /** One line: `push` without the array its rest parameter makes, for the one line of each timeline row. */
  line(text: string): void {
    this.rows.push(text);
    this.pending += text.length + 1;
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

/** Where each timeline row's text starts in the chunks, by seq: kept as numbers as rows go by. */
export class RowIndex {
  private readonly seqs: number[] = [];
  private readonly chunks: number[] = [];
  private readonly offsets: number[] = [];

  /** The next row, that of `seq` (rows come in seq order), has its text at `offset` in chunk `chunk`. */
  add(seq: number, chunk: number, offset: number): void {
    this.seqs.push(seq);
    this.chunks.push(chunk);
    this.offsets.push(offset);
  }

  /** The chunk and offset of the text of row `i` (in the order added). */
  chunkOf(i: number): number {
    return this.chunks[i]!;
  }

  offsetOf(i: number): number {
    return this.offsets[i]!;
  }

  /**
   * Puts `text` in front of the text of the row of `seq`, if there is one, in place in `chunks`
   * (the RowChunks output); says whether it did.
   */
  insertBefore(chunks: string[], seq: number, text: string): boolean {
    const i = this.find(seq);
    if (i < 0) return false;
    const c = this.chunks[i]!;
    const at = this.offsets[i]!;
    chunks[c] = `${chunks[c]!.slice(0, at)}${text}${chunks[c]!.slice(at)}`;
    return true;
  }

  has(seq: number): boolean {
    return this.find(seq) >= 0;
  }

  private find(seq: number): number {
    let lo = 0;
    let hi = this.seqs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.seqs[mid]!;
      if (s === seq) return mid;
      if (s < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

const ROWS_PER_CHUNK = 256;

/**
 * Collects rendered lines and hands them to `out` a few hundred at a time, joined with the
 * separator (`\n` unless told). Each row's pieces are flattened into its chunk
 * while they are young, instead of 10,000 row strings surviving until the page's final join:
 * less for the garbage collector to copy.
 */
export class RowChunks {
  private rows: string[] = [];

  /** `separator` goes between rows; joining `out` with it gives the same text as joining every row with it. */
  constructor(
    private readonly out: string[],
    private readonly separator = '\n',
  ) {}

  push(...lines: string[]): void {
    for (const line of lines) this.rows.push(line);
    if (this.rows.length >= ROWS_PER_CHUNK) this.flush();
  }

  flush(): void {
    if (this.rows.length === 0) return;
    this.out.push(this.rows.join(this.separator));
    this.rows = [];
  }
}

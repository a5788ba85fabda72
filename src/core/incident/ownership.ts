/**
 * Copy-on-write for one fold. `evolve` never changes what it was given: the first time a fold
 * touches an object it copies it, and only the copy is changed. Copies are remembered, so the
 * second event of the same fold that touches them changes them in place instead of copying a
 * 10,000-run array again: nobody outside the fold has seen them yet. The remembered set dies
 * with the fold, so what it returns is never changed afterwards.
 */
export class Ownership {
  private readonly mine = new WeakSet<object>();

  /** `value` itself when this fold made it, else a shallow copy this fold now owns. */
  writable<T extends object>(value: T): T {
    if (this.mine.has(value)) return value;
    const copy = Array.isArray(value) ? [...value] : value instanceof Map ? new Map(value) : { ...value };
    return this.adopt(copy as T);
  }

  /** Marks an object this fold just built as its own. */
  adopt<T extends object>(value: T): T {
    this.mine.add(value);
    return value;
  }
}

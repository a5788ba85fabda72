import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that took longest in a full run (2-core machine, about 15-40 s each), slowest first.
 * With timings of its own (a second run) vitest starts the longest files first; in a fresh clone it
 * has none and orders by file size, so a long file of few lines may start last and become the suite's
 * tail (304-321 s against 287 s). Only the order changes: a file missing here just runs in vitest's order.
 */
const SLOWEST = [
  'incident-playbooks',
  'install-package',
  'alert-group-race',
  'reliability-lazy-imports',
  'evidence-export-and-modes',
  'pg-errors-cli',
  'hooks-injection',
  'incident-race',
  'system-programs',
  'reliability-crash',
  'drill-tui-e2e',
  'export-html-browser',
  'conventions-cli',
  'tui-e2e',
  'store-contract-pg',
].map((name) => `test/${name}.test.ts`);

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const at = SLOWEST.indexOf(relative(this.ctx.config.root, f.moduleId));
      return at < 0 ? SLOWEST.length : at;
    };
    // Projects keep vitest's order (they run one after the other); within one, the known-slow files lead.
    const project = new Map(sorted.map((f) => [f.project.name, 0]));
    [...project.keys()].forEach((name, i) => project.set(name, i));
    return sorted
      .map((f, i) => ({ f, i }))
      .sort((a, b) => project.get(a.f.project.name)! - project.get(b.f.project.name)! || rank(a.f) - rank(b.f) || a.i - b.i)
      .map(({ f }) => f);
  }
}

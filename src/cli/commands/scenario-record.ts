import type { CliContext } from '../context.js';
import { withSession } from '../with-session.js';

/** `aiops scenario record INCIDENT [-o FILE]`: the scenario YAML on stdout, or written to FILE. */
export async function recordScenarioCmd(ctx: CliContext, id: string, opts: { output?: string; force?: boolean }): Promise<void> {
  await withSession(ctx, async (session) => {
    const { recordScenarioTo, formatProblem } = await import('../../app/record-scenario.js');
    const rec = await recordScenarioTo(session, id, { cwd: ctx.cwd, output: opts.output, force: opts.force });
    if (ctx.json) {
      // One document like every other --json output: schemaVersion first, controls escaped, not shown.
      ctx.emit({ ok: true, file: rec.file, valid: rec.problems.length === 0, problems: rec.problems, notes: rec.notes, scenario: rec.scenario }, () => '');
    } else if (rec.file) {
      ctx.out(`wrote ${rec.file}: ${rec.scenario.injects.length} injects, ${rec.scenario.script?.length ?? 0} script entries, ${rec.scenario.expectations.length} draft expectations`);
    } else {
      // Written safe to print (controls escaped in double-quoted strings): the same YAML as -o writes.
      process.stdout.write(rec.yaml);
    }
    if (!ctx.json) {
      for (const n of rec.notes) ctx.err(`note: ${n}`);
      for (const p of rec.problems) ctx.err(`warning: ${formatProblem(p)}`);
    }
  });
}

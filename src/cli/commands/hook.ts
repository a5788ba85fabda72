import type { Command } from 'commander';
import { incidentIdArgument } from '../option-values.js';
import { action, type CliContext } from '../context.js';
import { withSession } from '../with-session.js';
import { addVerbCommand, type VerbPresenter } from '../verb-command.js';
import { terminalLine, terminalText as printable } from '../../core/terminal-text.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerHook(program: Command): void {
  const hook = program.command('hook').description('the commands aiops.yaml binds to hooks: list, dry-run, run outside a step, undo, record, output');
  hook.command('list').description('every hook with where it is used, its undo pairing and drill mode').action(action(listCmd));
  hook.command('test')
    .argument('<name>')
    .option('--param <k=v>', 'a param value, repeatable', collect)
    .option('--incident <id>', "fill incident values from this incident (default: example values)", incidentIdArgument('--incident'))
    .description('print the exact argv and env a hook would run, and why it could not; runs nothing')
    .action(action(testCmd));
  addVerbCommand(hook, 'run', { present: presentRun, onOutput: liveOutput });
  addVerbCommand(hook, 'undo', { present: presentUndo, onOutput: liveOutput });
  addVerbCommand(hook, 'record', { present: presentRecord });
  hook.command('output')
    .argument('<id>', 'the incident id (INC-2026-0001; inc-2026-1 also works)', incidentIdArgument('<id>'))
    .argument('<run>', 'the run: run-3, or 3')
    .description("print a hook run's full captured output (stdout and stderr, redacted) and how it ended")
    .action(action(outputCmd));
}

async function outputCmd(ctx: CliContext, id: string, run: string): Promise<void> {
  const { readHookOutput, hookOutputLines } = await import('../../app/hook-output.js');
  const { displayTime } = await import('../env-zone.js');
  const { out, at } = await withSession(ctx, async (s) => ({ out: await readHookOutput(s, id, run), at: displayTime(ctx, s.project.config) }));
  ctx.emit({ output: out }, () => printable(hookOutputLines(out, at).join('\n')));
}

async function listCmd(ctx: CliContext): Promise<void> {
  const { loadProjectFor } = await import('../load.js');
  const { listHooks } = await import('../../app/hook-commands.js');
  const project = await loadProjectFor(ctx);
  const hooks = await listHooks(project);
  ctx.emit({ hooks }, () => {
    if (hooks.length === 0) return 'no hooks in aiops.yaml';
    const out: string[] = [];
    for (const h of hooks) {
      out.push(`${h.name}  (drill: ${h.drill}, timeout ${h.timeout}, approve: ${h.approve.join(' + ') || '-'}${h.approve.length ? '' : `; hook run needs ${h.runNeeds.join(' + ')}`})`);
      out.push(`  command  ${JSON.stringify(h.command)}`);
      if (h.env.length) out.push(`  env      ${h.env.join(', ')}`);
      if (h.undo) out.push(`  undo     ${h.undo}`);
      if (h.undoOf.length) out.push(`  undoes   ${h.undoOf.join(', ')}`);
      out.push(`  used by  ${h.usedBy.length ? h.usedBy.map((u) => `${u.playbook}@${u.version} ${u.step}`).join(', ') : '(no playbook step; aiops hook run only)'}`);
      for (const w of h.warnings) out.push(`  WARNING  ${w}`);
      for (const p of h.problems) out.push(`  PROBLEM  ${p}`);
    }
    return out.join('\n');
  });
  // A hook that cannot run is invalid input, as validate says of it (exit 2); a warning fails nothing.
  if (hooks.some((h) => h.problems.length)) process.exitCode = 2;
}

async function testCmd(ctx: CliContext, name: string, opts: { param?: string[]; incident?: string }): Promise<void> {
  const { loadProjectFor } = await import('../load.js');
  const { parseParams, testHook } = await import('../../app/hook-commands.js');
  const params = parseParams(opts.param) ?? {};
  const project = await loadProjectFor(ctx);
  const { resolveActor } = await import('../../app/session.js');
  const actor = resolveActor(ctx.as, ctx.env);
  let state;
  if (opts.incident) {
    state = await withSession(ctx, async (s) => (await import('../../app/live-incident.js')).loadIncident(s, opts.incident!));
  }
  const report = await testHook(project, name, { params, state, actor, now: ctx.clock.now().toISOString(), env: ctx.env });
  ctx.emit({ ok: report.problems.length === 0, ...report }, () => {
    const out = [`hook ${report.hook} — dry run, nothing was run${report.exampleIncident ? ' (incident values are examples; --incident ID uses a real one)' : ''}`];
    out.push(`program  ${report.program.ok ? `${report.program.path} (found, executable)` : `PROBLEM: ${report.program.problem}`}`);
    out.push('argv     one element per line, exactly as passed (JSON-quoted):');
    report.argv.forEach((a, i) => out.push(`  [${i}] ${JSON.stringify(a)}`));
    out.push('env      nothing else from your environment reaches it:');
    for (const e of report.env) out.push(`  ${e.name}=${e.hidden ? '(set; hidden, looks secret)' : JSON.stringify(e.value)}`);
    out.push(`cwd      ${report.cwd}`);
    out.push(`timeout ${report.timeoutMs} ms · drill: ${report.drill} · approve: ${report.approve.join(' + ')}${report.undo ? ` · undo: ${report.undo}` : ''}`);
    for (const n of report.notes) out.push(`note: ${n}`);
    for (const w of report.warnings) out.push(`WARNING: ${w}`);
    for (const p of report.problems) out.push(`PROBLEM: ${p}`);
    out.push(report.problems.length ? 'it would NOT run as it is' : 'it would run as shown');
    return out.join('\n');
  });
  if (report.problems.length) process.exitCode = 2;
}

function liveOutput(ctx: CliContext) {
  return ctx.json ? undefined : (text: string) => process.stderr.write(printable(text));
}

async function reportFire(ctx: CliContext, session: import('../../app/session.js').Session, fire: import('../../app/fire-hook.js').FireResult, lead: string[] = []): Promise<void> {
  const { incidentView } = await import('../../app/incident-view.js');
  const { readIncidentNotes } = await import('../../app/incident-notes.js');
  const r = fire.run;
  const f = r.finished;
  const line = fire.simulated
    ? `${r.hook}: simulated (drill) — would have run: ${JSON.stringify(r.argv)}`
    : `${r.hook} ${r.run}: ${fire.ok ? 'ok' : 'FAILED'} — exit ${f?.exitCode ?? '-'}${f?.signal ? ` (${f.signal})` : ''}${f?.timedOut ? ', timed out' : ''} in ${f?.durationMs ?? 0} ms${f?.error ? `: ${printable(f.error)}` : ''}${r.undoOf ? ` (undo of ${r.undoOf})` : ''}`;
  const now = session.clock.now();
  ctx.emit(
    {
      ok: fire.ok,
      hook: { run: r.run, hook: r.hook, step: r.step, argv: r.argv, simulated: fire.simulated, ok: fire.ok, exitCode: f?.exitCode ?? null, signal: f?.signal ?? null, timedOut: f?.timedOut ?? false, durationMs: f?.durationMs ?? null, error: f?.error ?? null, undoOf: r.undoOf ?? null },
      incident: incidentView(fire.state, now, session.project.roster, await readIncidentNotes(session, fire.state.id)),
    },
    () => [...lead, line].map(terminalLine).join('\n'),
  );
  if (!fire.ok) {
    if (!ctx.json) ctx.err(`hook ${r.hook} failed; --retry runs it again under the same approval`);
    process.exitCode = 1;
  }
}

const presentRun: VerbPresenter = async (ctx, session, { out }) => {
  const run = out.result as import('../../verbs/hook-run.js').HookRunResult;
  await reportFire(ctx, session, run.fire, run.requested ? [`${run.step}: requested; it needs no approval`] : []);
};

const presentUndo: VerbPresenter = async (ctx, session, { args, out }) => {
  const undo = out.result as import('../../app/hook-commands.js').HookRunOutcome & { undoOf: string };
  await reportFire(ctx, session, undo.fire, [`undo of ${undo.undoOf} (step ${args.step}) as ${undo.step}`]);
};

const presentRecord: VerbPresenter = async (ctx, session, { args, out }) => {
  const { incidentView } = await import('../../app/incident-view.js');
  const { readIncidentNotes } = await import('../../app/incident-notes.js');
  const r = out.result as { state: import('../../core/incident-state.js').IncidentState; events: import('../../core/events.js').NewEvent[] };
  const run = String(args.run);
  const ok = args.ok === true;
  const completed = r.events.find((e) => e.type === 'step.completed');
  ctx.emit({ ok: true, run, outcome: ok ? 'ok' : 'failed', completedStep: completed?.type === 'step.completed' ? completed.payload.step : null, incident: incidentView(r.state, session.clock.now(), session.project.roster, await readIncidentNotes(session, r.state.id)) }, () =>
    `${run}: recorded ${ok ? 'ok' : 'failed'} by ${session.actor}${completed?.type === 'step.completed' ? `; step ${completed.payload.step} done` : ''}${ok ? '' : '; --retry may run it again'}`,
  );
};

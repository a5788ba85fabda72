import type { Command } from 'commander';
import { action, type CliContext } from '../context.js';
import { withSession } from '../with-session.js';
import { addVerbCommand, type VerbPresenter } from '../verb-command.js';
import { EXPORT_FORMATS, parseExportFormat } from '../../core/export-formats.js';
import { incidentIdArgument, offers, outputFile } from '../option-values.js';
import { printWarnings } from '../print-warnings.js';

type Session = import('../../app/session.js').Session;

export function registerDrill(program: Command): void {
  const drill = program
    .command('drill')
    .description('tabletop drills: play a scenario (TUI, or --auto), judge, debrief, report')
    .argument('[scenario]', 'scenario id (shipped or in the scenarios directory) or a scenario YAML file')
    .option('--auto', "play the scenario's script unattended and print the score")
    .option('--speed <n>', 'drill seconds per real second, at most 3600 (TUI drills; with --auto, pace the run in real time)')
    .option('--no-tui', 'start the drill and print it, even on a TTY')
    .option('--facilitator <person>', 'who runs the drill: judges, pauses and ends it (default: you)')
    .action(action(drillCmd));
  drill.command('list').description('past drills with their scores').option('--scenario <id>', 'only runs of this scenario').action(action(listCmd));
  drill
    .command('run')
    .argument('<id>', 'the drill id', incidentIdArgument('<id>'))
    .option('--no-end', "keep the drill open at the scenario's end (end it with aiops drill end)")
    .description('deliver the injects as they fall due on the drill clock, print each, end the drill at the scenario end')
    .action(action(runCmd));
  drill.command('status').argument('<id>', 'the drill id', incidentIdArgument('<id>')).description('deliver the injects that are due, then show the next one and the live score').action(action(statusCmd));
  addVerbCommand(drill, 'judge', { present: presentJudge });
  addVerbCommand(drill, 'debrief', { present: presentDebrief });
  addVerbCommand(drill, 'end', { present: presentEnd });
  addVerbCommand(drill, 'pause', { present: (...a) => import('./drill-clock.js').then((m) => m.presentPause(...a)) });
  addVerbCommand(drill, 'resume', { present: (...a) => import('./drill-clock.js').then((m) => m.presentPause(...a)) });
  const report = drill
    .command('report')
    .argument('<id>', 'the drill id', incidentIdArgument('<id>'))
    .option('--format <format>', 'md, json or html', 'md')
    .option('-o, --output <file>', 'write to a file instead of stdout', outputFile)
    .description('after-action report: score, expectations, timeline with injects, measures, debrief, trend')
    .action(action(reportCmd));
  offers(report, '--format', EXPORT_FORMATS);
}

async function userError(message: string, opts: { hint?: string; details?: string[] } = {}): Promise<Error> {
  const { UserError } = await import('../../core/errors.js');
  return new UserError(message, opts);
}

/** A number as people write one in decimal (10, 2.5, 1e3): Number() alone also reads 0x10, 0b10 and 0o10. */
const DECIMAL = /^\+?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

async function parseSpeed(text: string | undefined): Promise<number | undefined> {
  if (text === undefined) return undefined;
  // Anything else is not a number here (NaN), refused with the words every other non-number gets.
  const n = DECIMAL.test(text) ? Number(text) : NaN;
  // The same check startDrill makes, here before anything is opened or written.
  const problem = (await import('../../drill/drill-clock.js')).drillSpeedProblem(n);
  if (problem) throw await userError(`--speed ${problem}, got "${text}"`);
  return n;
}

const mmss = async (ms: number) => `T+${(await import('../../core/duration.js')).formatShortDuration(ms)}`;

async function drillCmd(ctx: CliContext, ref: string | undefined, opts: { auto?: boolean; speed?: string; tui?: boolean; facilitator?: string }): Promise<void> {
  const speed = await parseSpeed(opts.speed);
  await withSession(ctx, async (session) => {
    const drills = await import('../../app/drills.js');
    if (!ref && ctx.stdinIsTTY && ctx.stdoutIsTTY && !ctx.json && !opts.auto) {
      const { pickScenario } = await import('../../ui/pick-scenario.js');
      const items = drills.availableScenarios(session.project).map((s) => ({ id: s.scenario.id, label: s.scenario.title, hint: `${s.scenario.id} · ${s.source}` }));
      ref = (await pickScenario(items)) ?? undefined;
      if (!ref) return;
    }
    if (!ref) {
      const all = drills.availableScenarios(session.project);
      const lines = all.map((s) => `${s.scenario.id.padEnd(28)} ${s.scenario.title}  (${s.source}${s.scenario.script?.length ? ', scripted' : ''})`);
      // Scenario files that are there but do not load (a roster edited to the team's own people) are
      // not "no scenarios": say which, and how to see every problem.
      const { resolve, sep } = await import('node:path');
      const dir = resolve(session.project.root, session.project.config.scenarios ?? 'scenarios') + sep;
      const broken = [...new Set(session.project.problems.map((p) => p.file).filter((f) => resolve(ctx.cwd, f).startsWith(dir)))];
      const none = broken.length
        ? [`no scenario loads: ${broken.length} file(s) in ${dir} have problems (${broken.slice(0, 3).join(', ')}${broken.length > 3 ? ', …' : ''}); aiops scenario validate lists them`]
        : ['no scenarios found: add one under scenarios/ (aiops scenario schema shows the format)'];
      throw await userError('name the scenario to drill', {
        details: lines.length ? lines : none,
        hint: `aiops drill ${all[0]?.scenario.id ?? 'SCENARIO'} --auto  (or open it on a terminal to run it with people)`,
      });
    }
    const loaded = drills.resolveScenario(session.project, ref, ctx.cwd);
    if (opts.auto) {
      await autoRun(ctx, session, loaded, speed, opts.facilitator);
      return;
    }
    const started = await drills.startDrill(session, loaded, { speed: speed ?? 1, ...(opts.facilitator ? { facilitator: opts.facilitator } : {}) });
    printWarnings(ctx, started.warnings);
    if (opts.tui !== false && !ctx.json && ctx.stdinIsTTY && ctx.stdoutIsTTY) {
      const { openTui } = await import('../open-tui.js');
      await openTui(drills.drillSession(session, started.timing), started.state.id);
      return;
    }
    await printStatus(ctx, session, started.state.id, [`started drill ${started.state.id} of ${loaded.scenario.id} (${loaded.source}: ${loaded.file})`]);
  }, { create: true });
}

async function autoRun(ctx: CliContext, session: Session, loaded: import('../../app/drills.js').AvailableScenario, speed: number | undefined, facilitator: string | undefined): Promise<void> {
  const { runAuto } = await import('../../verbs/run-auto.js');
  // runAuto plays the drill over the time just before now (AIOPS_NOW when set), so it ends now.
  const { fixedInstantFromEnv } = await import('../../core/clock.js');
  const now = fixedInstantFromEnv(ctx.env) ?? new Date(Math.floor(ctx.clock.now().getTime()));
  const result = await runAuto({ ...session, clock: { now: () => now } }, loaded, {
    speed,
    ...(facilitator !== undefined ? { facilitator } : {}),
    onEntry: ctx.json ? undefined : (o) => {
      for (const w of o.warnings) ctx.err(`script #${o.index + 1} (${o.at} ${o.as} ${o.do}): warning: ${w}`);
      if (o.error) ctx.err(`script #${o.index + 1} (${o.at} ${o.as} ${o.do}): ${o.error.kind}: ${o.error.message}`);
    },
  });
  if (result.errors > 0) process.exitCode = 1;
  printWarnings(ctx, result.warnings);
  const lines = await autoSummary(result);
  ctx.emit({ ok: result.errors === 0, ...result }, () => lines.join('\n'));
}

async function autoSummary(r: import('../../verbs/run-auto.js').AutoResult): Promise<string[]> {
  const { formatShortDuration } = await import('../../core/duration.js');
  const label: Record<string, string> = { met: 'met', met_late: 'met late', missed: 'MISSED', not_judged: 'not judged', not_reached: 'not reached' };
  const out = [
    `drill ${r.id}: ${r.scenario.title}`,
    `score ${r.score.score}/100  (${r.score.earned} of ${r.score.possible} points; ${formatShortDuration(r.drillMs)} of drill time${r.early ? ' (the script ended it early)' : ''} in ${r.wallMs} ms)`,
    '',
  ];
  for (const e of r.score.results) out.push(`  ${label[e.outcome]!.padEnd(10)} ${e.id.padEnd(22)} w${e.weight}  ${e.reason}`);
  if (r.injects.heldBack.length) out.push('', `held back: ${r.injects.heldBack.map((h) => `${h.key} (${h.reason})`).join('; ')}`);
  if (r.errors) out.push('', `${r.errors} script entr${r.errors === 1 ? 'y' : 'ies'} failed (see above)`);
  out.push('', `report: aiops drill report ${r.id}`);
  return out;
}

async function printStatus(ctx: CliContext, session: Session, id: string, lead: string[] = []): Promise<void> {
  const { drillStatus } = await import('../../app/drills.js');
  const st = await drillStatus(session, id);
  const out = [...lead];
  out.push(`${st.id}  ${st.scenario.title}  at ${await mmss(st.elapsedMs)} of ${await mmss(st.endMs)}${st.speed !== 1 ? ` (speed ×${st.speed})` : ''}`);
  for (const inj of st.state.injects) out.push(`  ${await mmss(Date.parse(inj.ts) - Date.parse(st.state.openedAt))}  [${inj.kind}]${inj.source ? ` from ${inj.source}` : ''} ${inj.summary}`);
  if (st.ended) out.push(`ended at ${(await import('../env-zone.js')).displayTime(ctx, session.project.config)(st.ended.ts)}${st.ended.early ? ' (early)' : ''}: score ${st.ended.score}/100`);
  else {
    out.push(st.next ? `next inject in ${await mmss(st.next.inDrillMs)} of drill time` : 'no more injects');
    out.push(`live score ${st.live.score}/100; work it with aiops incident ... ${id}; end it with aiops drill end ${id}`);
  }
  const { state: _s, delivered, ...rest } = st;
  ctx.emit({ ok: true, ...rest, delivered: delivered.map((e) => e.seq), incident: { id: st.state.id, status: st.state.status, current: st.state.current, injects: st.state.injects } }, () => out.join('\n'));
}

async function listCmd(ctx: CliContext, opts: { scenario?: string }): Promise<void> {
  await withSession(ctx, async (session) => {
    const { listDrills } = await import('../../app/drills.js');
    const { drills: rows, warnings } = await listDrills(session, opts);
    const at = (await import('../env-zone.js')).displayTime(ctx, session.project.config);
    // None of the scenario asked for: say so, with the close name meant or the scenarios that have drills.
    const played = rows.length === 0 && opts.scenario !== undefined ? [...new Set((await listDrills(session)).drills.map((r) => r.scenario))].sort() : [];
    const { didYouMean } = await import('../../core/closest-name.js');
    printWarnings(ctx, warnings);
    ctx.emit({ drills: rows.map(({ results: _r, ...row }) => row), ...(warnings.length ? { warnings } : {}) }, () => {
      if (rows.length === 0 && opts.scenario !== undefined) {
        const near = didYouMean(opts.scenario, played);
        if (near) return `no drill of scenario ${opts.scenario}${near}`;
        return `no drill of scenario ${opts.scenario}; ${played.length ? `drills were played of: ${played.join(', ')}` : 'no drills yet: aiops drill SCENARIO --auto'}`;
      }
      if (rows.length === 0) return 'no drills yet: aiops drill SCENARIO --auto';
      // In a zone with summer time the label's width changes (UTC+01:00, UTC+02:00, UTC): pad to the widest.
      const started = rows.map((r) => at(r.startedAt));
      const width = Math.max(...started.map((t) => t.length));
      return rows
        .map((r, i) => `${r.id.padEnd(16)} ${started[i]!.padEnd(width)}  ${r.status.padEnd(9)} ${(r.score === null ? '—' : `${r.score}/100`).padStart(7)}${r.early ? ' early' : '      '}  ${r.scenario.padEnd(26)} ${r.playbook}${r.auto ? '  auto' : ''}`)
        .join('\n');
    });
  }, { listing: true, readOnly: true });
}

/** One inject as people read it: when, what, who sent it, and its detail. */
function injectLines(fmt: (ms: number) => string, openedAt: string, e: import('../../core/events.js').EventOf<'drill.inject'>): string[] {
  const p = e.payload;
  const head = `T+${fmt(Date.parse(e.ts) - Date.parse(openedAt))}  [${p.kind}]${p.source ? ` from ${p.source}` : ''}: ${p.summary}`;
  return p.detail ? [head, ...p.detail.trimEnd().split('\n').map((l) => `    ${l}`)] : [head];
}

async function runCmd(ctx: CliContext, id: string, opts: { end?: boolean }): Promise<void> {
  await withSession(ctx, async (session) => {
    const { runDrillLoop, readDrill } = await import('../../app/drills.js');
    const { formatShortDuration } = await import('../../core/duration.js');
    const openedAt = (await readDrill(session, id)).timing.openedAt;
    let stop = false;
    const onSigint = () => void (stop = true);
    process.once('SIGINT', onSigint);
    const injects: unknown[] = [];
    try {
      const out = await runDrillLoop(session, id, {
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        stopped: () => stop,
        endAtScenarioEnd: opts.end !== false,
        onInject: (e) => {
          if (ctx.json) injects.push({ seq: e.seq, ts: e.ts, ...e.payload });
          else ctx.out(injectLines(formatShortDuration, openedAt, e).join('\n'));
        },
      });
      const ended = out.ended;
      ctx.emit({ ok: true, id, injects, ended }, () =>
        ended ? `${id} ended${ended.early ? ' early' : ''}: score ${ended.score}/100; report: aiops drill report ${id}` : `${id} still running; aiops drill run ${id} picks it up again`,
      );
    } finally {
      process.off('SIGINT', onSigint);
    }
  });
}

async function statusCmd(ctx: CliContext, id: string): Promise<void> {
  await withSession(ctx, (session) => printStatus(ctx, session, id));
}

const presentJudge: VerbPresenter = async (ctx, session, { id, args, out }) => {
  const r = out.result as { rescored: { score: number } | null };
  const met = args.met === true;
  const { judgedWords } = await import('../../verbs/verb-words.js');
  ctx.emit({ ok: true, id, expectation: args.expectation, met, rescored: r.rescored ? { score: r.rescored.score } : null }, () =>
    judgedWords(String(args.expectation), met, session.actor, r.rescored),
  );
};

const presentDebrief: VerbPresenter = async (ctx, _session, { id, out }) => {
  const r = out.result as import('../../app/act.js').ActResult;
  const { debriefWords } = await import('../../verbs/verb-words.js');
  ctx.emit({ ok: true, id, seq: r.events[0]?.seq }, () => debriefWords(id));
};

const presentEnd: VerbPresenter = async (ctx, _session, { id, out }) => {
  const r = out.result as import('../../app/drills.js').EndedDrill;
  const { endedWords } = await import('../../verbs/verb-words.js');
  ctx.emit({ ok: true, id, score: r.score.score, early: r.early, endedAt: r.endedAt, playedMs: Math.min(r.elapsedMs, r.scenarioMs), scenarioMs: r.scenarioMs, results: r.score.results }, () => endedWords(id, r).join('\n'));
};

async function reportCmd(ctx: CliContext, id: string, opts: { format: string; output?: string }): Promise<void> {
  const format = ctx.json ? 'json' : parseExportFormat(opts.format);
  await withSession(ctx, async (session) => {
    const { drillReport } = await import('../../app/drills.js');
    // Human text shows times in the display zone; the JSON document stays UTC, with schemaVersion like every --json one.
    const at = (await import('../env-zone.js')).displayTime(ctx, session.project.config);
    const report = await drillReport(session, id);
    printWarnings(ctx, report.warnings ?? []);
    let rendered: string;
    if (format === 'json') rendered = `${JSON.stringify((await import('../../core/output-version.js')).withSchemaVersion(report), null, 2)}\n`;
    else if (format === 'html') rendered = (await import('../../export/drill-report-html.js')).renderDrillReportHtml(report, at);
    else rendered = (await import('../../export/drill-report-md.js')).renderDrillReportMarkdown(report, at);
    // One sanitised text for stdout and -o alike: a report file is read with `cat` too.
    const { terminalJson, terminalText } = await import('../../core/terminal-text.js');
    const text = format === 'json' ? terminalJson(rendered) : terminalText(rendered);
    if (opts.output) {
      const { writeFileAtomic } = await import('../../app/write-file.js');
      const { logFiles } = await import('../../app/safe-output.js');
      // Replaces a file that is there (as it always has), never the log's own files.
      const path = writeFileAtomic(ctx.cwd, opts.output, text, { force: true, protect: logFiles(session.project.dbPath) });
      if (ctx.json) ctx.emit({ ok: true, id, format, file: path, score: report.score }, () => '');
      else ctx.err(`wrote ${path}`);
      return;
    }
    process.stdout.write(text);
  }, { readOnly: true });
}

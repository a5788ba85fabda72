import type { Command } from 'commander';
import { isHookStepId, isPolicyHookStepId } from '../../core/hook-step.js';
import { incidentIdArgument } from '../option-values.js';
import { terminalLine, terminalText } from '../../core/terminal-text.js';
import { action, type CliContext } from '../context.js';
import { withSession } from '../with-session.js';
import type { addVerbCommand, VerbPresenter } from '../verb-command.js';
import { presentActed } from '../present-acted.js';
import { printWarnings } from '../print-warnings.js';

type PolicyFiring = import('../../app/severity-policies.js').PolicyFiring;
type ActResult = import('../../app/act.js').ActResult;

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** The incident commands that run no verb: a command line naming one need not load the verb list. */
export const PLAIN_INCIDENT_COMMANDS: ReadonlySet<string> = new Set(['start', 'list', 'show', 'resume']);

/** `addVerb` is the verb-command builder; without it only the plain commands are built. */
export function registerIncident(program: Command, addVerb?: typeof addVerbCommand): void {
  const inc = program.command('incident').description('start and work incidents (every command also works without a TTY)');
  inc.command('start')
    .description('open an incident: picks the playbook by trigger, pins it, opens the TUI on a TTY')
    .option('--playbook <ref>', 'ID or ID@VERSION')
    .option('--trigger <trigger>', 'what fired, e.g. data_leakage')
    .option('--severity <sev>', 'SEV1..SEV4 (default: what the trigger implies)')
    .option('--title <title>', 'one line')
    .option('--service <service>', 'affected service or tenant')
    .option('--from-alert <file>', 'Alertmanager v4, Grafana unified, PagerDuty v3 or alert_sources: JSON; - for stdin; repeats join the open incident')
    .option('--assign-oncall', "give each role to the roster's primary on-call")
    .option('--context <k=v>', 'model/prompt version context, repeatable', collect)
    .option('--no-tui', 'act once and print, even on a TTY')
    .action(action(startCmd));
  inc.command('list')
    .description('open incidents (and drills)')
    .option('--status <status>', 'only this status')
    .option('--all', 'include closed')
    .action(action(listCmd));
  inc.command('show').argument('<id>', 'the incident id', incidentIdArgument('<id>')).option('--all-notes', 'list every note (default: the latest 5 on a terminal, 200 with --json)').description('who holds what, step states, approvals, hooks').action(action(showCmd));
  inc.command('resume').argument('<id>', 'the incident id', incidentIdArgument('<id>')).option('--no-tui', 'print instead of opening the TUI').description('open the TUI on an incident (prints it without a TTY)').action(action(resumeCmd));
  if (!addVerb) return;
  const addVerbCommand = addVerb;
  addVerbCommand(inc, 'assign', { present: presentAssign });
  addVerbCommand(inc, 'handoff', { present: presentAssign });
  addVerbCommand(inc, 'step', { present: presentStep, onOutput: rawOutput });
  addVerbCommand(inc, 'approve', { present: presentApprove, onOutput: rawOutput, confirm: async (...a) => (await import('../confirm-approve.js')).confirmApprove(...a) })
    .option('--yes', 'on a terminal, approve without being shown the argv and asked');
  addVerbCommand(inc, 'deny', { present: presentDeny });
  addVerbCommand(inc, 'request', { present: presentRequest });
  addVerbCommand(inc, 'note', { present: presentNote });
  addVerbCommand(inc, 'severity', { present: presentSeverity });
  addVerbCommand(inc, 'edit', { present: presentEdit });
  addVerbCommand(inc, 'status', { present: presentStatus });
  addVerbCommand(inc, 'close', { present: presentClose });
  addVerbCommand(inc, 'impact', { present: presentActed });
  addVerbCommand(inc, 'review', { present: presentActed });
}

async function printIncident(ctx: CliContext, session: import('../../app/session.js').Session, state: import('../../core/incident-state.js').IncidentState, extra: Record<string, unknown> = {}, lead?: string[], opts: { allNotes?: boolean } = {}): Promise<void> {
  const { incidentView } = await import('../../app/incident-view.js');
  const { readIncidentNotes, SHOWN_NOTES } = await import('../../app/incident-notes.js');
  const { formatIncident } = await import('../format-incident.js');
  const at = (await import('../env-zone.js')).displayTime(ctx, session.project.config);
  // Deadlines on a drill are read on the drill clock its incident records.
  const now = (await import('../../app/incident-clock.js')).incidentClock(state, session.clock).now();
  // A long incident's notes are capped to the latest ones; notesOmitted (beside the versioned view) says how many were left out.
  const notes = await readIncidentNotes(session, state.id, opts.allNotes ? {} : { latest: SHOWN_NOTES });
  const { pendingHook } = await import('../../app/incidents.js');
  const view = incidentView(state, now, session.project.roster, notes, (step) => pendingHook(session, state, step));
  const omitted = state.noteCount - notes.length;
  // A run with no outcome may still be running in another terminal: shown so, not as one to record.
  const running = ctx.json || state.runs.every((r) => r.finished) ? new Map<string, number>() : await (await import('../../app/fire-hook.js')).runsInProgress(session, state);
  // Each lead line is one line on the screen, as every line of the incident below it: a title's line
  // break in a hook's argv (`ran: …`), an error or a reason is shown as ␊, never as a line of its own.
  const leadLines = (lead ?? []).map(terminalLine);
  // argvShown is the text's way to show a missing value (<missing: NAME>); the versioned document keeps its argv.
  const document = { ...view, steps: view.steps.map(({ argvShown: _shown, ...step }) => step) };
  ctx.emit({ ok: true, ...extra, ...(omitted > 0 ? { notesOmitted: omitted } : {}), incident: document }, () => [...leadLines, ...(leadLines.length ? [''] : []), formatIncident(view, now, at, { count: state.noteCount, all: opts.allNotes }, running)].join('\n'));
}

interface StartOptions {
  playbook?: string;
  trigger?: string;
  severity?: string;
  title?: string;
  service?: string;
  fromAlert?: string;
  assignOncall?: boolean;
  context?: string[];
  tui: boolean;
}

async function startCmd(ctx: CliContext, opts: StartOptions): Promise<void> {
  const { contextPairs, VerbArgError } = await import('../../verbs/verb.js');
  let context: Record<string, string> | undefined;
  try {
    context = contextPairs({ context: opts.context });
  } catch (err) {
    if (!(err instanceof VerbArgError)) throw err;
    throw (await import('../verb-command.js')).cliArgError(err, () => '--context');
  }
  let alert: { file: string; raw: Buffer } | undefined;
  if (opts.fromAlert) {
    const { readAlertInput } = await import('../read-alert.js');
    alert = await readAlertInput(ctx.cwd, opts.fromAlert);
  }
  await withSession(ctx, async (session) => {
    if (alert) {
      const { receiveAlert } = await import('../../app/receive-alert.js');
      const got = await receiveAlert(session, alert.raw, { file: alert.file, playbook: opts.playbook, trigger: opts.trigger, severity: opts.severity, title: opts.title, service: opts.service, context, assignOncall: opts.assignOncall });
      if (got.outcome === 'appended' || got.outcome === 'resolved') {
        // What would have opened an incident does nothing to the one the alert joined: say so.
        const given = ([['--trigger', opts.trigger], ['--playbook', opts.playbook], ['--severity', opts.severity], ['--title', opts.title], ['--service', opts.service]] as const).filter(([, v]) => v !== undefined);
        if (given.length) got.warnings.push(`${given.map(([f]) => f).join(', ')} not used: the alert joined ${got.incidentId}, which was already open`);
      }
      printWarnings(ctx, got.warnings);
      if (got.outcome === 'ignored') {
        ctx.emit({ ok: true, outcome: 'ignored', incident: null, key: got.key, reason: got.reason, warnings: got.warnings }, () => terminalLine(got.reason));
        return;
      }
      if (got.outcome !== 'opened') {
        const a = got.state.alert!;
        const at = (await import('../env-zone.js')).displayTime(ctx, session.project.config);
        const lead = got.outcome === 'resolved'
          ? `${got.incidentId}: the source says its alert resolved at ${at(a.resolvedAt ?? a.lastSeen)}; recorded (the incident stays ${got.state.status} until someone changes it)`
          : `${got.incidentId}: alert received again (${a.count} notifications, first ${at(a.firstSeen)}, last ${at(a.lastSeen)}; ${a.firing} firing); appended, no new incident`;
        await printIncident(ctx, session, got.state, { outcome: got.outcome, key: got.key, warnings: got.warnings }, [terminalLine(lead)]);
        return;
      }
      if (opts.tui !== false && !ctx.json && ctx.stdinIsTTY && ctx.stdoutIsTTY) {
        const { openTui } = await import('../open-tui.js');
        await openTui(session, got.state.id);
        return;
      }
      await printIncident(ctx, session, got.state, { outcome: 'opened', key: got.key, warnings: got.warnings }, [`started ${got.state.id} with ${got.state.playbook.id}@${got.state.playbook.version}`]);
      return;
    }
    const { startIncident } = await import('../../app/start-incident.js');
    const { state, warnings, policies } = await startIncident(session, {
      playbook: opts.playbook,
      trigger: opts.trigger,
      severity: opts.severity,
      title: opts.title,
      service: opts.service,
      context,
      assignOncall: opts.assignOncall,
      alert,
    });
    printWarnings(ctx, warnings);
    if (opts.tui !== false && !ctx.json && ctx.stdinIsTTY && ctx.stdoutIsTTY) {
      const { openTui } = await import('../open-tui.js');
      await openTui(session, state.id);
      return;
    }
    const { policyFiringLine } = await import('../../app/severity-policies.js');
    await printIncident(ctx, session, state, { warnings, ...(policies.length ? { policies } : {}) }, [`started ${state.id} with ${state.playbook.id}@${state.playbook.version}`, ...policies.map((f) => terminalLine(policyFiringLine(f)))]);
  }, { create: true });
}

async function listCmd(ctx: CliContext, opts: { status?: string; all?: boolean }): Promise<void> {
  await withSession(ctx, async (session) => {
    if (ctx.json) return streamList(ctx, session, opts);
    const { listIncidents, parseStatusArg } = await import('../../app/incident-list.js');
    const status = opts.status === undefined ? undefined : parseStatusArg(opts.status);
    const rows = await listIncidents(session, { ...opts, status });
    const { formatIncidentList } = await import('../format-incident-list.js');
    const at = (await import('../env-zone.js')).displayTime(ctx, session.project.config);
    const none = `no ${status ? `${status} ` : opts.all ? '' : 'open '}incidents`;
    ctx.emit({ incidents: rows }, () => (rows.length === 0 ? none : formatIncidentList(rows, session.clock.now(), at)));
  }, { listing: true, readOnly: true });
}

/** `list --json` streamed: the rows' stored JSON, one a line, never all parsed or held at once. */
async function streamList(ctx: CliContext, session: import('../../app/session.js').Session, opts: { status?: string; all?: boolean }): Promise<void> {
  const { incidentListChunks, parseStatusArg } = await import('../../app/incident-list.js');
  const { OUTPUT_SCHEMA_VERSION } = await import('../../core/output-version.js');
  const status = opts.status === undefined ? undefined : parseStatusArg(opts.status);
  const separator = ',\n    ';
  let first = true;
  for await (const chunk of incidentListChunks(session, { status, all: opts.all }, separator)) {
    await ctx.writeJson(first ? `{\n  "schemaVersion": ${OUTPUT_SCHEMA_VERSION},\n  "incidents": [\n    ` : separator);
    await ctx.writeJson(chunk);
    first = false;
  }
  await ctx.writeJson(first ? `{\n  "schemaVersion": ${OUTPUT_SCHEMA_VERSION},\n  "incidents": []\n}\n` : '\n  ]\n}\n');
  // Waits for the last piece too: then every byte is with the OS and nothing else is left running.
  await ctx.writeJson('');
  (await import('../prompt-exit.js')).endPromptly();
}

async function showCmd(ctx: CliContext, id: string, opts: { allNotes?: boolean }): Promise<void> {
  await withSession(ctx, async (session) => {
    const { refreshIncident } = await import('../../app/act.js');
    await printIncident(ctx, session, await refreshIncident(session, id), {}, undefined, { allNotes: opts.allNotes });
  }, { readOnly: true, records: true, incident: id });
}

async function resumeCmd(ctx: CliContext, id: string, opts: { tui?: boolean }): Promise<void> {
  await withSession(ctx, async (session) => {
    const { refreshIncident } = await import('../../app/act.js');
    const state = await refreshIncident(session, id);
    if (opts.tui !== false && !ctx.json && ctx.stdinIsTTY && ctx.stdoutIsTTY) {
      const { openTui } = await import('../open-tui.js');
      await openTui(session, state.id);
      return;
    }
    await printIncident(ctx, session, state);
  }, { pinned: true });
}


// Hook output streams as it comes: each chunk passes the one sanitiser before the terminal.
const rawOutput = (ctx: CliContext) => (ctx.json ? undefined : (c: string) => void process.stderr.write(terminalText(c)));

const presentAssign: VerbPresenter = async (ctx, session, { args, out }) => {
  const r = out.result as ActResult;
  printWarnings(ctx, r.warnings);
  const prev = r.events.find((e) => e.type === 'role.assigned');
  const was = prev && prev.type === 'role.assigned' && prev.payload.previous ? ` (was ${prev.payload.previous})` : '';
  await printIncident(ctx, session, r.state, { warnings: r.warnings }, [`${args.role} → ${args.person}${was}`]);
};

const presentStep: VerbPresenter = async (ctx, session, { args, out }) => {
  const step = out.result as import('../../app/incidents.js').StepOutcome;
  if (step.kind === 'recorded') {
    printWarnings(ctx, step.result.warnings);
    await printIncident(ctx, session, step.result.state, { warnings: step.result.warnings }, [`${args.step}: ${args.reopen === true ? `reopened by ${session.actor}` : 'recorded'}`]);
    return;
  }
  await reportFire(ctx, session, step.fire);
};

async function reportFire(ctx: CliContext, session: import('../../app/session.js').Session, fire: import('../../app/fire-hook.js').FireResult): Promise<void> {
  const r = fire.run;
  const f = r.finished;
  const line = fire.simulated
    ? `${r.hook}: simulated (drill) — would have run: ${JSON.stringify(r.argv)}`
    : `${r.hook}: ${fire.ok ? 'ok' : 'FAILED'} — exit ${f?.exitCode ?? '-'}${f?.signal ? ` (${f.signal})` : ''}${f?.timedOut ? ', timed out' : ''} in ${f?.durationMs ?? 0} ms${f?.error ? `: ${f.error}` : ''}`;
  const { showArgv } = await import('../../core/show-argv.js');
  const ran = fire.simulated ? [] : [`  ran: ${showArgv(r.argv)}`];
  await printIncident(ctx, session, fire.state, { hook: { run: r.run, hook: r.hook, argv: r.argv, simulated: fire.simulated, ok: fire.ok, exitCode: f?.exitCode ?? null, timedOut: f?.timedOut ?? false, durationMs: f?.durationMs ?? null } }, [line, ...ran]);
  if (!fire.ok) {
    if (!ctx.json) {
      // A hook run on its own (hook:NAME) has no step to record as done by hand: it is run again.
      ctx.err(isHookStepId(r.step) ? `hook ${r.hook} failed; run it again with aiops hook run ${fire.state.id} ${isPolicyHookStepId(r.step ?? '') ? r.step : r.hook} --retry` : `hook ${r.hook} failed; retry with --retry, or record what you did by hand with --record --note ..`);
    }
    process.exitCode = 1;
  }
}

const presentApprove: VerbPresenter = async (ctx, session, { verb, args, out }) => {
  const approved = out.result as import('../../app/incidents.js').ApproveOutcome;
  const granted = approved.result.events.find((e) => e.type === 'approval.granted');
  const as = granted?.role ?? '?';
  const lead = `${args.step}: approved by ${session.actor} as ${as}${verb.id === 'override' ? ' (OVERRIDE)' : ''}${approved.missing.length ? `; still missing ${approved.missing.join(', ')}` : ''}`;
  // Earlier approvals that lapsed (given for another command) are said before what this one did.
  printWarnings(ctx, approved.result.warnings);
  if (approved.fired) {
    if (!ctx.json) ctx.out(terminalLine(lead));
    await reportFire(ctx, session, approved.fired);
    return;
  }
  const { heldBy } = await import('../../core/severity-policy.js');
  const held = approved.missing.length === 0 ? heldBy(approved.result.state, String(args.step)) : null;
  const heldLine = held ? [`${args.step}: fully approved; held by severity policy ${held.policy} until the ${held.role} acknowledges (aiops ack ${approved.result.state.id}), then it fires`] : [];
  await printIncident(ctx, session, approved.result.state, { missing: approved.missing, warnings: approved.result.warnings, ...(held ? { held } : {}) }, [lead, ...heldLine.map((l) => terminalLine(l))]);
};

const presentDeny: VerbPresenter = async (ctx, session, { args, out }) => {
  await printIncident(ctx, session, (out.result as ActResult).state, {}, [`${args.step}: denied by ${session.actor}: ${args.reason}`]);
};

const presentRequest: VerbPresenter = async (ctx, session, { args, out }) => {
  const { requestedWords } = await import('../../verbs/verb-words.js');
  await printIncident(ctx, session, (out.result as ActResult).state, {}, [requestedWords(String(args.step))]);
};

const presentNote: VerbPresenter = async (ctx, _session, { id, out }) => {
  const note = (out.result as ActResult).events.find((e) => e.type === 'note.added');
  ctx.emit({ ok: true, seq: note?.seq, attachments: note?.type === 'note.added' ? note.payload.attachments : [] }, () =>
    `note added to ${id} (seq ${note?.seq})${note?.type === 'note.added' && note.payload.attachments.length ? `; attached ${note.payload.attachments.map((a) => `${a.name} sha256:${a.sha256}`).join(', ')}` : ''}`,
  );
};

const presentSeverity: VerbPresenter = async (ctx, session, { out }) => {
  const r = out.result as ActResult & { policies?: PolicyFiring[] };
  const changed = r.events.find((e) => e.type === 'severity.changed');
  const policies = r.policies ?? [];
  const { policyFiringLine } = await import('../../app/severity-policies.js');
  await printIncident(ctx, session, r.state, policies.length ? { policies } : {}, [`severity → ${changed?.type === 'severity.changed' ? changed.payload.to : r.state.severity}`, ...policies.map((f) => terminalLine(policyFiringLine(f)))]);
};

const presentEdit: VerbPresenter = async (ctx, session, { out }) => {
  const r = out.result as ActResult;
  const e = r.events.find((x) => x.type === 'incident.edited');
  const p = e?.type === 'incident.edited' ? e.payload : null;
  // The old value may be the very text that could not be shown or passed (a NUL, an escape): quoted and sanitised.
  const lines = p ? (['title', 'service'] as const).filter((f) => typeof p[f] === 'string').map((f) => terminalText(`${f}: ${JSON.stringify(p.previous[f] ?? '')} → ${JSON.stringify(p[f])}`, { lines: false })) : [];
  if (p?.inventory) {
    const { describeRepin } = await import('../../core/inventory.js');
    lines.push(`inventory: ${describeRepin(p.previous.inventory, p.inventory)}`);
  }
  await printIncident(ctx, session, r.state, {}, lines);
};

const presentStatus: VerbPresenter = async (ctx, session, { out }) => {
  const r = out.result as ActResult;
  printWarnings(ctx, r.warnings);
  const changed = r.events.find((e) => e.type === 'status.changed');
  await printIncident(ctx, session, r.state, { warnings: r.warnings }, [`status → ${changed?.type === 'status.changed' ? changed.payload.to : r.state.status}`]);
};

const presentClose: VerbPresenter = async (ctx, session, { id, out }) => {
  const r = out.result as ActResult;
  printWarnings(ctx, r.warnings);
  await printIncident(ctx, session, r.state, { warnings: r.warnings }, [`${id} closed`]);
};

import type { Command } from 'commander';
import { action, type CliContext } from '../context.js';
import { withSession } from '../with-session.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerIncident(program: Command): void {
  const inc = program.command('incident').description('start and work incidents (every command also works without a TTY)');
  inc.command('start')
    .description('open an incident: picks the playbook by trigger, pins it, opens the TUI on a TTY')
    .option('--playbook <ref>', 'ID or ID@VERSION')
    .option('--trigger <trigger>', 'what fired, e.g. data_leakage')
    .option('--severity <sev>', 'SEV1..SEV4 (default: what the trigger implies)')
    .option('--title <title>', 'one line')
    .option('--service <service>', 'affected service or tenant')
    .option('--from-alert <file>', 'Alertmanager (v4) or PagerDuty (v3) webhook JSON; - for stdin')
    .option('--assign-oncall', "give each role to the roster's primary on-call")
    .option('--context <k=v>', 'model/prompt version context, repeatable', collect)
    .option('--no-tui', 'act once and print, even on a TTY')
    .action(action(startCmd));
  inc.command('list')
    .description('open incidents (and drills)')
    .option('--status <status>', 'only this status')
    .option('--all', 'include closed')
    .action(action(listCmd));
  inc.command('show').argument('<id>').description('who holds what, step states, approvals, hooks').action(action(showCmd));
  inc.command('resume').argument('<id>').option('--no-tui', 'print instead of opening the TUI').description('open the TUI on an incident (prints it without a TTY)').action(action(resumeCmd));
  inc.command('assign').argument('<id>').argument('<role>').argument('<person>').description('give a role to a person').action(action(assignCmd(false)));
  inc.command('handoff').argument('<id>').argument('<role>').argument('<person>').description('a role changes hands; the old holder is recorded').action(action(assignCmd(true)));
  inc.command('step')
    .argument('<id>')
    .argument('<step>')
    .option('--done', 'mark done (runs the hook of an action step, under its approvals)')
    .option('--skip <reason>', 'skip, with a reason')
    .option('--choose <option>', "a decision's option")
    .option('--note <text>', 'a note kept with the step')
    .option('--text <text>', 'the message actually sent (notify steps; default: the rendered template)')
    .option('--retry', 're-run a hook that failed (implies --done)')
    .option('--record', 'record a hook step as done by hand after its hook failed (needs --note; implies --done)')
    .description('complete, skip or decide a step')
    .action(action(stepCmd));
  inc.command('approve')
    .argument('<id>')
    .argument('<step>')
    .option('--note <text>', 'a note kept with the approval')
    .option('--override', 'break-glass: the commander approves past a missing approver (needs --reason)')
    .option('--reason <text>', 'why the override')
    .option('--no-run', 'approve without running the hook now')
    .description('approve a step; the last required approval runs its hook')
    .action(action(approveCmd));
  inc.command('deny').argument('<id>').argument('<step>').requiredOption('--reason <text>', 'why; shown to whoever re-requests').description('deny a step; it stays blocked until re-requested').action(action(denyCmd));
  inc.command('request').argument('<id>').argument('<step>').description('(re-)request approval for a step after a deny').action(action(requestCmd));
  inc.command('note')
    .argument('<id>')
    .argument('<text>')
    .option('--attach <file>', 'attach a file (stored by sha256), repeatable', collect)
    .option('--context <k=v>', 'model/prompt version context, repeatable', collect)
    .description('add a note, optionally with attachments')
    .action(action(noteCmd));
  inc.command('severity').argument('<id>').argument('<sev>').requiredOption('--reason <text>', 'why the severity changes').description('raise or lower severity').action(action(severityCmd));
  inc.command('status').argument('<id>').argument('<status>').option('--reason <text>', 'why the status changes (needed to reopen)').option('--summary <text>', 'what happened (needed to close)').description('open → mitigated → resolved → closed (reopen: status ID open --reason ..)').action(action(statusCmd));
  inc.command('close').argument('<id>').requiredOption('--summary <text>', 'what happened and what was done').description('close a resolved incident').action(action(closeCmd));
}

function parseKv(pairs: string[] | undefined): Record<string, string> | undefined {
  if (!pairs?.length) return undefined;
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) throw Object.assign(new Error(`--context wants KEY=VALUE, got "${p}"`), { user: true });
    out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}

async function printIncident(ctx: CliContext, session: import('../../app/session.js').Session, state: import('../../core/incident-state.js').IncidentState, extra: Record<string, unknown> = {}, lead?: string[]): Promise<void> {
  const { incidentView } = await import('../../app/incident-view.js');
  const { readIncidentNotes } = await import('../../app/incident-notes.js');
  const { formatIncident } = await import('../format-incident.js');
  const now = session.clock.now();
  const view = incidentView(state, now, session.project.roster, await readIncidentNotes(session, state.id));
  ctx.emit({ ok: true, ...extra, incident: view }, () => [...(lead ?? []), ...(lead?.length ? [''] : []), formatIncident(view, now)].join('\n'));
}

function warn(ctx: CliContext, warnings: string[]): void {
  if (!ctx.json) for (const w of warnings) ctx.err(`warning: ${w}`);
}

async function kvOrThrow(pairs: string[] | undefined) {
  try {
    return parseKv(pairs);
  } catch (err) {
    const { UserError } = await import('../../core/errors.js');
    throw new UserError((err as Error).message);
  }
}

async function startCmd(ctx: CliContext, opts: Record<string, any>): Promise<void> {
  const context = await kvOrThrow(opts.context);
  let alert: { file: string; raw: Buffer } | undefined;
  if (opts.fromAlert) {
    const { readAlertInput } = await import('../read-alert.js');
    alert = await readAlertInput(ctx.cwd, opts.fromAlert);
  }
  await withSession(ctx, async (session) => {
    const { startIncident } = await import('../../app/start-incident.js');
    const { state, warnings } = await startIncident(session, {
      playbook: opts.playbook,
      trigger: opts.trigger,
      severity: opts.severity,
      title: opts.title,
      service: opts.service,
      context,
      assignOncall: opts.assignOncall,
      alert,
    });
    warn(ctx, warnings);
    if (opts.tui !== false && !ctx.json && ctx.stdinIsTTY && ctx.stdoutIsTTY) {
      const { openTui } = await import('../open-tui.js');
      await openTui(session, state.id);
      return;
    }
    await printIncident(ctx, session, state, { warnings }, [`started ${state.id} with ${state.playbook.id}@${state.playbook.version}`]);
  });
}

async function listCmd(ctx: CliContext, opts: { status?: string; all?: boolean }): Promise<void> {
  await withSession(ctx, async (session) => {
    const { listIncidents, parseStatusArg } = await import('../../app/incidents.js');
    if (opts.status) parseStatusArg(opts.status);
    const rows = await listIncidents(session, opts);
    ctx.emit({ incidents: rows }, () =>
      rows.length === 0
        ? `no ${opts.all ? '' : 'open '}incidents`
        : rows.map((r) => `${r.id.padEnd(16)} ${r.severity} ${r.status.padEnd(9)} ${r.service.padEnd(16)} ${r.title}${r.drill ? '  [DRILL]' : ''}`).join('\n'),
    );
  }, { readOnly: true });
}

async function showCmd(ctx: CliContext, id: string): Promise<void> {
  await withSession(ctx, async (session) => {
    const { refreshIncident } = await import('../../app/session.js');
    await printIncident(ctx, session, await refreshIncident(session, id));
  }, { readOnly: true });
}

async function resumeCmd(ctx: CliContext, id: string, opts: { tui?: boolean }): Promise<void> {
  await withSession(ctx, async (session) => {
    const { refreshIncident } = await import('../../app/session.js');
    const state = await refreshIncident(session, id);
    if (opts.tui !== false && !ctx.json && ctx.stdinIsTTY && ctx.stdoutIsTTY) {
      const { openTui } = await import('../open-tui.js');
      await openTui(session, state.id);
      return;
    }
    await printIncident(ctx, session, state);
  });
}

function assignCmd(handoff: boolean) {
  return async (ctx: CliContext, id: string, role: string, person: string) => {
    await withSession(ctx, async (session) => {
      const { act } = await import('../../app/session.js');
      const r = await act(session, id, { kind: 'assign', role, person, handoff });
      warn(ctx, r.warnings);
      const prev = r.events.find((e) => e.type === 'role.assigned');
      const was = prev && prev.type === 'role.assigned' && prev.payload.previous ? ` (was ${prev.payload.previous})` : '';
      await printIncident(ctx, session, r.state, { warnings: r.warnings }, [`${role} → ${person}${was}`]);
    });
  };
}

async function stepCmd(ctx: CliContext, id: string, step: string, opts: Record<string, any>): Promise<void> {
  await withSession(ctx, async (session) => {
    const { workStep } = await import('../../app/incidents.js');
    const out = await workStep(session, id, step, { ...opts, onOutput: ctx.json ? undefined : (c: string) => process.stderr.write(c) });
    if (out.kind === 'recorded') {
      warn(ctx, out.result.warnings);
      await printIncident(ctx, session, out.result.state, { warnings: out.result.warnings }, [`${step}: recorded`]);
      return;
    }
    await reportFire(ctx, session, out.fire);
  });
}

async function reportFire(ctx: CliContext, session: import('../../app/session.js').Session, fire: import('../../app/fire-hook.js').FireResult): Promise<void> {
  const r = fire.run;
  const f = r.finished;
  const line = fire.simulated
    ? `${r.hook}: simulated (drill) — would have run: ${JSON.stringify(r.argv)}`
    : `${r.hook}: ${fire.ok ? 'ok' : 'FAILED'} — exit ${f?.exitCode ?? '-'}${f?.signal ? ` (${f.signal})` : ''}${f?.timedOut ? ', timed out' : ''} in ${f?.durationMs ?? 0} ms${f?.error ? `: ${f.error}` : ''}`;
  await printIncident(ctx, session, fire.state, { hook: { run: r.run, hook: r.hook, argv: r.argv, simulated: fire.simulated, ok: fire.ok, exitCode: f?.exitCode ?? null, timedOut: f?.timedOut ?? false, durationMs: f?.durationMs ?? null } }, [line]);
  if (!fire.ok) {
    if (!ctx.json) ctx.err(`hook ${r.hook} failed; retry with --retry, or record what you did by hand with --record --note ..`);
    process.exitCode = 1;
  }
}

async function approveCmd(ctx: CliContext, id: string, step: string, opts: { note?: string; override?: boolean; reason?: string; run?: boolean }): Promise<void> {
  if (opts.override && !opts.reason) {
    const { UserError } = await import('../../core/errors.js');
    throw new UserError('--override needs --reason "why this cannot wait for the missing approver"');
  }
  await withSession(ctx, async (session) => {
    const { approveStep } = await import('../../app/incidents.js');
    const out = await approveStep(session, id, step, {
      note: opts.note,
      override: opts.override ? opts.reason : undefined,
      fire: opts.run !== false,
      onOutput: ctx.json ? undefined : (c: string) => process.stderr.write(c),
    });
    const granted = out.result.events.find((e) => e.type === 'approval.granted');
    const as = granted?.role ?? '?';
    const lead = `${step}: approved by ${session.actor} as ${as}${opts.override ? ' (OVERRIDE)' : ''}${out.missing.length ? `; still missing ${out.missing.join(', ')}` : ''}`;
    if (out.fired) {
      if (!ctx.json) ctx.out(lead);
      await reportFire(ctx, session, out.fired);
      return;
    }
    await printIncident(ctx, session, out.result.state, { missing: out.missing }, [lead]);
  });
}

async function denyCmd(ctx: CliContext, id: string, step: string, opts: { reason: string }): Promise<void> {
  await withSession(ctx, async (session) => {
    const { act } = await import('../../app/session.js');
    const r = await act(session, id, { kind: 'deny', step, reason: opts.reason });
    await printIncident(ctx, session, r.state, {}, [`${step}: denied by ${session.actor}: ${opts.reason}`]);
  });
}

async function requestCmd(ctx: CliContext, id: string, step: string): Promise<void> {
  await withSession(ctx, async (session) => {
    const { act } = await import('../../app/session.js');
    const r = await act(session, id, { kind: 'request', step });
    await printIncident(ctx, session, r.state, {}, [`${step}: approval requested`]);
  });
}

async function noteCmd(ctx: CliContext, id: string, text: string, opts: { attach?: string[]; context?: string[] }): Promise<void> {
  const context = await kvOrThrow(opts.context);
  await withSession(ctx, async (session) => {
    const { addNote } = await import('../../app/incidents.js');
    const r = await addNote(session, id, text, { attach: opts.attach, context, cwd: ctx.cwd });
    const note = r.events.find((e) => e.type === 'note.added');
    ctx.emit({ ok: true, seq: note?.seq, attachments: note?.type === 'note.added' ? note.payload.attachments : [] }, () =>
      `note added to ${id} (seq ${note?.seq})${note?.type === 'note.added' && note.payload.attachments.length ? `; attached ${note.payload.attachments.map((a) => `${a.name} sha256:${a.sha256}`).join(', ')}` : ''}`,
    );
  });
}

async function severityCmd(ctx: CliContext, id: string, sev: string, opts: { reason: string }): Promise<void> {
  await withSession(ctx, async (session) => {
    const { act } = await import('../../app/session.js');
    const { parseSeverityArg } = await import('../../app/incidents.js');
    const to = parseSeverityArg(sev);
    const r = await act(session, id, { kind: 'severity', to, reason: opts.reason });
    await printIncident(ctx, session, r.state, {}, [`severity → ${to}`]);
  });
}

async function statusCmd(ctx: CliContext, id: string, status: string, opts: { reason?: string; summary?: string }): Promise<void> {
  await withSession(ctx, async (session) => {
    const { act } = await import('../../app/session.js');
    const { parseStatusArg } = await import('../../app/incidents.js');
    const to = parseStatusArg(status);
    const r = await act(session, id, { kind: 'status', to, reason: opts.reason, summary: opts.summary });
    warn(ctx, r.warnings);
    await printIncident(ctx, session, r.state, { warnings: r.warnings }, [`status → ${to}`]);
  });
}

async function closeCmd(ctx: CliContext, id: string, opts: { summary: string }): Promise<void> {
  await withSession(ctx, async (session) => {
    const { act } = await import('../../app/session.js');
    const r = await act(session, id, { kind: 'status', to: 'closed', summary: opts.summary });
    warn(ctx, r.warnings);
    await printIncident(ctx, session, r.state, { warnings: r.warnings }, [`${id} closed`]);
  });
}

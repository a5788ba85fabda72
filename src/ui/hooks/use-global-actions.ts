import { addNote, readAttachment } from '../../app/incidents.js';
import { UserError } from '../../core/errors.js';
import { act } from '../../app/act.js';
import { STATUS_TRANSITIONS } from '../../core/decide.js';
import type { IncidentStatus } from '../../core/events.js';
import { SEVERITIES, type Severity } from '../../core/constants.js';
import { terminalLine } from '../../core/terminal-text.js';
import { verbById } from '../../verbs/index.js';
import type { Screen } from '../screen.js';

/** How the status picker names a status that is not said as itself. */
const STATUS_LABEL: Partial<Record<IncidentStatus, string>> = { open: 'open (reopen)', cancelled: 'cancelled (no incident after all)', duplicate: 'duplicate-of (another incident)' };

export interface GlobalActions {
  note(): void;
  severity(): void;
  /** Changes the title or the service (the commander, with a reason), through the `edit` verb. */
  edit(): void;
  status(): void;
  quit(): void;
  /** Assigns (or hands off) the role selected in the roles pane. */
  assign(role: string | undefined, handoff: boolean): void;
}

/** Keys that work on the incident from any pane: note, severity, title and service, status, roles, leaving. */
export function useGlobalActions(s: Screen, opts: { cwd: string; leave(): void; command: string }): GlobalActions {
  const { session, incidentId, state, overlay, actions } = s;

  const note = () =>
    overlay.ask(`Note on ${state.id}`, 'What should the log remember? (empty: attach a file only)', (text) => askAttachment(text), true);

  // A path that cannot be attached asks again, keeping the note's text: nothing typed is lost to a typo.
  const askAttachment = (text: string, retry?: { path: string; problem: string }) =>
    overlay.open({
      kind: 'prompt',
      title: 'Attach a file?',
      label: `A path relative to ${opts.cwd}, or empty for none (the note is kept; Esc drops it)`,
      allowEmpty: true,
      ...(retry ? { initial: retry.path, problem: retry.problem } : {}),
      onSubmit: (raw) => {
        const path = raw.trim();
        let files: { data: Buffer; name: string }[] = [];
        try {
          files = path ? [readAttachment(opts.cwd, path)] : [];
        } catch (err) {
          if (err instanceof UserError) return askAttachment(text, { path: raw, problem: err.message });
          throw err;
        }
        overlay.close();
        actions.run('adding a note', async () => {
          const r = await addNote(session, incidentId, text, { files, cwd: opts.cwd });
          const ev = r.events.find((e) => e.type === 'note.added');
          const attached = ev?.type === 'note.added' ? ev.payload.attachments : [];
          return `note added (seq ${ev?.seq})${attached.length ? `; attached ${attached.map((f) => `${f.name} sha256:${f.sha256.slice(0, 12)}`).join(', ')}` : ''}`;
        });
      },
    });

  const severity = () =>
    overlay.open({
      kind: 'pick',
      title: `Severity (now ${state.severity})`,
      items: SEVERITIES.map((sev) => ({ id: sev, label: sev, hint: sev === state.severity ? 'current' : undefined })),
      initial: SEVERITIES.indexOf(state.severity),
      // Picking the severity it already has changes nothing: said at once, not after asking why.
      onPick: (to) =>
        to === state.severity
          ? (overlay.close(), s.say(`${state.id} is already ${to}; pick another severity to change it`, 'warn'))
          : overlay.ask(`Severity ${state.severity} → ${to}`, 'Why? (kept in the log)', (reason) =>
          actions.run(`changing severity to ${to}`, async () => {
            await act(session, incidentId, { kind: 'severity', to: to as Severity, reason });
            return `severity → ${to}`;
          }),
        ),
    });

  // The current value is offered to change only when it is plain text; one holding a NUL or an escape starts empty.
  const edit = () =>
    overlay.open({
      kind: 'pick',
      title: 'Change what?',
      items: (['title', 'service'] as const).map((f) => ({ id: f, label: f, hint: terminalLine(state[f]) })),
      onPick: (field) => {
        const f = field as 'title' | 'service';
        const now = state[f];
        overlay.open({
          kind: 'prompt',
          title: `New ${f} of ${state.id}`,
          label: `One line (now: ${terminalLine(now)})`,
          ...(terminalLine(now) === now ? { initial: now } : {}),
          onSubmit: (value) =>
            overlay.ask(`${f} → ${terminalLine(value)}`, 'Why? (kept in the log with the old value)', (reason) =>
              actions.run(`changing the ${f}`, async () => {
                const verb = verbById('edit');
                const args = { [f]: value, reason };
                verb.check?.(args);
                await verb.run(session, incidentId, args, { cwd: opts.cwd });
                return `${f} → ${terminalLine(value)}`;
              }),
            ),
        });
      },
    });

  // Every status the engine lets this incident go to (its transitions, not a list of the screen's own),
  // each asking what the CLI's `incident status` asks: a summary to close, a reason to reopen, the original of a duplicate.
  const status = () =>
    overlay.open({
      kind: 'pick',
      title: `Status (now ${state.status})`,
      items: STATUS_TRANSITIONS[state.status].map((st) => ({ id: st, label: STATUS_LABEL[st] ?? st })),
      onPick: (to) => {
        const target = to as IncidentStatus;
        if (target === 'duplicate') {
          return overlay.ask(`${state.id} duplicates which incident?`, 'Its id (INC-…); this one ends as its duplicate', (of) => askReason(target, { of }));
        }
        askReason(target, {});
      },
    });

  const askReason = (target: IncidentStatus, extra: { of?: string }) => {
    const closing = target === 'closed';
    overlay.ask(
      `${state.status} → ${target}${extra.of ? ` of ${terminalLine(extra.of)}` : ''}`,
      closing ? 'Summary for the record (required to close)' : target === 'open' ? 'Why reopen? (required)' : 'Reason (optional)',
      (text) =>
        actions.run(`changing status to ${target}`, async () => {
          const verb = verbById('status');
          const args = { status: target === 'duplicate' ? 'duplicate-of' : target, ...extra, ...(closing ? { summary: text } : text.trim() ? { reason: text } : {}) };
          verb.check?.(args);
          const r = await verb.run(session, incidentId, args, { cwd: opts.cwd });
          return { text: `status → ${target}${extra.of ? ` of ${terminalLine(extra.of)}` : ''}${r.warnings.length ? ` (${r.warnings.join('; ')})` : ''}`, tone: r.warnings.length ? 'warn' : 'good' };
        }),
      !closing && target !== 'open',
    );
  };

  const quit = () => {
    const local = s.runs.local;
    if (local) return s.say(`${local.hook} is still running; wait for its result before leaving`, 'bad');
    if (state.status === 'closed') return opts.leave();
    overlay.open({
      kind: 'confirm',
      title: `Leave ${state.id}? It stays ${state.status}.`,
      lines: ['Everything shown as done is already in the evidence log; nothing is lost.', `Come back with: ${opts.command} incident resume ${state.id}`],
      yes: 'leave',
      onYes: opts.leave,
    });
  };

  const assign = (role: string | undefined, handoff: boolean) => {
    if (!role) return;
    const people = Object.entries(session.project.roster.people).sort(([, a], [, b]) => Number(b.roles.includes(role)) - Number(a.roles.includes(role)));
    overlay.open({
      kind: 'pick',
      title: `${handoff ? 'Hand off' : 'Assign'} ${role}${state.roles[role] ? ` (now ${state.roles[role]!.person})` : ''} to`,
      items: people.map(([id, p]) => ({ id, label: `${id}${p.name ? ` — ${p.name}` : ''}`, hint: `${p.roles.includes(role) ? role : `not a ${role} in the roster`} · ${p.contact ?? ''}` })),
      onPick: (person) => {
        overlay.close();
        // The person who holds it already: nothing to record, said rather than passed over in silence.
        if (state.roles[role]?.person === person) return s.say(`${person} already holds ${role}; pick someone else to hand it to`, 'warn');
        actions.run(`${handoff ? 'handing off' : 'assigning'} ${role}`, async () => {
          const r = await act(session, incidentId, { kind: 'assign', role, person, handoff });
          return { text: `${role} → ${person}${r.warnings.length ? ` (${r.warnings.join('; ')})` : ''}`, tone: r.warnings.length ? 'warn' : 'good' };
        });
      },
    });
  };

  return { note, severity, edit, status, quit, assign };
}

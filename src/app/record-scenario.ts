import { resolve } from 'node:path';
import { Document, isMap, isSeq, Scalar, visit } from 'yaml';
import { stepHook } from '../core/decide.js';
import { UserError } from '../core/errors.js';
import type { EventOf, StoredEvent } from '../core/events.js';
import { isHookStepId } from '../core/hook-step.js';
import { reduceIncident } from '../core/reducer.js';
import { hasTerminalControls, terminalJson } from '../core/terminal-text.js';
import { checkSchema } from '../core/schema-problems.js';
import { type Expectation, type Scenario, ScenarioFile, type ScriptEntry } from '../core/schemas/scenario.js';
import { validateScenario } from '../core/validate-scenario.js';
import { formatProblem, parseYamlSource, type Problem } from '../core/yaml-source.js';
import { makeRedactor } from '../hooks/redact.js';
import { presetFinder } from '../hooks/redact-preset.js';
import type { Project } from './project.js';
import { factInjects, uniqueScenarioId } from './recorded-facts.js';
import type { Session } from './session.js';
import { checkOutputTarget, logFiles } from './safe-output.js';
import { writeFileAtomic } from './write-file.js';
import { scriptEntryFor } from '../verbs/script.js';
import type { VerbId } from '../verbs/verb.js';
import { completionOf, hookOf } from '../core/step-kinds/index.js';

export interface RecordedScenario {
  scenario: Scenario;
  yaml: string;
  /** Problems the result has against this project (an actor missing from the roster, say); empty when it validates. */
  problems: Problem[];
  /** Things left out of the script, and why. */
  notes: string[];
  file: string | null;
}

/** Milliseconds as a scenario duration, whole seconds: `0s`, `45s`, `12m30s`, `1h2m`. */
export function durationText(ms: number): string {
  let s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const out = `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
  return out || '0s';
}

/** The least a draft expectation allows, however fast the team was: a drill is not a race against the original pace. */
const MIN_ALLOWANCE_MS = 5 * 60_000;

/** A draft expectation's allowance: twice the observed time, at least five minutes, rounded up to a whole minute. */
export function allowanceFor(observedMs: number): string {
  const ms = Math.max(2 * Math.max(0, observedMs), MIN_ALLOWANCE_MS);
  return durationText(Math.ceil(ms / 60_000) * 60_000);
}

/**
 * Turns a real incident into a drill scenario: what the team found (the alert's text and labels,
 * the context, later notifications, notes) becomes injects at their offsets, what the team did
 * (undo runs included) becomes the script, and what they achieved a draft of expectations with a
 * generous allowance. Every text is passed through secret redaction. The id is one no scenario
 * file of the project uses (`replacing`: the file about to be overwritten).
 */
export async function recordScenario(session: Session, incidentId: string, opts: { cwd: string; replacing?: string | null } = { cwd: process.cwd() }): Promise<Omit<RecordedScenario, 'file'>> {
  const events: StoredEvent[] = await session.log.readIncident(incidentId);
  const state = reduceIncident(events);
  const opened = events.find((e): e is EventOf<'incident.opened'> => e.type === 'incident.opened');
  if (!state || !opened) throw new UserError(`no incident ${incidentId}`, { hint: 'aiops incident list --all shows them' });
  const extra = session.project.config.redact ?? [];
  // secretlint's preset is async and the scenario is built synchronously: its finds in the
  // events are redacted as literal values, with the supplement and aiops.yaml patterns.
  const finder = presetFinder();
  for (const e of events) finder.add(e.payload);
  const redact = makeRedactor(extra, await finder.finds());
  const clean = (text: string) => redact(text);
  const t0 = Date.parse(opened.ts);
  const off = (e: StoredEvent) => Date.parse(e.ts) - t0;
  const pb = opened.payload.playbookContent;
  const specOf = (id: string) => pb.steps.find((s) => s.id === id);
  const notes: string[] = [];
  const starter = opened.actor;

  const injects = await factInjects(session, events, opened, (e) => durationText(off(e)), clean);
  const script: ScriptEntry[] = [];
  const expectations: Expectation[] = [];
  const expIds = new Set<string>();
  const expect = (exp: Omit<Expectation, 'weight'> & { weight: number }) => {
    if (expIds.has(exp.id)) return;
    expIds.add(exp.id);
    expectations.push(exp);
  };
  // Args are named as the verb declares them, and each entry is checked to read back as its verb.
  const entry = (e: StoredEvent, as: string, verb: VerbId, args: Record<string, unknown>) =>
    script.push({ at: durationText(off(e)), as, ...scriptEntryFor(verb, args) });
  const firedSteps = new Set<string>();
  const runSteps = new Map<string, string>();
  const undoneRuns = new Set<string>();
  const deniedSteps = new Set<string>();

  events.forEach((e, i) => {
    const prev = events[i - 1];
    switch (e.type) {
      case 'role.assigned': {
        const p = e.payload;
        // In a drill the starter is the facilitator, not the commander: the script names them at T+0, for no points.
        if (p.source === 'starter') return void entry(e, starter, 'assign', { role: p.role, person: p.person });
        const as = p.source === 'oncall' ? starter : e.actor;
        entry(e, as, p.handoff ? 'handoff' : 'assign', { role: p.role, person: p.person });
        if (!p.handoff) expect({ id: `${p.role.replace(/_/g, '-')}-named`, event: 'role.assigned', match: { role: p.role }, within: allowanceFor(off(e)), weight: 1 });
        return;
      }
      case 'step.completed': {
        const p = e.payload;
        const spec = specOf(p.step);
        if (!spec || isHookStepId(p.step)) return;
        // A hook step completes when its hook succeeds; the approval or `--done` that fired it is what the team did.
        if (hookOf(spec) !== null && state.steps.find((s) => s.id === p.step)?.runs.length) return;
        const args: Record<string, unknown> = { step: p.step, ...(p.option !== undefined ? { choose: p.option } : { done: true }), ...(p.note ? { note: clean(p.note) } : {}) };
        entry(e, e.actor, p.option !== undefined ? 'step.choose' : 'step.done', args);
        if (p.option !== undefined) expect({ id: `decided-${p.step}`, event: 'step.completed', match: { step: p.step, option: p.option }, within: allowanceFor(off(e)), weight: 2 });
        else expect({ id: `done-${p.step}`, event: 'step.completed', match: { step: p.step }, within: allowanceFor(off(e)), weight: 1 });
        return;
      }
      case 'step.reopened':
        if (isHookStepId(e.payload.step)) return;
        // A hook step fires again after it: the next approval or --done is the team's, as the first was.
        firedSteps.delete(e.payload.step);
        entry(e, e.actor, 'step.reopen', { step: e.payload.step, reopen: true, reason: clean(e.payload.reason) });
        return;
      case 'step.skipped':
        if (isHookStepId(e.payload.step)) return;
        entry(e, e.actor, 'step.skip', { step: e.payload.step, skip: clean(e.payload.reason) });
        return;
      case 'approval.requested':
        if (isHookStepId(e.payload.step) || e.actor === 'system' || !deniedSteps.has(e.payload.step)) return;
        deniedSteps.delete(e.payload.step);
        entry(e, e.actor, 'request', { step: e.payload.step });
        return;
      case 'approval.granted': {
        const p = e.payload;
        if (isHookStepId(p.step)) return;
        entry(e, e.actor, p.override ? 'override' : 'approve', { step: p.step, ...(p.note ? { note: clean(p.note) } : {}), ...(p.override ? { override: clean(p.override.reason) } : {}) });
        if (p.role !== 'commander') expect({ id: `${p.step}-${p.role.replace(/_/g, '-')}-approved`, event: 'approval.granted', match: { step: p.step, role: p.role }, within: allowanceFor(off(e)), weight: 1 });
        return;
      }
      case 'approval.denied':
        if (isHookStepId(e.payload.step)) return;
        deniedSteps.add(e.payload.step);
        entry(e, e.actor, 'deny', { step: e.payload.step, reason: clean(e.payload.reason) });
        return;
      case 'hook.started':
      case 'hook.simulated': {
        const p = e.payload;
        if (p.undoOf) {
          // An undo runs as the pseudo-step of its hook; the script undoes the step whose run it reverses.
          const undone = runSteps.get(p.undoOf);
          if (undone === undefined || undoneRuns.has(p.undoOf)) return;
          undoneRuns.add(p.undoOf);
          // Undoing is part of what the team rehearses (resume after pause): played and expected.
          entry(e, e.actor, 'hook.undo', { step: undone });
          expect({ id: `${p.hook}-undo-ok`, event: 'hook.finished', match: { hook: p.hook, ok: true }, within: allowanceFor(off(e)), weight: 1 });
          return;
        }
        if (p.step === null || isHookStepId(p.step)) {
          notes.push(`${p.hook} at T+${durationText(off(e))} ran outside the playbook (aiops hook run); left out of the script`);
          return;
        }
        runSteps.set(p.run, p.step);
        if (firedSteps.has(p.step)) return;
        firedSteps.add(p.step);
        const spec = specOf(p.step);
        const st = state.steps.find((s) => s.id === p.step);
        const byApproval = spec !== undefined && completionOf(spec).by === 'hook' && prev?.type === 'approval.granted' && prev.payload.step === p.step && prev.actor === e.actor;
        if (!byApproval) entry(e, e.actor, 'step.done', { step: p.step, done: true });
        if (st && stepHook(st)) expect({ id: `${p.hook}-ok`, event: 'hook.finished', match: { hook: p.hook, ok: true }, within: allowanceFor(off(e)), weight: 3 });
        return;
      }
      case 'severity.changed':
        entry(e, e.actor, 'severity', { severity: e.payload.to, reason: clean(e.payload.reason) });
        expect({ id: `severity-${e.payload.to.toLowerCase()}`, event: 'severity.changed', match: { to: e.payload.to }, within: allowanceFor(off(e)), weight: 1 });
        return;
      case 'status.changed': {
        const p = e.payload;
        if (p.to === 'closed') entry(e, e.actor, 'close', { summary: clean(p.summary ?? 'closed') });
        else entry(e, e.actor, 'status', { status: p.to, ...(p.reason ? { reason: clean(p.reason) } : {}) });
        if (p.to === 'mitigated') expect({ id: 'mitigated', event: 'status.changed', match: { to: 'mitigated' }, within: allowanceFor(off(e)), weight: 2 });
        return;
      }
      default:
        return;
    }
  });

  // The drill's starter (who holds commander) is the first script entry's person.
  if (script[0]?.as !== starter) script.unshift({ at: '0s', as: starter, ...scriptEntryFor('assign', { role: 'commander', person: starter }) });
  const pinned = session.project.playbooks.some((p) => p.playbook.id === pb.id && p.playbook.version === pb.version);
  if (!pinned) notes.push(`${pb.id}@${pb.version} is not among this project's playbooks; the scenario names ${pb.id} (newest version)`);
  const initialSeverity = opened.payload.severity;
  const scenario: Scenario = {
    id: uniqueScenarioId(session, `recorded-${incidentId.toLowerCase()}`, { cwd: opts.cwd, replacing: opts.replacing ?? null }),
    title: clean(`Replay of ${incidentId}: ${opened.payload.title}`),
    description: `Recorded from ${incidentId} (opened ${opened.ts}) by aiops scenario record. The expectations are a draft taken from what the team did: each within: allows twice the time the team took (at least 5m); review them and the weights, and add manual ones.`,
    playbook: pinned ? `${pb.id}@${pb.version}` : pb.id,
    incident: {
      title: clean(opened.payload.title),
      service: clean(opened.payload.service),
      ...(opened.payload.trigger ? { trigger: opened.payload.trigger } : {}),
      severity: initialSeverity,
    },
    injects: stableByTime(injects),
    expectations,
    script,
  };
  const yaml = toYaml(scenario, incidentId);
  return { scenario, yaml, problems: validateText(session.project, yaml), notes };
}

function stableByTime<T extends { at: string }>(items: T[]): T[] {
  const ms = (t: string) => {
    const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(t);
    return m ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : 0;
  };
  return items.map((x, i) => ({ x, i })).sort((a, b) => ms(a.x.at) - ms(b.x.at) || a.i - b.i).map((p) => p.x);
}

function toYaml(sc: Scenario, incidentId: string): string {
  const doc = new Document(sc);
  doc.commentBefore = ` yaml-language-server: $schema=../schemas/scenario.schema.json\n Recorded from ${incidentId}; sensitive values were redacted. Review before sharing.`;
  if (isMap(doc.contents)) {
    for (const key of ['injects', 'expectations', 'script']) {
      const seq = doc.contents.get(key, true);
      if (isSeq(seq)) for (const item of seq.items) if (isMap(item)) item.flow = true;
    }
  }
  // A text holding a control (a note, a title, a hook's output) is double-quoted, where YAML escapes
  // C0 itself and terminalJson's \u escapes for the rest are valid too: the same values, and a file
  // (or stdout) that `cat` shows without a control acting on the terminal.
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && hasTerminalControls(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return terminalJson(doc.toString({ lineWidth: 0 }));
}

function validateText(project: Project, text: string): Problem[] {
  const file = 'recorded-scenario.yaml';
  const { source, problems } = parseYamlSource(file, text);
  if (!source) return problems;
  const checked = checkSchema(source, ScenarioFile);
  if (!checked.value) return checked.problems;
  return validateScenario(checked.value, source, {
    playbooks: project.playbooks,
    config: project.configFile ? project.config : null,
    roster: project.rosterFile ? project.roster : null,
  });
}

/** Records a scenario and writes it to `output` (refusing to overwrite unless `force`), or returns it for stdout. */
export async function recordScenarioTo(session: Session, incidentId: string, opts: { cwd: string; output?: string; force?: boolean }): Promise<RecordedScenario> {
  const target = opts.output ? resolve(opts.cwd, opts.output) : null;
  // Checked before the incident is read, as export checks it: a directory, a device or the log itself is refused up front.
  const rules = { force: opts.force, protect: logFiles(session.project.dbPath) };
  if (target) checkOutputTarget(target, opts.output!, rules);
  const rec = await recordScenario(session, incidentId, { cwd: opts.cwd, replacing: target });
  if (!opts.output) return { ...rec, file: null };
  return { ...rec, file: writeFileAtomic(opts.cwd, opts.output, rec.yaml, rules) };
}

export { formatProblem };

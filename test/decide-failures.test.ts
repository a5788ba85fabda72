import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Decision, type Failure, INVALID_CODES, type InvalidCode, type InvalidData, REFUSAL_RULES, type RefusalData, type RefusalRule, refusalEvent } from '../src/core/decide.js';
import { PolicyRefusal, UserError } from '../src/core/errors.js';
import { failureError, INVALID_PHRASES, phraseFailure, REFUSAL_PHRASES } from '../src/app/present-failure.js';
import { Given } from './decide-harness.js';
import { REPO } from './helpers/project.js';

const h = [{ role: 'commander', person: 'alice' }];
/** One example of every failure's data: the mapped types make a new code without an example a type error. */
const INVALID_EXAMPLES: { [C in InvalidCode]: InvalidData[C] } = {
  'incident.missing': { command: 'note' },
  'incident.exists': { incident: 'INC-1' },
  'incident.not-drill': { incident: 'INC-1' },
  'role.unknown': { role: 'x', roles: ['commander'] },
  'person.unusable': { person: '-x' },
  'person.not-in-roster': { person: 'bbo', people: ['bob'] },
  'handoff.unheld': { role: 'reviewer' },
  'step.unknown': { step: 'x', playbook: 'p@1.0.0' },
  'step.finished': { step: 's', status: 'skipped', by: 'alice', at: 'T' },
  'step.already': { step: 's', status: 'done' },
  'step.not-finished': { step: 's', status: 'pending' },
  'step.not-decision': { step: 's', kind: 'check' },
  'step.is-decision': { step: 's', options: ['yes'] },
  'step.completes-by-hook': { incident: 'INC-1', step: 's', hook: 'h' },
  'step.no-hook': { step: 's' },
  'option.unknown': { step: 's', option: 'x', options: ['yes'] },
  'skip.reason-missing': {},
  'record.note-missing': {},
  'record.nothing-failed': { step: 's', hasRun: true },
  'hook.not-succeeded': { hook: 'h', step: 's' },
  'hook.already-succeeded': { hook: 'h', step: 's' },
  'hook.undefined': { hook: 'h' },
  'hook-step.not-requested': { incident: 'INC-1', step: 'hook:h', hook: 'h' },
  'approval.not-needed': { step: 's' },
  'approval.complete': { step: 's' },
  'approval.hook-blocked': { incident: 'INC-1', step: 's', hook: 'h', reason: 'hook h cannot run: r' },
  'override.reason-missing': {},
  'override.nothing-missing': { step: 's' },
  'deny.reason-missing': {},
  'run.unknown': { run: 'run-1', incident: 'INC-1' },
  'run.ambiguous': { ref: '2', candidates: [{ run: 'run-2', hook: 'h', step: null, outcome: 'outcome unknown' }, { run: 'run-1', hook: 'h', step: 'pause', outcome: 'outcome unknown' }] },
  'run.has-outcome': { run: 'run-1', ok: false },
  'outcome.note-missing': {},
  'undo.not-succeeded': { run: 'run-1', hook: 'h' },
  'undo.mismatch': { hook: 'h', undo: null, requested: 'g' },
  'note.empty': {},
  'context.clash': { key: 'a.b', other: 'a-b', variable: 'AIOPS_CONTEXT_A_B' },
  'debrief.empty': {},
  'severity.reason-missing': {},
  'severity.unchanged': { incident: 'INC-1', severity: 'SEV1' },
  'edit.reason-missing': {},
  'edit.unchanged': { incident: 'INC-1', given: ['title'] },
  'edit.value-invalid': { field: 'title', problem: 'controls' },
  'ack.nothing': { incident: 'INC-1' },
  'ack.unknown-page': { incident: 'INC-1', page: 'P9', known: ['P1'] },
  'status.unchanged': { incident: 'INC-1', status: 'open' },
  'close.summary-missing': {},
  'reopen.reason-missing': {},
  'duplicate.target-missing': {},
  'duplicate.self': { incident: 'INC-1' },
  'duplicate.of-duplicate': { incident: 'INC-1', target: 'INC-2', original: 'INC-3' },
  'drill.already-ended': { incident: 'DRILL-1', at: 'T', score: 3 },
  'drill.not-ended': { incident: 'DRILL-1' },
  'impact.empty': {},
  'review.empty': {},
  'action.text-missing': {},
  'action.owner-missing': {},
  'action.due-invalid': { due: 'tomorrow' },
  'action.due-past': { due: '2020-01-01', at: '2020-01-01T23:59:59.999Z' },
  'action.due-far': { due: '99999d', at: '2300-09-19T00:00:00.000Z', maxDays: 3650 },
  'action.unknown': { incident: 'INC-1', action: 'A9', actions: ['A1'] },
  'action.already-closed': { action: 'A1', by: 'alice', at: 'T' },
  'judge.reason-missing': { expectation: 'update-clear', met: true, by: 'alice', at: '2026-03-01T10:05:00.000Z' },
  'drill.already-paused': { incident: 'DRILL-1', since: '2026-03-01T10:05:00.000Z' },
  'drill.not-paused': { incident: 'DRILL-1' },
};
const REFUSAL_EXAMPLES: { [R in RefusalRule]: RefusalData[R] } = {
  'incident.closed': { incident: 'INC-1' },
  'authority.assign': { allowed: ['commander'], verb: 'handoff', holders: h, actor: 'bob', held: [] },
  'authority.severity': { allowed: ['commander'], holders: h },
  'edit.commander': { holders: h },
  'authority.status': { allowed: ['commander'], holders: h },
  'authority.close': { allowed: ['commander'], holders: h },
  'status.transition': { from: 'open', to: 'closed', allowed: ['mitigated'] },
  'step.owner': { step: 's', owner: 'reviewer', actor: 'dan' },
  'approval.missing': { step: 's', missing: ['reviewer'] },
  'approval.denied': { incident: 'INC-1', step: 's', by: 'bob', reason: 'no' },
  'approval.role': { step: 's', roles: ['commander'], actor: 'dan', held: [] },
  'approval.two-person': { actor: 'alice', step: 's', role: 'commander', missing: ['reviewer'] },
  'override.commander': { holders: h },
  'hook.outcome-unknown': { incident: 'INC-1', hook: 'h', run: 'run-1', startedAt: 'T' },
  'hook.once-per-approval': { hook: 'h', step: 's' },
  'step.bypassed': { incident: 'INC-1', step: 'rollback', hook: 'rollback-prompt' },
  'hook.running': { hook: 'h', run: 'run-1', by: 'alice', at: 'T', pid: 7 },
  'approval.lapsed': { incident: 'INC-1', step: 'pause', hook: 'h', changes: ['argv[1] "a" → "b"'] },
  'policy.held': { incident: 'INC-1', step: 'hook:pause-feature', hook: 'pause-feature', policy: 'sev1-pause', role: 'commander', holder: 'alice' },
  'context.role': { incident: 'INC-1', actor: 'bob' },
  'record.role': { run: 'run-1', hook: 'h', owner: 'commander', actor: 'mallory' },
  'postmortem.role': { incident: 'INC-1', actor: 'mallory', command: 'impact' },
  'drill.facilitator': { incident: 'DRILL-1', facilitator: 'alice', actor: 'mallory', what: 'pauses the drill' },
};

describe('every failure has a phrase', () => {
  it('given the failure codes and refusal rules core declares, when the presenter is asked, then each has exactly one phrase', () => {
    expect(Object.keys(INVALID_PHRASES).sort()).toEqual([...INVALID_CODES].sort());
    expect(Object.keys(REFUSAL_PHRASES).sort()).toEqual([...REFUSAL_RULES].sort());
  });

  it('given an example of each, when phrased, then the message is a sentence with no hole in it', () => {
    for (const code of INVALID_CODES) {
      const { message, hint } = phraseFailure({ ok: false, kind: 'invalid', code, data: INVALID_EXAMPLES[code] } as never);
      expect(message, code).toMatch(/\S/);
      expect(`${message} ${hint ?? ''}`, code).not.toMatch(/undefined|\[object/);
    }
    for (const rule of REFUSAL_RULES) {
      const { message } = phraseFailure({ ok: false, kind: 'refused', rule, command: 'x', args: {}, role: null, data: REFUSAL_EXAMPLES[rule] } as never);
      expect(message, rule).toMatch(/\S/);
      expect(message, rule).not.toMatch(/undefined|\[object/);
    }
  });

  it('given a run still alive elsewhere, when phrased, then hook.running says to wait, as fire-hook did', () => {
    const message = REFUSAL_PHRASES['hook.running'](REFUSAL_EXAMPLES['hook.running'], 'fire');
    expect(message).toBe('hook h is running now (run run-1, fired by alice at T, aiops pid 7); it fires once per approval — wait for its outcome');
  });
});

describe('refusals as data, phrased at the edge', () => {
  it('given a refusal, when logged, then policy.refused carries the rule, command, phrased message and args, in the role the actor holds', () => {
    const g = Given.opened('data-leakage').given(['alice', { kind: 'assign', role: 'reviewer', person: 'bob' }]);
    const d = g.when('bob', { kind: 'severity', to: 'SEV3', reason: 'calm' });
    if (d.ok || d.kind !== 'refused') throw new Error('expected a refusal');
    expect(refusalEvent(g.state, g.ctx('bob'), d, 'the words')).toEqual({
      type: 'policy.refused',
      incidentId: 'INC-2026-0001',
      ts: '2026-03-01T02:00:00.000Z',
      actor: 'bob',
      role: 'reviewer',
      payload: { rule: 'authority.severity', command: 'severity', message: 'the words', args: { to: 'SEV3' } },
    });
  });

  it('given failures, when turned into errors, then a refusal is a PolicyRefusal (exit 3) and bad input a UserError with its hint (exit 2)', () => {
    const g = Given.opened('data-leakage');
    const refused = failureError(failed(g.when('dan', { kind: 'severity', to: 'SEV2', reason: 'x' })));
    expect(refused).toBeInstanceOf(PolicyRefusal);
    expect(refused).toMatchObject({ rule: 'authority.severity', message: 'only commander may change severity (commander: alice)' });
    const bad = failureError(failed(g.when('alice', { kind: 'step', step: 'pause', action: 'done' })));
    expect(bad).toBeInstanceOf(UserError);
    expect(bad).toMatchObject({ message: 'step pause completes when hook pause-feature succeeds', hint: 'aiops incident step INC-2026-0001 pause --done runs it once approvals are in' });
  });

  it('given the pure core, when its code is read, then no string in it names a CLI flag or command line', () => {
    const files = walk(join(REPO, 'src', 'core')).filter((f) => f.endsWith('.ts'));
    const offenders: string[] = [];
    for (const file of files) {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      for (const literal of code.match(/(['"`])(?:\\.|(?!\1)[^\\])*\1/g) ?? []) {
        if (/(^|[\s(])--[a-z]|\baiops (incident|hook|drill|evidence) \S/.test(literal)) offenders.push(`${file.slice(REPO.length + 1)}: ${literal}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

function failed(d: Decision): Failure {
  if (d.ok) throw new Error('expected a failure, the command was accepted');
  return d;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

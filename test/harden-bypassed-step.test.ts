import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aiopsInProcess as cli } from './helpers/cli-in-process.js';
import { makeProject, type TempProject } from './helpers/project.js';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

describe('an action step off the path the decisions took', () => {
  it('cannot be approved, overridden or fired afterwards: refused (exit 3) with rule step.bypassed, logged, and nothing runs', async () => {
    // Given hallucinated-commitment, where "not-reproducible" skips the rollback action
    project = makeProject({ withScenarios: false });
    const p = project;
    const start = await cli(p, ['incident', 'start', '--trigger', 'hallucinated_commitment', '--title', 'Refund promise', '--service', 'shop-assistant', '--assign-oncall', '--json'], { as: 'alice' });
    expect(start.exitCode, start.stderr).toBe(0);
    const id = start.json().incident.id as string;
    const chose = await cli(p, ['incident', 'step', id, 'reproduce', '--choose', 'not-reproducible'], { as: 'bob' });
    expect(chose.exitCode, chose.stderr).toBe(0);
    const before = (await cli(p, ['incident', 'show', id, '--json'])).json().incident;
    expect(before.steps.find((s: { id: string }) => s.id === 'rollback').status).toBe('bypassed');
    // When each approver tries to approve it, the commander to override it, or the owner to fire it
    const attempts = [
      await cli(p, ['incident', 'approve', id, 'rollback', '--json'], { as: 'alice' }),
      await cli(p, ['incident', 'approve', id, 'rollback', '--json'], { as: 'carol' }),
      await cli(p, ['incident', 'approve', id, 'rollback', '--override', '--reason', 'just do it', '--json'], { as: 'alice' }),
      await cli(p, ['incident', 'step', id, 'rollback', '--done', '--json'], { as: 'carol' }),
    ];
    // Then every one is refused with the structured rule, and says why
    for (const r of attempts) {
      expect(r.exitCode, r.stderr).toBe(3);
      expect(r.json()).toMatchObject({ ok: false, error: { kind: 'refused', rule: 'step.bypassed' } });
    }
    const text = await cli(p, ['incident', 'approve', id, 'rollback'], { as: 'alice' });
    expect(text.stderr).toContain('step rollback is off the path the decisions took (bypassed), so it cannot be approved');
    // And no approval was recorded, no hook ran, and each refusal is in the evidence
    const after = (await cli(p, ['incident', 'show', id, '--json'])).json().incident;
    const rollback = after.steps.find((s: { id: string }) => s.id === 'rollback');
    expect(rollback).toMatchObject({ status: 'bypassed', approvals: [], runs: [] });
    const log = (await cli(p, ['evidence', 'export', id])).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(log.filter((e) => e.type === 'policy.refused' && e.payload.rule === 'step.bypassed')).toHaveLength(5);
    expect(log.some((e) => e.type === 'hook.started' || e.type === 'approval.granted')).toBe(false);
    const ran = join(p.stateDir, 'prompt-rollbacks.log');
    expect(existsSync(ran) ? readFileSync(ran, 'utf8') : '').toBe('');
  });
});

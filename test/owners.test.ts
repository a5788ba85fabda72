import { afterEach, describe, expect, it } from 'vitest';
import type { Project } from '../src/app/project.js';
import { type Session } from '../src/app/session.js';
import { act } from '../src/app/act.js';
import { startIncident } from '../src/app/start-incident.js';
import { ManualClock } from '../src/core/clock.js';
import { validateRoster } from '../src/core/validate-roster.js';
import { type EventLog, openEventLog } from '../src/store/index.js';
import { shippedProject } from './helpers/engine.js';

let log: EventLog;
afterEach(async () => {
  await log?.close();
});

async function sessionFor(actor: string, services: Project['roster']['services']): Promise<Session> {
  log ??= await openEventLog('memory:');
  const base = shippedProject();
  const project: Project = { ...base, roster: { ...base.roster, services } };
  return { project, log, clock: new ManualClock('2026-03-01T02:00:00.000Z'), actor, close: async () => {} };
}

describe('service owners in the roster (issue 19)', () => {
  it('with --assign-oncall the technical owner becomes model_owner ahead of the rota, and the business owner is named', async () => {
    log = await openEventLog('memory:');
    const s = await sessionFor('alice', { 'shop-assistant': { business: 'dan', technical: 'alice' } });
    const { state, warnings } = await startIncident(s, { trigger: 'policy_violation', service: 'shop-assistant', assignOncall: true });
    expect(state.roles.model_owner).toMatchObject({ person: 'alice' });
    const assigned = (await log.readIncident(state.id)).filter((e) => e.type === 'role.assigned').map((e) => e.type === 'role.assigned' && [e.payload.role, e.payload.person, e.payload.source]);
    expect(assigned).toContainEqual(['model_owner', 'alice', 'owner']);
    const opened = (await log.readIncident(state.id))[0]!;
    expect(opened.type === 'incident.opened' && opened.payload.owners).toEqual({ business: 'dan', technical: 'alice' });
    expect(warnings).toContain(`shop-assistant's business owner is dan: tell them, and note on ${state.id} that you did`);
    expect(warnings.some((w) => w.includes('technical owner'))).toBe(false);
  });

  it('without --assign-oncall the technical owner is proposed for model_owner', async () => {
    log = await openEventLog('memory:');
    const s = await sessionFor('alice', { 'shop-assistant': { technical: 'carol' } });
    const { state, warnings } = await startIncident(s, { trigger: 'policy_violation', service: 'shop-assistant', assignOncall: false });
    expect(state.roles.model_owner).toBeUndefined();
    expect(warnings).toContain(`shop-assistant's technical owner is carol: consider giving them model_owner on ${state.id}`);
  });

  it('calls out one person holding more than two roles, at start and on assign, and keeps the warning in the evidence', async () => {
    log = await openEventLog('memory:');
    const s = await sessionFor('alice', {});
    const { state, warnings } = await startIncident(s, { trigger: 'policy_violation', service: 'chat', assignOncall: false });
    expect(warnings.some((w) => w.includes('roles ('))).toBe(false);
    await act(s, state.id, { kind: 'assign', role: 'model_owner', person: 'alice' });
    const third = await act(s, state.id, { kind: 'assign', role: 'reviewer', person: 'alice' });
    expect(third.warnings).toContain('alice holds 3 roles (commander, model_owner, reviewer): more than 2 for one person; hand some on');
    const e = third.events.find((x) => x.type === 'role.assigned')!;
    expect(e.type === 'role.assigned' && e.payload.warning).toContain('alice holds 3 roles');
  });

  it('a roster naming an owner who is not in people is a problem', () => {
    const roster = { people: { alice: { roles: ['commander'] } }, services: { shop: { business: 'zed' } } };
    const src = { problem: (path: (string | number)[], message: string) => ({ path, message }) };
    expect(validateRoster(roster as never, src as never)).toEqual([{ path: ['services', 'shop', 'business'], message: 'business owner "zed" of shop is not in people (alice)' }]);
  });
});

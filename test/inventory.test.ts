import { afterEach, describe, expect, it } from 'vitest';
import { approveStep, previewArgv } from '../src/app/incidents.js';
import { readInventory, setInventory } from '../src/app/inventory.js';
import type { Session } from '../src/app/session.js';
import { startIncident } from '../src/app/start-incident.js';
import { ManualClock } from '../src/core/clock.js';
import { UserError } from '../src/core/errors.js';
import { describeEvent } from '../src/export/describe-event.js';
import { INVENTORY_STREAM } from '../src/core/incident-id.js';
import { type EventLog, openEventLog } from '../src/store/index.js';
import { shippedProject } from './helpers/engine.js';

const T0 = '2026-03-01T00:00:00.000Z';
const hours = (h: number) => new Date(Date.parse(T0) + h * 3_600_000).toISOString();

let log: EventLog;
afterEach(async () => {
  await log?.close();
});

async function fresh(): Promise<{ clock: ManualClock; as: (actor: string) => Session }> {
  log = await openEventLog('memory:');
  const clock = new ManualClock(T0);
  return { clock, as: (actor) => ({ project: shippedProject(), log, clock, actor, close: async () => {} }) };
}

describe('aiops inventory (issue 19)', () => {
  it('keeps live and previous versions per field with who changed what when, in the one evidence chain', async () => {
    // Given a deploy that set three fields, then a prompt change 20 h later
    const { clock, as } = await fresh();
    await setInventory(as('alice'), 'shop-assistant', ['model=m1', 'prompt=p6', 'tools=t1'], 'first deploy');
    clock.set(hours(20));
    const second = await setInventory(as('carol'), 'shop-assistant', ['prompt=p7', 'model=m1'], 'deploy 2');
    // Then the change records only what changed, and what it replaced
    expect(second.change).toMatchObject({ service: 'shop-assistant', set: { prompt: 'p7' }, previous: { prompt: 'p6' }, actor: 'carol', ts: hours(20), reason: 'deploy 2' });
    expect(second.unchanged).toEqual(['model']);
    const inv = (await readInventory(log)).get('shop-assistant')!;
    expect(inv.live).toEqual({ model: 'm1', prompt: 'p7', tools: 't1' });
    expect(inv.previous).toEqual({ prompt: 'p6' });
    expect(inv.history.map((c) => [c.actor, c.set, c.reason])).toEqual([
      ['alice', { model: 'm1', prompt: 'p6', tools: 't1' }, 'first deploy'],
      ['carol', { prompt: 'p7' }, 'deploy 2'],
    ]);
    // And the events sit in the hash chain, on the inventory stream
    expect((await log.verify()).ok).toBe(true);
    expect((await log.readIncident(INVENTORY_STREAM)).map((e) => e.type)).toEqual(['inventory.changed', 'inventory.changed']);
  });

  it('decides a change again when another writer changed the inventory under it', async () => {
    const { as } = await fresh();
    await setInventory(as('alice'), 'svc', ['prompt=p1'], 'start');
    // When two deploys record at once, each read the stream before the other wrote
    await Promise.all([setInventory(as('alice'), 'svc', ['prompt=p2'], 'a'), setInventory(as('bob'), 'svc', ['prompt=p3'], 'b')]);
    // Then the later one was decided on the earlier one: what it replaced is what the earlier set
    const [, first, second] = (await readInventory(log)).get('svc')!.history;
    expect(first!.previous).toEqual({ prompt: 'p1' });
    expect(second!.previous).toEqual(first!.set);
    expect((await log.verify()).ok).toBe(true);
  });

  it('refuses unknown fields, empty versions and a missing reason, writing nothing', async () => {
    const { as } = await fresh();
    await setInventory(as('alice'), 'svc', ['prompt=p1'], 'start');
    const refusals = [
      [['weights=w1'], 'r', /"weights" is not an inventory field/],
      [['prompt='], 'r', /not a usable version/],
      [['prompt=p2'], '  ', /--reason/],
      [['prompt=p2', 'prompt=p3'], 'r', /given twice/],
    ] as const;
    for (const [pairs, reason, message] of refusals) {
      const err = await setInventory(as('alice'), 'svc', pairs, reason).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      expect((err as Error).message).toMatch(message);
    }
    expect(await log.readIncident(INVENTORY_STREAM)).toHaveLength(1);
  });

  it('a set of versions all live already is no error and writes nothing: a deploy job may run twice', async () => {
    const { as } = await fresh();
    await setInventory(as('alice'), 'svc', ['prompt=p1', 'model=m1'], 'start');
    expect(await setInventory(as('alice'), 'svc', ['prompt=p1', 'model=m1'], 'again')).toEqual({ change: null, unchanged: ['model', 'prompt'] });
    expect(await log.readIncident(INVENTORY_STREAM)).toHaveLength(1);
  });

  it('an incident pins its service inventory and the 24 h of changes before it; approvals carry the versions live then; the rollback resolves previous from the pin', async () => {
    // Given a service whose prompt changed 10 h before the incident (and whose first deploy is 30 h old)
    const { clock, as } = await fresh();
    await setInventory(as('alice'), 'shop-assistant', ['model=m1', 'prompt=p6', 'tools=t1'], 'first deploy');
    clock.set(hours(20));
    await setInventory(as('carol'), 'shop-assistant', ['prompt=p7'], 'deploy 2');
    clock.set(hours(30));
    const { state } = await startIncident(as('alice'), { trigger: 'policy_violation', service: 'shop-assistant', context: {} });
    // Then incident.opened pins the inventory with only the change of the last 24 h
    const opened = (await log.readIncident(state.id))[0]!;
    expect(opened.type === 'incident.opened' && opened.payload.inventory).toEqual({
      service: 'shop-assistant',
      live: { model: 'm1', prompt: 'p7', tools: 't1' },
      previous: { prompt: 'p6' },
      recent: [expect.objectContaining({ actor: 'carol', set: { prompt: 'p7' }, previous: { prompt: 'p6' }, reason: 'deploy 2' })],
    });
    expect(describeEvent(opened, () => undefined).text).toContain(`versions live: model m1, prompt p7, tools t1 - changed in the 24 h before: ${hours(20)} carol: prompt p7 (was p6) (deploy 2)`);
    // When a deploy lands during the incident and then the commander approves the rollback
    clock.set(hours(31));
    await setInventory(as('dan'), 'shop-assistant', ['model=m2'], 'unrelated deploy');
    expect(previewArgv(as('alice'), state, 'rollback')).toEqual(expect.arrayContaining(['--kind', 'prompt', '--service', 'shop-assistant', '--to', 'p6']));
    const approved = await approveStep(as('alice'), state.id, 'rollback', {});
    // Then the approval records the versions live at that moment, and will run the rollback to the pinned previous prompt
    const grant = approved.result.events.find((e) => e.type === 'approval.granted')!;
    expect(grant.type === 'approval.granted' && grant.payload.inventory).toEqual({ model: 'm2', prompt: 'p7', tools: 't1' });
    expect(grant.type === 'approval.granted' && grant.payload.argv).toEqual(expect.arrayContaining(['--to', 'p6']));
    expect(describeEvent(grant, () => undefined).text).toContain('versions live: model m2, prompt p7, tools t1');
  });

  it('without an inventory the rollback is passed the word previous, as before, and approvals carry no versions', async () => {
    const { as } = await fresh();
    const { state } = await startIncident(as('alice'), { trigger: 'policy_violation', service: 'chat', context: {} });
    expect(state.inventory).toBeUndefined();
    expect(previewArgv(as('alice'), state, 'rollback')).toEqual(expect.arrayContaining(['--to', 'previous']));
    const approved = await approveStep(as('alice'), state.id, 'rollback', {});
    const grant = approved.result.events.find((e) => e.type === 'approval.granted')!;
    expect(grant.type === 'approval.granted' && 'inventory' in grant.payload).toBe(false);
  });
});

import type { Command } from 'commander';
import type { InventoryChange, ServiceInventory } from '../../core/inventory.js';
import { terminalLine } from '../../core/terminal-text.js';
import { action, type CliContext } from '../context.js';

export function registerInventory(program: Command): void {
  const inv = program
    .command('inventory')
    .argument('[service]', 'only this service')
    .description('the version inventory: live and previous model, prompt template, tools and policy per service, with history')
    .action(action(showCmd));
  inv
    .command('set')
    .argument('<service>', 'the AI-assisted service')
    .argument('<versions...>', 'FIELD=VERSION, FIELD one of model, prompt, tools, policy')
    .requiredOption('--reason <text>', 'why the versions change (a deploy, a rollback)')
    .description('record the versions now live for a service, as an evidence event (a deploy job can call it)')
    .action(action(setCmd));
}

async function showCmd(ctx: CliContext, service: string | undefined): Promise<void> {
  const { withSession } = await import('../with-session.js');
  const { readInventory } = await import('../../app/inventory.js');
  const { displayTime } = await import('../env-zone.js');
  // Times on the terminal in the zone --tz / $TZ / tz: name, as every other listing; --json stays UTC.
  const { inventory, at } = await withSession(ctx, async (s) => ({ inventory: await readInventory(s.log), at: displayTime(ctx, s.project.config) }), { readOnly: true, listing: true });
  // History newest first, in the text and in --json alike: the latest change is what a responder looks for.
  const services = [...inventory.values()].filter((s) => service === undefined || s.service === service).map((s) => ({ ...s, history: [...s.history].reverse() }));
  if (service !== undefined && services.length === 0) {
    const { UserError } = await import('../../core/errors.js');
    const known = [...inventory.keys()];
    throw new UserError(`no inventory for service ${service}`, { hint: known.length ? `services with one: ${known.join(', ')}` : 'set one: aiops inventory set SERVICE model=… --reason …' });
  }
  const { INVENTORY_FIELDS, describeChange } = await import('../../core/inventory.js');
  ctx.emit({ services }, () => {
    if (services.length === 0) return 'no inventory yet: aiops inventory set SERVICE model=… prompt=… --reason …';
    return services.map((s) => serviceText(s, INVENTORY_FIELDS, describeChange, at)).join('\n\n');
  });
}

// Each row is one line of the listing: a line feed in a reason (or a version, a name) must not add a row of its own.
function serviceText(s: ServiceInventory, fields: readonly ('model' | 'prompt' | 'tools' | 'policy')[], describe: (c: InventoryChange) => string, at: (iso: string) => string): string {
  const lines = [`${s.service}`];
  for (const f of fields) {
    if (s.live[f] === undefined) continue;
    lines.push(`  ${f.padEnd(7)} live ${s.live[f]}${s.previous[f] !== undefined ? `   previous ${s.previous[f]}` : ''}`);
  }
  lines.push('  history:');
  for (const c of s.history) lines.push(`    ${at(c.ts)}  ${c.actor}: ${describe(c)} - ${c.reason}`);
  return lines.map(terminalLine).join('\n');
}

async function setCmd(ctx: CliContext, service: string, versions: string[], opts: { reason: string }): Promise<void> {
  const { withSession } = await import('../with-session.js');
  const { setInventory } = await import('../../app/inventory.js');
  const { describeChange } = await import('../../core/inventory.js');
  const result = await withSession(ctx, (s) => setInventory(s, service, versions, opts.reason), { create: true });
  ctx.emit(result, () => {
    if (!result.change) return terminalLine(`${service.trim()}: ${result.unchanged.join(', ')} already live as given; nothing changed, nothing logged`);
    const same = result.unchanged.length ? ` (${result.unchanged.join(', ')} already live)` : '';
    return terminalLine(`${result.change.service}: ${describeChange(result.change)}${same}, logged at seq ${result.change.seq}`);
  });
}

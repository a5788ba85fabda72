import { pinnedAuthority, rolesOf } from '../../authority.js';
import { rosterLogins } from '../acting-logins.js';
import { didYouMean } from '../../closest-name.js';
import type { EventPayloads, NewEvent, StoredEvent } from '../../events.js';
import { reduceIncident } from '../../reducer.js';
import type { RosterFile } from '../../schemas/roster.js';
import { playbookRoles, requiredApprovals } from '../../validate-playbook.js';
import { snapshotInventory } from '../../inventory.js';
import { newEvent } from '../new-event.js';
import type { DecideContext, OpenCommand } from './command.js';
import type { Accepted } from './decision.js';
import { followUps } from './follow-ups.js';
import { ownerProposals, ownersOf, roleLoadWarning } from './owners.js';
import { personIn } from '../../roster-person.js';
import { pinPolicies } from '../../severity-policy.js';

/** The title an incident gets when neither the responder nor the alert gave one. */
export function defaultIncidentTitle(trigger: string | null, playbookId: string, service: string | undefined): string {
  return `${(trigger ?? playbookId).replace(/_/g, ' ')}${service ? ` on ${service}` : ''}`;
}

/** Why a person is an unlikely holder of a role by the roster (not in it, or without that role); null when fine. */
export function rosterWarning(roster: RosterFile, person: string, role: string): string | null {
  const entry = personIn(roster.people, person);
  if (!entry) return `${person} is not in the roster${didYouMean(person, Object.keys(roster.people))}`;
  if (!entry.roles.includes(role)) return `${person} does not have the ${role} role in the roster (has: ${entry.roles.join(', ') || 'none'})`;
  return null;
}

/**
 * Opens an incident: incident.opened with the pinned playbook and the approvals each step needs,
 * commander for the starter, each role to its primary on-call when asked, then the follow-ups.
 */
export function decideOpen(cmd: OpenCommand, ctx: DecideContext): Accepted {
  const pb = cmd.playbook.playbook;
  const approvals: Record<string, string[]> = {};
  for (const s of pb.steps) {
    const need = requiredApprovals(s, ctx.config);
    if (need.length) approvals[s.id] = need;
  }
  // A drill's starter is its facilitator, not its commander: naming a commander is part of the drill.
  const drill = Boolean(cmd.drill);
  const meta = { incidentId: cmd.id, ts: ctx.now, actor: ctx.actor, role: drill ? null : 'commander' };
  const starterWarning = drill ? null : rosterWarning(ctx.roster, ctx.actor, 'commander');
  const warnings = starterWarning ? [`${starterWarning}; ${ctx.actor} holds commander until someone else is assigned`] : [];
  const service = cmd.service ?? cmd.alert?.service ?? 'unspecified';
  const inventory = cmd.inventory ? snapshotInventory(cmd.inventory, service, ctx.now) : undefined;
  const owners = ownersOf(ctx.roster, service);
  const policies = pinPolicies(ctx.config, pb, service, cmd.trigger);
  const events: NewEvent[] = [
    newEvent('incident.opened', meta, {
      title: cmd.title ?? cmd.alert?.title ?? defaultIncidentTitle(cmd.trigger, pb.id, cmd.service),
      service,
      severity: cmd.severity,
      trigger: cmd.trigger,
      playbook: { id: pb.id, version: pb.version, sha256: cmd.playbook.sha256 },
      playbookContent: pb,
      approvals,
      context: cmd.context ?? {},
      selection: cmd.selection,
      ...(cmd.drill ? { drill: cmd.drill } : {}),
      ...(cmd.scenarioContent ? { scenarioContent: cmd.scenarioContent } : {}),
      ...(cmd.alert ? { alert: openedAlert(cmd.alert) } : {}),
      ...(inventory ? { inventory } : {}),
      ...(owners ? { owners } : {}),
      ...(policies.length ? { policies } : {}),
      authority: pinnedAuthority(ctx.config.authority),
      ...(ctx.databaseLogins ? { logins: rosterLogins(ctx.roster) } : {}),
    }),
  ];
  if (!drill) {
    events.push(newEvent('role.assigned', meta, { role: 'commander', person: ctx.actor, previous: null, handoff: false, source: 'starter', ...(starterWarning ? { warning: starterWarning } : {}) }));
  }
  const oncallGaps: string[] = [];
  if (cmd.assignOncall) {
    const oncall = ctx.roster.oncall ?? {};
    for (const role of playbookRoles(pb)) {
      // The service's technical owner is its incidents' model owner, ahead of the on-call rota.
      const owner = role === 'model_owner' ? owners?.technical : undefined;
      const primary = owner ?? oncall[role]?.[0];
      if (!primary) {
        oncallGaps.push(role);
        continue;
      }
      if (role === 'commander' && primary === ctx.actor && !drill) continue;
      const previous = role === 'commander' && !drill ? ctx.actor : null;
      events.push(newEvent('role.assigned', { ...meta, actor: 'system', role }, { role, person: primary, previous, handoff: false, source: owner ? 'owner' : 'oncall' }));
    }
  }
  const opened = reduceIncident(events.map((e, i): StoredEvent => ({ ...e, seq: i + 1, prevHash: '', hash: '' })))!;
  const technicalAssigned = events.some((e) => e.type === 'role.assigned' && e.payload.source === 'owner');
  if (owners) warnings.push(...ownerProposals(cmd.id, service, owners, technicalAssigned));
  for (const person of new Set(Object.values(opened.roles).map((h) => h.person))) {
    const load = roleLoadWarning(rolesOf(opened, person), person);
    if (load) warnings.push(load);
  }
  return { ok: true, events: [...events, ...followUps(opened, [], ctx)], warnings, role: drill ? null : 'commander', oncallGaps };
}

/** The alert as incident.opened records it: what the command carries less the title and service it gave the incident. */
function openedAlert(a: NonNullable<OpenCommand['alert']>): NonNullable<EventPayloads['incident.opened']['alert']> {
  const { title: _title, service: _service, ...rest } = a;
  return rest;
}

import { actingRole, holdersOf, incidentRolesAllowed, rolesOf } from '../../authority.js';
import type { EventPayloads } from '../../events.js';
import type { IncidentState } from '../../incident-state.js';
import { unknownRole } from './arg-checks.js';
import type { CommandOf, DecideContext } from './command.js';
import { accept, type Decision, emit, invalid, refuse } from './decision.js';
import { roleLoadWarning } from './owners.js';
import { facilitatorOf } from './facilitator.js';
import { personIn, rosterNameOf } from '../../roster-person.js';


const PERSON_RE = /^[A-Za-z0-9][A-Za-z0-9_.@-]*$/;

/** Gives a role to a person (or hands it on); the commander assigns, a holder may hand their own role on. */
export function decideAssign(state: IncidentState, given: CommandOf<'assign'>, ctx: DecideContext): Decision {
  // Names compare case-insensitively (BOB is bob): the role goes to the person as the roster spells them.
  const cmd = { ...given, person: rosterNameOf(ctx.roster.people, given.person) ?? given.person };
  const unknown = unknownRole(cmd.role, state.playbookContent);
  if (unknown) return unknown;
  if (!PERSON_RE.test(cmd.person)) return invalid('person.unusable', { person: cmd.person });
  const allowed = incidentRolesAllowed('assign', state, ctx.config.authority);
  // Whoever holds a role may hand it on themselves (a shift change); anything else needs assign authority.
  const ownHandoff = cmd.handoff && state.roles[cmd.role]?.person === ctx.actor ? cmd.role : null;
  const role = actingRole(state, ctx.actor, allowed) ?? ownHandoff;
  // On a drill the facilitator seats the players, and while nobody holds commander anyone may name one:
  // taking command is part of the exercise, not a gift to whoever started it.
  const seats = state.drill !== null && (facilitatorOf(state)?.toLowerCase() === ctx.actor.toLowerCase() || (cmd.role === 'commander' && !cmd.handoff && !state.roles.commander));
  const verb = cmd.handoff ? 'handoff' : 'assign';
  if (!role && !seats) {
    const data = { allowed, verb, holders: holdersOf(state, allowed), actor: ctx.actor, held: rolesOf(state, ctx.actor) } as const;
    return refuse(state, ctx, 'authority.assign', verb, { role: cmd.role, person: cmd.person }, data);
  }
  const current = state.roles[cmd.role];
  // Already so: nothing to record, and a script or a second terminal doing the same is not an error.
  if (current?.person === cmd.person) return accept([], role, [`${cmd.person} already holds ${cmd.role}`]);
  if (cmd.handoff && !current) return invalid('handoff.unheld', { role: cmd.role });
  const warnings: string[] = [];
  const people = Object.keys(ctx.roster.people);
  const person = personIn(ctx.roster.people, cmd.person);
  // With a roster, a name not in it is almost always a typo: refuse before it becomes the record.
  if (!person && people.length > 0) return invalid('person.not-in-roster', { person: cmd.person, people });
  if (!person) warnings.push(`${cmd.person} is not in the roster`);
  else if (!person.roles.includes(cmd.role)) warnings.push(`${cmd.person} does not have the ${cmd.role} role in the roster (has: ${person.roles.join(', ') || 'none'})`);
  // Called out, not refused: at 3 a.m. a small team may have no one else.
  const load = roleLoadWarning([...new Set([...rolesOf(state, cmd.person), cmd.role])], cmd.person);
  if (load) warnings.push(load);
  const payload: EventPayloads['role.assigned'] = {
    role: cmd.role,
    person: cmd.person,
    previous: current?.person ?? null,
    handoff: Boolean(cmd.handoff),
    source: 'manual',
    ...(warnings.length ? { warning: warnings.join('; ') } : {}),
  };
  return accept([emit(state, ctx, 'role.assigned', payload, role)], role, warnings);
}

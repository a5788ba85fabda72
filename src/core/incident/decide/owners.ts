import type { RosterFile, ServiceOwners } from '../../schemas/roster.js';

/** More roles than this for one person is called out: one exhausted person should not hold them all. */
export const MAX_ROLES_PER_PERSON = 2;

/** The roster's owners of a service, if it names any. */
export function ownersOf(roster: RosterFile, service: string): ServiceOwners | undefined {
  const owners = roster.services?.[service];
  return owners && (owners.business !== undefined || owners.technical !== undefined) ? owners : undefined;
}

/** What start says about the owners it did not assign: who they are and how to give the technical owner the role. */
export function ownerProposals(id: string, service: string, owners: ServiceOwners, assigned: boolean): string[] {
  const out: string[] = [];
  if (owners.technical !== undefined && !assigned) out.push(`${service}'s technical owner is ${owners.technical}: consider giving them model_owner on ${id}`);
  if (owners.business !== undefined) out.push(`${service}'s business owner is ${owners.business}: tell them, and note on ${id} that you did`);
  return out;
}

/** The warning for a person holding more than MAX_ROLES_PER_PERSON roles in the incident, or null. */
export function roleLoadWarning(held: readonly string[], person: string): string | null {
  if (held.length <= MAX_ROLES_PER_PERSON) return null;
  return `${person} holds ${held.length} roles (${held.join(', ')}): more than ${MAX_ROLES_PER_PERSON} for one person; hand some on`;
}

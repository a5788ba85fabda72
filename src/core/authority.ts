import type { IncidentState } from './incident-state.js';
import type { Authority } from './schemas/config.js';

export type AuthorityAction = keyof Authority;

const DEFAULTS: Required<Authority> = {
  severity: ['commander'],
  status: ['commander'],
  close: ['commander'],
  assign: ['commander'],
};

/** Roles allowed to take an incident-wide action: aiops.yaml `authority:` or the defaults. */
export function rolesAllowed(action: AuthorityAction, authority: Authority | undefined): string[] {
  return authority?.[action] ?? DEFAULTS[action];
}

/** The roles a person holds in this incident right now. */
export function rolesOf(state: IncidentState, person: string): string[] {
  return Object.entries(state.roles)
    .filter(([, h]) => h.person === person)
    .map(([r]) => r);
}

/** The first of `allowed` the person holds, or null. */
export function actingRole(state: IncidentState, person: string, allowed: string[]): string | null {
  const held = rolesOf(state, person);
  return allowed.find((r) => held.includes(r)) ?? null;
}

export function describeHolders(state: IncidentState, roles: string[]): string {
  return [...new Set(roles)].map((r) => `${r}: ${state.roles[r]?.person ?? 'unassigned'}`).join(', ');
}

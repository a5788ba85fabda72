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

/** aiops.yaml `authority:` with the defaults filled in: what an incident pins when it opens. */
export function pinnedAuthority(authority: Authority | undefined): Required<Authority> {
  return { severity: rolesAllowed('severity', authority), status: rolesAllowed('status', authority), close: rolesAllowed('close', authority), assign: rolesAllowed('assign', authority) };
}

/**
 * The roles allowed to take an action in this incident: those it pinned when it opened, so a
 * host's edited aiops.yaml changes nothing for it; aiops.yaml's for an incident from an older log.
 */
export function incidentRolesAllowed(action: AuthorityAction, state: IncidentState, configured: Authority | undefined): string[] {
  return state.authority?.[action] ?? rolesAllowed(action, configured);
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

/** Who holds a role now (null: nobody), as a refusal names them. */
export interface Holder {
  role: string;
  person: string | null;
}

/** Who holds each of these roles now, each role once, in order. */
export function holdersOf(state: IncidentState, roles: string[]): Holder[] {
  return [...new Set(roles)].map((role) => ({ role, person: state.roles[role]?.person ?? null }));
}

import type { RosterFile } from './schemas/roster.js';
import type { Problem, YamlSource } from './yaml-source.js';
import { personIn } from './roster-person.js';

/** Checks roster.yaml beyond its schema: on-call lists and backups name people who exist and hold the role. */
export function validateRoster(roster: RosterFile, src: YamlSource): Problem[] {
  const problems: Problem[] = [];
  const people = roster.people;
  const known = Object.keys(people);
  for (const [id, person] of Object.entries(people)) {
    if (person.backup !== undefined && !personIn(people, person.backup)) {
      problems.push(src.problem(['people', id, 'backup'], `backup "${person.backup}" is not in people (${known.join(', ')})`));
    }
  }
  for (const [role, ids] of Object.entries(roster.oncall ?? {})) {
    ids.forEach((id, i) => {
      const person = personIn(people, id);
      if (!person) {
        problems.push(src.problem(['oncall', role, i], `"${id}" is on call for ${role} but is not in people (${known.join(', ')})`));
      } else if (!person.roles.includes(role)) {
        problems.push(
          src.problem(['oncall', role, i], `"${id}" is on call for ${role} but does not hold that role (roles: ${person.roles.join(', ') || 'none'})`),
        );
      }
    });
  }
  for (const [service, owners] of Object.entries(roster.services ?? {})) {
    for (const kind of ['business', 'technical'] as const) {
      const id = owners[kind];
      if (id !== undefined && !personIn(people, id)) problems.push(src.problem(['services', service, kind], `${kind} owner "${id}" of ${service} is not in people (${known.join(', ')})`));
    }
  }
  return problems;
}

import type { RosterFile } from './schemas/roster.js';
import type { Problem, YamlSource } from './yaml-source.js';
import { personIn } from './roster-person.js';

/**
 * Checks roster.yaml beyond its schema: no two people's names differ only by case (names compare
 * case-insensitively, so they would be one name held by two people), on-call lists and backups name
 * people who exist and hold the role, nobody is listed twice in one rota, and no database login is
 * claimed by two people (it would act as only one of them).
 */
export function validateRoster(roster: RosterFile, src: YamlSource): Problem[] {
  const problems: Problem[] = [];
  const people = roster.people;
  const known = Object.keys(people);
  problems.push(...namesDifferingByCase(roster, src));
  problems.push(...sharedLogins(roster, src));
  for (const [id, person] of Object.entries(people)) {
    if (person.backup !== undefined && !personIn(people, person.backup)) {
      problems.push(src.problem(['people', id, 'backup'], `backup "${person.backup}" is not in people (${known.join(', ')})`));
    }
  }
  for (const [role, ids] of Object.entries(roster.oncall ?? {})) {
    const listed = new Map<string, number>();
    ids.forEach((id, i) => {
      const person = personIn(people, id);
      const first = listed.get(id.toLowerCase());
      if (first === undefined) listed.set(id.toLowerCase(), i);
      if (first !== undefined) {
        // A repeat is no backup: the rota would page the same person again instead of the next one.
        problems.push(src.problem(['oncall', role, i], `"${id}" is on call for ${role} twice (also at position ${first + 1}); list each person once`));
      } else if (!person) {
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

/**
 * Two roster names that differ only by case (`alice`, `Alice`): names compare case-insensitively
 * everywhere else, so one human could answer to both and meet a two-person rule alone. The second is
 * reported, at its key, naming both.
 */
function namesDifferingByCase(roster: RosterFile, src: YamlSource): Problem[] {
  const problems: Problem[] = [];
  const first = new Map<string, string>();
  for (const id of Object.keys(roster.people)) {
    const seen = first.get(id.toLowerCase());
    if (seen === undefined) first.set(id.toLowerCase(), id);
    else problems.push(src.problem(['people', id], `${seen} and ${id} are the same name: names compare case-insensitively, so one person could act as both; give each person one name`, { key: true }));
  }
  return problems;
}

/** A login (a person's `login:`, else their roster id) that two people claim: the second is reported, naming both. */
function sharedLogins(roster: RosterFile, src: YamlSource): Problem[] {
  const problems: Problem[] = [];
  const owner = new Map<string, string>();
  // Logins by roster id first, so the problem points at the `login:` line that claims someone else's.
  const entries = Object.entries(roster.people).sort(([, a], [, b]) => Number(a.login !== undefined) - Number(b.login !== undefined));
  for (const [id, person] of entries) {
    const login = person.login ?? id;
    const first = owner.get(login);
    if (first === undefined) {
      owner.set(login, id);
      continue;
    }
    const claims = (who: string) => (roster.people[who]!.login === undefined ? `${who} (by roster id)` : `${who} (login: ${login})`);
    problems.push(
      src.problem(
        person.login === undefined ? ['people', id] : ['people', id, 'login'],
        `database login "${login}" is claimed by two people, ${claims(first)} and ${claims(id)}: on PostgreSQL it would act as only one of them; give each person their own login`,
      ),
    );
  }
  return problems;
}

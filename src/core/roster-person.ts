/**
 * The roster entry for a name, read as a map: a person called `constructor` or `toString` is a
 * person like any other, never a property every object inherits.
 */
export function personIn<P>(people: Readonly<Record<string, P>> | undefined, name: string): P | undefined {
  return people && Object.hasOwn(people, name) ? people[name] : undefined;
}

/**
 * A name as the roster spells it, compared case-insensitively (`ALICE` is `alice`), or undefined
 * when no roster person has it. Own keys only, as `personIn`.
 */
export function rosterNameOf(people: Readonly<Record<string, unknown>> | undefined, name: string): string | undefined {
  if (!people) return undefined;
  if (Object.hasOwn(people, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(people).find((id) => id.toLowerCase() === lower);
}

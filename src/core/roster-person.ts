/**
 * The roster entry for a name, read as a map: a person called `constructor` or `toString` is a
 * person like any other, never a property every object inherits.
 */
export function personIn<P>(people: Readonly<Record<string, P>> | undefined, name: string): P | undefined {
  return people && Object.hasOwn(people, name) ? people[name] : undefined;
}

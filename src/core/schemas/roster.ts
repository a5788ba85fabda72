import { z } from 'zod';
import { Identifier, RoleName } from './common.js';

export const Person = z.strictObject({
  name: z.string().optional(),
  contact: z.string().optional(),
  roles: z.array(RoleName).default([]),
  backup: z.string().optional(),
  /** The database login this person connects as on a PostgreSQL log (default: their roster id). */
  login: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.@-]*$/, 'a login is a PostgreSQL role name').optional(),
});
export type Person = z.infer<typeof Person>;

export const RosterFile = z
  .strictObject({
    people: z.record(Identifier, Person),
    oncall: z.record(RoleName, z.array(Identifier)).optional(),
  })
  .meta({ title: 'roster.yaml', description: 'People, their roles and contact paths, and the on-call order' });
export type RosterFile = z.infer<typeof RosterFile>;

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

export const ServiceOwners = z.strictObject({
  /** Answers for the workflow's outcomes: told at once, decides what customers are promised. */
  business: Identifier.optional(),
  /** Runs the model, prompt and tools behind it: the model owner of its incidents. */
  technical: Identifier.optional(),
});
export type ServiceOwners = z.infer<typeof ServiceOwners>;

export const RosterFile = z
  .strictObject({
    people: z.record(Identifier, Person),
    oncall: z.record(RoleName, z.array(Identifier)).optional(),
    /** Owners per AI-assisted service (issue 19): `incident start` proposes them, and gives model_owner to the technical owner with --assign-oncall. */
    services: z.record(z.string().min(1), ServiceOwners).optional(),
  })
  .meta({ title: 'roster.yaml', description: 'People, their roles and contact paths, and the on-call order' });
export type RosterFile = z.infer<typeof RosterFile>;

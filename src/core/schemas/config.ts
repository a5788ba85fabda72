import { z } from 'zod';
import { DurationText, Identifier, RoleName, Severity } from './common.js';

export const HookSpec = z
  .strictObject({
    description: z.string().optional(),
    command: z
      .array(z.string())
      .min(1, 'a hook command is an argv array with at least the program, e.g. [./ops/flag.sh, disable]'),
    timeout: DurationText.optional(),
    env: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an env allowlist entry is a variable name')).optional(),
    cwd: z.string().optional(),
    undo: Identifier.optional(),
    approve: z.array(RoleName).optional(),
    drill: z.enum(['simulate', 'run']).optional(),
  })
  .meta({ description: 'A named hook: an argv command, never a shell string' });
export type HookSpec = z.infer<typeof HookSpec>;

export const TriggerMapping = z.strictObject({
  match: z.record(z.string(), z.string()),
  trigger: Identifier,
  service: z.string().optional(),
  severity: Severity.optional(),
  title: z.string().optional(),
});
export type TriggerMapping = z.infer<typeof TriggerMapping>;

export const Authority = z.strictObject({
  severity: z.array(RoleName).optional(),
  status: z.array(RoleName).optional(),
  close: z.array(RoleName).optional(),
  assign: z.array(RoleName).optional(),
});
export type Authority = z.infer<typeof Authority>;

export const ConfigFile = z
  .strictObject({
    roster: z.string().optional(),
    playbooks: z.string().optional(),
    scenarios: z.string().optional(),
    db: z.string().optional(),
    redact: z.array(z.string()).optional(),
    assign: z.enum(['oncall', 'none']).optional(),
    triggers: z.array(TriggerMapping).optional(),
    hooks: z.record(Identifier, HookSpec).optional(),
    authority: Authority.optional(),
    /**
     * Who is acting: `database` (the default on PostgreSQL) the roster person whose login is
     * connected; `os` the OS user (a shared host), `claimed` whatever --as says (today's SQLite default).
     */
    identity: z.enum(['database', 'os', 'claimed']).optional(),
  })
  .meta({ title: 'aiops.yaml', description: "The team's aiops environment" });
export type ConfigFile = z.infer<typeof ConfigFile>;

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { LogUnreachable, PolicyRefusal, UserError } from '../core/errors.js';
import { terminalLine } from '../core/terminal-text.js';
import { assertRosterMember } from '../app/identity.js';
import { receiveAlert, type AlertOutcome } from '../app/receive-alert.js';
import type { Session } from '../app/session.js';
import { type Answer, createReceiver, type Receiver, type ServeTask } from './receiver.js';

export type { ServeTask } from './receiver.js';

export const DEFAULT_MAX_BODY = 1024 * 1024;
export const DEFAULT_RATE_PER_MINUTE = 6000;

export interface ServeOptions {
  host: string;
  port: number;
  /** Bearer token ($AIOPS_SERVE_TOKEN, else serve.token_file in aiops.yaml). */
  token?: string;
  /** PagerDuty webhook signing secret ($AIOPS_PAGERDUTY_SECRET, else serve.pagerduty_secret_file). */
  pagerDutySecret?: string;
  maxBody?: number;
  ratePerMinute?: number;
  log: (line: string) => void;
  /** Background jobs (paging, reminders) ticked on the session's clock. */
  tasks?: ServeTask[];
  tickMs?: number;
}

export interface Serving {
  address: AddressInfo;
  receiver: Receiver;
  /** Resolves once the on-open hooks started so far have finished (tests, shutdown). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/** Reads a secret from a file named in aiops.yaml (relative to it), trimmed of its trailing newline. */
function secretFile(session: Session, file: string | undefined, what: string): string | undefined {
  if (!file) return undefined;
  const path = resolve(session.project.root, file);
  try {
    const text = readFileSync(path, 'utf8').trim();
    if (!text) throw new UserError(`${what} file ${file} is empty`);
    return text;
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`cannot read the ${what} file ${file} named in aiops.yaml: ${(err as Error).message}`);
  }
}

/** The secrets serve checks requests against: the environment first, then the files aiops.yaml names. */
export function serveSecrets(session: Session, env: NodeJS.ProcessEnv): { token?: string; pagerDutySecret?: string } {
  const cfg = session.project.config.serve ?? {};
  const token = env.AIOPS_SERVE_TOKEN || secretFile(session, cfg.token_file, 'serve token');
  const pagerDutySecret = env.AIOPS_PAGERDUTY_SECRET || secretFile(session, cfg.pagerduty_secret_file, 'PagerDuty secret');
  if (!token && !pagerDutySecret) {
    throw new UserError('aiops serve needs a secret to check requests against; it never takes alerts unauthenticated', {
      hint: 'set AIOPS_SERVE_TOKEN (or serve: {token_file: FILE} in aiops.yaml); for PagerDuty, AIOPS_PAGERDUTY_SECRET or serve: {pagerduty_secret_file: FILE}',
    });
  }
  return { token: token || undefined, pagerDutySecret: pagerDutySecret || undefined };
}

/** The HTTP answer for what an alert came to. */
export function answerOf(got: AlertOutcome): Answer {
  if (got.outcome === 'ignored') return { status: 202, body: { ok: true, outcome: 'ignored', incident: null, key: got.key, reason: got.reason, warnings: got.warnings } };
  const a = got.state.alert;
  return {
    status: got.outcome === 'opened' ? 201 : 200,
    ...(got.replay ? { retry: true } : {}),
    body: { ok: true, outcome: got.outcome, incident: got.incidentId, key: got.key, count: a?.count ?? 1, firing: a?.firing ?? null, resolvedAt: a?.resolvedAt ?? null, warnings: got.warnings },
  };
}

/** GET /healthz: 200 while the evidence log answers, 503 naming it while it cannot be reached. */
async function healthOf(session: Session): Promise<Answer> {
  try {
    await session.log.head();
    return { status: 200, body: { ok: true, db: 'ok' } };
  } catch (err) {
    if (err instanceof LogUnreachable) return { status: 503, body: { ok: false, db: 'unreachable', error: `the evidence log at ${err.location} cannot be reached` } };
    return { status: 503, body: { ok: false, db: 'failing', error: (err as Error).message } };
  }
}

/**
 * Runs the receiver on the session: every alert through receiveAlert (the one write path), and on
 * an opened incident the hooks `serve.on_open` names, through the hook runner under the same
 * approvals (a hook that needs one is requested, not run).
 */
export async function startServe(session: Session, opts: ServeOptions): Promise<Serving> {
  const onOpen = session.project.config.serve?.on_open ?? [];
  for (const hook of onOpen) {
    if (!session.project.config.hooks?.[hook]) throw new UserError(`serve.on_open names hook "${hook}", which aiops.yaml does not define`);
  }
  const running = new Set<Promise<void>>();
  const runOnOpen = (id: string) => {
    const p = (async () => {
      const { runHookOutsideStep } = await import('../app/hook-commands.js');
      for (const hook of onOpen) {
        try {
          const out = await runHookOutsideStep(session, id, hook, { params: {} });
          opts.log(`${id}: on_open hook ${hook} ${out.fire.ok ? 'ran' : 'failed'}`);
        } catch (err) {
          const waiting = err instanceof PolicyRefusal && err.rule === 'approval.missing';
          opts.log(`${id}: on_open hook ${hook} ${waiting ? 'waits for approval' : `not run: ${(err as Error).message}`}`);
        }
      }
    })();
    running.add(p);
    void p.finally(() => running.delete(p));
  };
  const { serveDrift, telemetryHandler, followTelemetryFile } = await import('./serve-watch.js');
  const drift = await serveDrift(session);
  // Every alert is written as the serving person: refuse before listening, not with a 500 on each POST.
  assertRosterMember(session);
  const receiver = createReceiver({
    ...opts,
    ...(drift ? { telemetry: telemetryHandler(session, drift, opts.log) } : {}),
    maxBody: opts.maxBody ?? session.project.config.serve?.max_body ?? DEFAULT_MAX_BODY,
    ratePerMinute: opts.ratePerMinute ?? session.project.config.serve?.rate_per_minute ?? DEFAULT_RATE_PER_MINUTE,
    clock: session.clock,
    health: () => healthOf(session),
    receive: async (raw) => {
      const got = await receiveAlert(session, raw, { file: 'POST /alerts', replays: true });
      if (got.outcome === 'opened' && !got.replay && onOpen.length) runOnOpen(got.incidentId);
      return answerOf(got);
    },
  });
  // Said once when the connection to a PostgreSQL log goes and once when it is back (the next request or tick makes it again).
  const stopWatching = session.log.onConnectionChange?.((change) => {
    const at = `${session.clock.now().toISOString()} evidence log ${session.log.location}`;
    opts.log(terminalLine(change.state === 'lost' ? `${at}: connection lost (${change.reason}); connecting again on the next request (503 while it cannot)` : `${at}: connected again`));
  });
  const address = await receiver.listen(opts.host, opts.port).catch((err) => {
    stopWatching?.();
    throw err;
  });
  const settled = async () => {
    while (running.size) await Promise.allSettled([...running]);
  };
  // serve.watch_file: the drift rules on a telemetry file as it grows, until serve stops.
  const stopFollowing = new AbortController();
  const following = drift && session.project.config.serve?.watch_file
    ? followTelemetryFile(session, drift, receiver.serial, stopFollowing.signal, opts.log).catch((err) => opts.log(`watch_file stopped: ${(err as Error).message}`))
    : Promise.resolve();
  return {
    address,
    receiver,
    settled,
    stop: async () => {
      stopFollowing.abort();
      await following;
      await receiver.close();
      await settled();
      stopWatching?.();
    },
  };
}

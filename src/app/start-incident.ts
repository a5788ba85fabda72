import gt from 'semver/functions/gt.js';
import { type AlertStart, mapAlert } from '../core/alert-mapping.js';
import { type AlertFormat, parseAlert, type ParsedAlert } from '../core/alerts.js';
import { loneSurrogateEscape } from '../core/json-lone-surrogate.js';
import { jsonParseProblem } from '../core/json-position.js';
import { refuseBlank, UserError } from '../core/errors.js';
import type { AttachmentRef, EventPayloads } from '../core/events.js';
import { decide } from '../core/decide.js';
import { knownTriggers } from '../core/validate-config.js';
import type { PolicyFiring } from './severity-policies.js';
import type { IncidentState } from '../core/incident-state.js';
import { SEVERITIES, type Severity } from '../core/constants.js';
import { readInventory } from './inventory.js';
import { findPlaybook } from './playbooks.js';
import type { LoadedPlaybook } from './project.js';
import { decideContext, openIncident } from './pipeline.js';
import { oncallGapWarning, phraseFailure } from './present-failure.js';
import type { Session } from './session.js';

export interface StartOptions {
  playbook?: string;
  trigger?: string;
  severity?: string;
  title?: string;
  service?: string;
  context?: Record<string, string>;
  assignOncall?: boolean;
  /**
   * The raw payload as received (stored byte for byte), and its parse when the caller has it
   * (receiveAlert); `seenAt`: the log's head seq when the caller found no open incident of the
   * alert's group (the open then expects none opened since: AlertGroupOpened otherwise).
   */
  alert?: { file: string; raw: Buffer; parsed?: ParsedAlert; seenAt?: number };
  drill?: EventPayloads['incident.opened']['drill'];
  scenarioContent?: EventPayloads['incident.opened']['scenarioContent'];
}

export interface StartResult {
  state: IncidentState;
  warnings: string[];
  /** What the severity policies the opening severity reached came to (fired, held, awaiting approval). */
  policies: PolicyFiring[];
}

const rank = (s: Severity) => SEVERITIES.indexOf(s);

/** Picks the playbook: explicit, else the latest versions answering the trigger, most severe first. */
export function selectPlaybook(
  playbooks: LoadedPlaybook[],
  trigger: string,
): { chosen: LoadedPlaybook; severity: Severity; candidates: string[] } | null {
  const latest = new Map<string, LoadedPlaybook>();
  for (const p of playbooks) {
    const cur = latest.get(p.playbook.id);
    if (!cur || gt(p.playbook.version, cur.playbook.version)) latest.set(p.playbook.id, p);
  }
  const matches = [...latest.values()]
    .flatMap((p) => p.playbook.triggers.filter((t) => t.id === trigger).map((t) => ({ p, severity: t.severity })))
    .sort((a, b) => rank(a.severity) - rank(b.severity) || a.p.playbook.id.localeCompare(b.p.playbook.id));
  if (matches.length === 0) return null;
  return {
    chosen: matches[0]!.p,
    severity: matches[0]!.severity,
    candidates: matches.map((m) => `${m.p.playbook.id}@${m.p.playbook.version} (${m.severity})`),
  };
}

/** The most severe severity any of the playbook's triggers implies, if it lists any. */
function mostSevere(pb: LoadedPlaybook['playbook']): Severity | undefined {
  return [...pb.triggers].sort((a, b) => rank(a.severity) - rank(b.severity))[0]?.severity;
}

function mostSevereOf(a: Severity | undefined, b: Severity | undefined): Severity | undefined {
  if (!a || !b) return a ?? b;
  return rank(a) <= rank(b) ? a : b;
}

function openingAlert(a: ReturnType<typeof readAlert>, attachment: AttachmentRef): NonNullable<import('../core/decide.js').OpenCommand['alert']> {
  const p = a.parsed;
  return {
    format: p.format,
    ...(p.source ? { source: p.source } : {}),
    attachment,
    key: a.key,
    status: p.status,
    firing: p.alerts.filter((x) => x.status === 'firing').length,
    alerts: p.alerts,
    title: a.title ?? null,
    service: a.service ?? null,
  };
}

function parseSeverity(text: string | undefined): Severity | undefined {
  if (text === undefined) return undefined;
  const up = text.toUpperCase();
  if (!(SEVERITIES as readonly string[]).includes(up)) throw new UserError(`severity "${text}" is not one of ${SEVERITIES.join(', ')}`);
  return up as Severity;
}

/** The alert payload as JSON: a UTF-8 byte order mark is read past (it stays in the stored bytes). */
export function alertJson(raw: Buffer, file: string): unknown {
  const text = raw.toString('utf8');
  if (!text.replace(/^\ufeff/, '').trim()) {
    throw new UserError(`${file} is empty: an alert payload is one JSON document`, { hint: file === 'stdin' ? 'pipe the payload in: aiops incident start --from-alert - < alert.json' : undefined });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    // Located as every other input file's problem is (FILE:LINE:COL), in the text after any BOM.
    const problem = jsonParseProblem(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, err);
    throw new UserError(`${file}${problem.at ? `:${problem.at.line}:${problem.at.col}` : ''}: not JSON: ${problem.message}`);
  }
  const lone = loneSurrogateEscape(text);
  if (lone) {
    throw new UserError(`${file}:${lone.line}:${lone.col}: a lone surrogate escape (half a UTF-16 pair) is not text`, {
      hint: 'the sender must escape both halves of the pair, or send the character itself as UTF-8',
    });
  }
  return doc;
}

const FORMAT_NAMES: Record<AlertFormat, string> = { alertmanager: 'an Alertmanager', grafana: 'a Grafana', pagerduty: 'a PagerDuty', generic: 'a' };

function readAlert(session: Session, alert: NonNullable<StartOptions['alert']>): AlertStart & { parsed: ParsedAlert; format: AlertFormat } {
  const config = session.project.config;
  const parsed = alert.parsed ?? parseAlert(alertJson(alert.raw, alert.file), alert.file, config.alert_sources ?? []);
  return { ...mapAlert(parsed, config.triggers ?? []), parsed, format: parsed.format };
}

/**
 * Refuses a title or service given blank (`--service ""`, "   "): a blank service reaches hook argv
 * (`--tenant ''`), a blank title names nothing. Left out, each has its default; given, it must say something.
 */
export function assertNotBlank(opts: Pick<StartOptions, 'title' | 'service'>): void {
  refuseBlank('--title', opts.title, 'say what you see: --title "answers quote another tenant", or leave --title out');
  refuseBlank('--service', opts.service, 'name the affected service or tenant: --service shop-assistant, or leave --service out (the alert\'s service, else "unspecified")');
}

/** Opens an incident: picks and pins the playbook, gives commander to the starter, logs the choice. */
export async function startIncident(session: Session, opts: StartOptions): Promise<StartResult> {
  assertNotBlank(opts);
  const warnings: string[] = [];
  const fromAlert = opts.alert ? readAlert(session, opts.alert) : null;
  if (fromAlert) warnings.push(...fromAlert.warnings);
  const trigger = opts.trigger ?? fromAlert?.trigger ?? undefined;
  let chosen: LoadedPlaybook;
  let implied: Severity | undefined;
  let selection: EventPayloads['incident.opened']['selection'];
  if (opts.playbook) {
    chosen = findPlaybook(session.project, opts.playbook);
    implied = trigger ? chosen.playbook.triggers.find((t) => t.id === trigger)?.severity : undefined;
    selection = { reason: `playbook ${opts.playbook} chosen explicitly` };
    if (trigger && !implied) warnings.push(`${chosen.playbook.id}@${chosen.playbook.version} does not list trigger ${trigger}`);
  } else if (trigger) {
    const sel = selectPlaybook(session.project.playbooks, trigger);
    if (!sel) {
      const known = knownTriggers(session.project.playbooks);
      throw new UserError(`no playbook answers trigger "${trigger}"`, { hint: `known triggers: ${known.join(', ') || 'none'}; or pass --playbook ID` });
    }
    chosen = sel.chosen;
    implied = sel.severity;
    selection = {
      reason: sel.candidates.length > 1 ? `trigger ${trigger}: ${sel.candidates.length} playbooks answer it; took the most severe` : `trigger ${trigger}`,
      candidates: sel.candidates,
    };
  } else if (fromAlert) {
    throw new UserError(`${opts.alert!.file}: no triggers: mapping in aiops.yaml matches this ${fromAlert.format} alert`, {
      hint: `its fields were ${JSON.stringify(fromAlert.labels)}; add a mapping under triggers: in aiops.yaml (or, starting it by hand, give aiops incident start --trigger / --playbook)`,
    });
  } else if (opts.title?.trim()) {
    // Someone who can say what they see but not which playbook fits should not be stopped at 3 a.m.
    // (loaded here: it may parse the shipped playbook, which a start with a trigger never needs)
    chosen = (await import('./generic-triage.js')).genericTriagePlaybook(session.project);
    selection = { reason: 'no trigger or playbook given: generic triage' };
  } else {
    throw new UserError('say what happened: --title "what you see" (opens generic triage), --trigger T (e.g. data_leakage) or --playbook ID');
  }
  const explicit = parseSeverity(opts.severity);
  const severitySources: [Severity | null | undefined, string][] = [
    [explicit, 'given with --severity'],
    [fromAlert?.severity, 'set by the triggers: mapping in aiops.yaml'],
    [mostSevereOf(implied, fromAlert?.alertSeverity?.severity), fromAlert?.alertSeverity && (!implied || rank(fromAlert.alertSeverity.severity) < rank(implied))
      ? `read from the alert's ${fromAlert.alertSeverity.from} "${fromAlert.alertSeverity.value}"${implied ? ` (more severe than ${implied}, implied by trigger ${trigger})` : ''}`
      : `implied by trigger ${trigger}${fromAlert?.alertSeverity ? ` (the alert's ${fromAlert.alertSeverity.from} "${fromAlert.alertSeverity.value}" says ${fromAlert.alertSeverity.severity})` : ''}`],
    [fromAlert?.labelSeverity, "taken from the alert's severity label"],
    [mostSevere(chosen.playbook), `the most severe trigger of ${chosen.playbook.id}`],
  ];
  const [severity, severityWhy] = (severitySources.find(([s]) => s) ?? ['SEV3', 'the default']) as [Severity, string];
  selection = { ...selection, reason: `${selection.reason}; severity ${severity} ${severityWhy}` };
  if (fromAlert) selection.reason += `; from ${FORMAT_NAMES[fromAlert.format]}${fromAlert.parsed.source ? ` ${fromAlert.parsed.source}` : ''} alert${fromAlert.mapping !== null ? ` (triggers: mapping #${fromAlert.mapping + 1})` : ''}`;
  // The raw alert is stored first: an orphaned blob is harmless, a lost one is not.
  const alertRef: AttachmentRef | undefined = opts.alert ? await session.log.putAttachment(opts.alert.raw, `alert-${fromAlert!.format}.json`) : undefined;
  const ctx = decideContext(session);
  const inventory = await readInventory(session.log);
  const { state, value } = await openIncident<string[]>(session, `${opts.drill ? 'DRILL' : 'INC'}-${ctx.now.slice(0, 4)}-`, (id) => {
    const d = decide(null, {
      kind: 'open',
      id,
      playbook: { playbook: chosen.playbook, sha256: chosen.sha256 },
      trigger: trigger ?? null,
      severity,
      selection,
      ...(opts.title !== undefined ? { title: opts.title } : {}),
      ...(opts.service !== undefined ? { service: opts.service } : {}),
      context: opts.context ?? {},
      ...(opts.drill ? { drill: opts.drill } : {}),
      ...(opts.scenarioContent ? { scenarioContent: opts.scenarioContent } : {}),
      ...(alertRef && fromAlert ? { alert: openingAlert(fromAlert, alertRef) } : {}),
      assignOncall: opts.assignOncall ?? session.project.config.assign === 'oncall',
      ...(inventory.size ? { inventory } : {}),
    }, ctx);
    if (!d.ok) return { kind: 'invalid', ...phraseFailure(d) };
    return { kind: 'append', events: d.events, value: [...d.warnings, ...(d.oncallGaps ?? []).map(oncallGapWarning)] };
  }, fromAlert?.key && opts.alert?.seenAt !== undefined ? { key: fromAlert.key, seenAt: opts.alert.seenAt } : undefined);
  warnings.push(...value);
  if (!state.policies.some((p) => state.policyRuns[p.id])) return { state, warnings, policies: [] };
  // A policy the opening severity reached fires now, unless it is held or waits for approvals.
  const { runReleasedPolicies } = await import('./severity-policies.js');
  const policies = await runReleasedPolicies(session, state.id);
  const { loadIncident } = await import('./live-incident.js');
  return { state: await loadIncident(session, state.id), warnings, policies };
}

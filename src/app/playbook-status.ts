import type { Clock } from '../core/clock.js';
import { parseDuration } from '../core/duration.js';
import { readablePayload } from '../core/payload-shape.js';
import { unknownScore, unreadableEventWarning } from '../export/unreadable-event.js';
import { logExists, openEventLog } from '../store/index.js';
import { inPlayedOrder } from './drill-history.js';
import { type PlaybookRow, listPlaybooks } from './playbooks.js';
import type { Project } from './project.js';

export interface DrillRecord {
  incidentId: string;
  playbook: string;
  version: string;
  date: string;
  /** When it was played (its opening event's stamp): history is ordered by it, not by when it was logged. */
  startedAt: string;
  /** An --auto run: a check of the script, not a rehearsal by people. */
  auto: boolean;
  score: number | null;
}

export interface PlaybookStatusRow extends PlaybookRow {
  /** The last rehearsal by people of this version. */
  lastDrill: DrillRecord | null;
  /** The last --auto run of this version: it checks the script, it does not count as a rehearsal. */
  lastScriptCheck: DrillRecord | null;
}

/**
 * Drills per playbook from the evidence log (empty when there is no database yet). A drill whose
 * last end cannot be read has no score (it counts as not drilled), with a warning saying why.
 */
export async function drillHistory(dbPath: string): Promise<{ drills: DrillRecord[]; warnings: string[] }> {
  if (!(await logExists(dbPath))) return { drills: [], warnings: [] };
  const log = await openEventLog(dbPath, { readonly: true });
  try {
    const scores = new Map<string, number | null>();
    const warnings: string[] = [];
    for (const e of await log.eventsOfTypes(['drill.ended'])) {
      if (e.type !== 'drill.ended') continue;
      const readable = readablePayload(e);
      if (!readable) warnings.push(unreadableEventWarning(e, unknownScore(e)));
      scores.set(e.incidentId, readable ? e.payload.score : null);
    }
    // An --auto run is logged when it is played but dated back over its scenario: order by when played.
    const drills = inPlayedOrder(await log.openedEvents())
      .filter((e) => e.payload.drill)
      .map((e) => ({
        incidentId: e.incidentId,
        playbook: e.payload.playbook.id,
        version: e.payload.playbook.version,
        date: e.ts.slice(0, 10),
        startedAt: e.ts,
        auto: Boolean(e.payload.drill!.auto),
        score: scores.get(e.incidentId) ?? null,
      }));
    return { drills, warnings };
  } finally {
    await log.close();
  }
}

/** `playbook list` rows: review flags plus when each playbook was last rehearsed by people (not --auto script checks) and how it went. */
export async function listPlaybooksWithDrills(project: Project, clock: Clock): Promise<{ rows: PlaybookStatusRow[]; warnings: string[] }> {
  const { drills, warnings } = await drillHistory(project.dbPath);
  const now = clock.now().getTime();
  const rows = listPlaybooks(project, clock).map((row) => {
    const ofId = drills.filter((d) => d.playbook === row.id && d.score !== null && !d.auto);
    const ofVersion = ofId.filter((d) => d.version === row.version);
    const lastDrill = ofVersion.at(-1) ?? null;
    const lastScriptCheck = drills.filter((d) => d.playbook === row.id && d.version === row.version && d.score !== null && d.auto).at(-1) ?? null;
    const flags = [...row.flags];
    if (row.latest) {
      const lastAny = ofId.at(-1);
      const pb = project.playbooks.find((p) => p.playbook.id === row.id && p.playbook.version === row.version)!.playbook;
      if (!lastAny) flags.push('never drilled');
      else if (lastAny.version !== row.version) flags.push(`last drilled on ${lastAny.version}, not this version`);
      const every = pb.rehearse_every ? parseDuration(pb.rehearse_every) : undefined;
      if (lastAny && every !== undefined && now - Date.parse(lastAny.date) > every) {
        flags.push(`not drilled within ${pb.rehearse_every} (last ${lastAny.date})`);
      }
    }
    return { ...row, lastDrill, lastScriptCheck, flags };
  });
  return { rows, warnings };
}

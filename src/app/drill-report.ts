import { realClockOf } from '../drill/drill-clock.js';
import { incidentTimeAt } from './incident-clock.js';
import { buildDrillReport, type DrillReport } from '../export/drill-report-data.js';
import { readDrill } from './drill-run.js';
import { scenarioTrend } from './drill-history.js';
import type { Session } from './session.js';

export type { DrillReport };

/** The after-action report of one drill: score, expectations, timeline, measures, debrief, trend across runs. */
export async function drillReport(session: Session, id: string): Promise<DrillReport> {
  const d = await readDrill(session, id);
  const { warnings, ...trend } = await scenarioTrend(session, d.scenario.id);
  return buildDrillReport({
    id,
    events: d.events,
    scenario: d.scenario,
    trend,
    warnings,
    now: incidentTimeAt(d.state, realClockOf(session.clock).now()).toISOString(),
  });
}

/** What each figure means; printed with --json and in the README. */
export const REPORT_DEFINITIONS = {
  window: 'An incident counts when it was opened inside the window; all of its events count, whenever they happened.',
  timeToAcknowledge:
    'Opened → the first role assignment a person made by hand (assign or handoff). The starter taking commander and on-call assignments made automatically at start do not count; incidents with no such assignment have no sample.',
  timeToMitigate: 'Opened → the first status change to mitigated, or straight to resolved.',
  timeToResolve: 'Opened → the first status change to resolved.',
  approvalLatency:
    'For each approval a person granted: the time since its step started waiting for approval (the request that opened its round, made when the step became current or was asked for; re-opened after a deny, a new round). Approvals given by a severity policy wait for nobody and are not samples.',
  correctionTime:
    'Detection → the fix live: the incident opened → the first hook run that succeeded (not an undo; a simulated run in drills), or the first change of the service\'s version inventory after it opened, whichever came first. Open incidents count as soon as a fix is live; correctionPending counts those not resolved or closed (nor drills that ended) with no fix live yet.',
  overrides: 'Approvals granted by break-glass override; the rate is the share of incidents with at least one.',
  disagreement:
    'A deny on a step that another role had already approved in the same round, plus decisions whose option was later chosen differently.',
  hookFailures:
    'Every run of a hook counts once, as in the export: retries, undos and simulated drill runs included. It failed when its first outcome was not ok (non-zero exit, signal, timeout, failure to start, a drill scenario\'s scripted failure, or an outcome recorded by hand as failed); a run still without an outcome has not failed.',
  escalations: 'Severity changes to a more severe level, bucketed by the week they happened in.',
  bySeverity: 'Each incident counted once, at the most severe level it reached.',
  statistics: 'Medians (mean of the two middle values for an even count) and p90 by nearest rank, over the incidents or approvals that have a sample.',
  weeks: 'Weeks start on Monday 00:00 UTC.',
  drills: "Drills people played are never mixed into the incident figures; they get the same figures in their own section, plus scores per scenario.",
  scriptChecks: 'Unattended runs (aiops drill --auto) play the scenario\'s script: they check the script, they are not rehearsals, so they are counted apart and never in the drill figures.',
} as const;

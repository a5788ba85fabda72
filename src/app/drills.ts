// The drill use cases in one place for the CLI and the TUI; each lives in its own module.
export { availableScenarios, resolveScenario, type AvailableScenario } from './scenarios.js';
export * from './drill-run.js';
export { listDrills, scenarioTrend, type DrillListing, type DrillRow, type ScenarioTrend } from './drill-history.js';
export { drillReport, type DrillReport } from './drill-report.js';
export { runDrillLoop, type DrillLoopOptions, type DrillLoopResult } from './drill-loop.js';
export { pauseDrill, resumeDrill, type PauseResult } from './drill-pause.js';

export { logExists, missingLogFile, type NewLogFile, newLogFile, openEventLog } from './open-event-log.js';
export type {
  AppendExpectation,
  AppendOptions,
  AppendResult,
  EventLog,
  IncidentRead,
  IncidentVerifyReport,
  OpenLogOptions,
  StoredSnapshot,
  SummaryCheck,
  SummaryProblem,
  VerifyProblem,
  VerifyReport,
} from './types.js';

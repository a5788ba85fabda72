import { findProgram, PROGRAMS, programsRequired, type ProgramName } from './system-programs.js';

/** vitest globalSetup: says once, before the run, which tests skip for want of a system program. */
export default function announceSkips(): void {
  if (programsRequired()) return;
  const missing = (Object.keys(PROGRAMS) as ProgramName[]).filter((n) => !findProgram(n));
  if (missing.length === 0) return;
  const lines = missing.map((n) => `  - ${PROGRAMS[n].tests}: needs ${n} (${PROGRAMS[n].install})`);
  process.stderr.write(
    [
      `aiops tests: skipping what needs a program this machine lacks:`,
      ...lines,
      `  install them, then run those tests with: npm run test:browser   (under CI=true nothing skips)`,
      '',
    ].join('\n'),
  );
}

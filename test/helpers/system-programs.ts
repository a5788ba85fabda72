import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The system programs some tests drive, and how to get them. On a machine without one those
 * tests skip, and the suite says so once (test/helpers/announce-skips.ts); under CI
 * (AIOPS_REQUIRE_PROGRAMS=1, set by vitest.config.ts from CI=true) a missing program fails them.
 */
export const PROGRAMS = {
  tmux: { names: ['tmux'], install: 'apt-get install -y tmux', tests: 'the TUI in a real terminal (tui-e2e, drill-tui-e2e, tui-hostile-corpus)' },
  setpriv: {
    names: ['setpriv'],
    install: 'apt-get install -y util-linux',
    tests: 'reading a log, or running init, in a folder root may not write to, or watching an unreadable file (readonly-folder, init, watch-cli; run as root)',
  },
  chromium: {
    names: ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'],
    install: 'apt-get install -y chromium',
    tests: 'the HTML export in headless chromium (export-html-browser)',
  },
} as const;
export type ProgramName = keyof typeof PROGRAMS;

/** The program's path on PATH ($AIOPS_CHROMIUM first for chromium), or undefined. */
export function findProgram(name: ProgramName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const override = name === 'chromium' ? env.AIOPS_CHROMIUM : undefined;
  if (override) return override;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const n of PROGRAMS[name].names) {
      try {
        accessSync(join(dir, n), constants.X_OK);
        return join(dir, n);
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export const programsRequired = (env: NodeJS.ProcessEnv = process.env) => env.AIOPS_REQUIRE_PROGRAMS === '1';

/**
 * For a test file that needs `name`: its path, or `skip: true` when it is missing and skipping is
 * allowed. Under CI a missing program throws, so those tests fail instead of skipping.
 */
export function needProgram(name: ProgramName): { path: string; skip: false } | { path: undefined; skip: true } {
  const path = findProgram(name);
  if (path) return { path, skip: false };
  if (programsRequired()) {
    throw new Error(`${name} is missing and CI=true never skips: install it (${PROGRAMS[name].install}), as .ci/run does`);
  }
  return { path: undefined, skip: true };
}

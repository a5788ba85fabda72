import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeProject, type TempProject } from './project.js';

/** A page hook that logs each page as one line of its argv, and fails (exit 7) while $AIOPS_STATE_DIR/down exists. */
const PAGE_SH = `#!/bin/sh
set -eu
if [ -e "$AIOPS_STATE_DIR/down" ]; then echo "gateway down" >&2; exit 7; fi
printf '%s|' "$@" >> "$AIOPS_STATE_DIR/pages.log"
echo >> "$AIOPS_STATE_DIR/pages.log"
`;

/** The shipped project with a page hook and `notify:` (ack within 5m, first retry after 30s). */
export function pagingProject(notify = 'notify: {hook: page, ack_within: 5m, retry_after: 30s, attempts: 3}'): TempProject {
  const p = makeProject({ withScenarios: false });
  mkdirSync(p.stateDir, { recursive: true });
  writeFileSync(join(p.dir, 'page.sh'), PAGE_SH);
  chmodSync(join(p.dir, 'page.sh'), 0o755);
  const config = readFileSync(join(p.dir, 'aiops.yaml'), 'utf8').replace(/^hooks:\n/m, `hooks:\n  page:\n    command: [./page.sh, "{{person.contact}}", "{{incident.id}}", "{{message}}"]\n    env: [AIOPS_STATE_DIR]\n    timeout: 10s\n`);
  writeFileSync(join(p.dir, 'aiops.yaml'), `${config}\n${notify}\n`);
  return p;
}


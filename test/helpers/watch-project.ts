import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeProject, type TempProject } from './project.js';

/** One drift rule: 3 or more rejections, over half of the reviews in 10 minutes, open hallucinated_commitment. */
const RULES = `
watch:
  - {id: rejections-up, service: shop-assistant, metric: rejection_rate, window: 10m, above: 0.5, min_count: 3, trigger: hallucinated_commitment}
`;

/** A project whose aiops.yaml holds only the rule above as its watch: section; pushed to `projects` for cleanup. */
export function watchProject(projects: TempProject[]): TempProject {
  const p = makeProject({ withScenarios: false });
  projects.push(p);
  const yaml = readFileSync(join(p.dir, 'aiops.yaml'), 'utf8').replace(/^watch:\n(?: {2}- .*\n)+/m, '');
  writeFileSync(join(p.dir, 'aiops.yaml'), `${yaml}\n${RULES}`);
  return p;
}

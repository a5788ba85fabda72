import { z } from 'zod';
import { parseDuration } from '../duration.js';
import { DurationText, Identifier } from './common.js';

export const WATCH_METRICS = ['rejection_rate', 'escalation_rate', 'disagreement_rate', 'policy_hit_rate', 'false_approval_rate', 'output_class_share', 'cost', 'latency_p95'] as const;
/** The metrics that are amounts (a mean cost, a latency in ms); every other is a rate from 0 to 1. */
const AMOUNT_METRICS: readonly string[] = ['cost', 'latency_p95'];

/** One drift rule of `watch:` in aiops.yaml: a metric over a sliding window of telemetry, and the trigger it opens. */
export const WatchRule = z
  .strictObject({
    id: Identifier,
    /** Only this service; every service (each on its own) when absent. */
    service: z.string().min(1).optional(),
    metric: z.enum(WATCH_METRICS),
    /** For output_class_share: the output class whose share is watched. */
    class: z.string().min(1).optional(),
    window: DurationText,
    above: z.number(),
    min_count: z.number().int().positive().optional(),
    trigger: Identifier,
  })
  .refine((r) => (r.metric === 'output_class_share') === (r.class !== undefined), { message: 'class: is given with metric output_class_share, and only with it', path: ['class'] })
  .refine((r) => parseDuration(r.window) !== 0, { message: 'a window of no time counts nothing; give one above 0 (e.g. 10m)', path: ['window'] })
  .refine((r) => AMOUNT_METRICS.includes(r.metric) || (r.above >= 0 && r.above <= 1), {
    message: 'a rate is from 0 to 1, so above: is too (below 0 the rule fires with no hit at all, above 1 never)',
    path: ['above'],
  })
  .meta({ description: 'A drift rule: fires when the metric over the window is above the threshold with at least min_count records' });
export type WatchRule = z.infer<typeof WatchRule>;
export type WatchMetric = (typeof WATCH_METRICS)[number];

/** The rules of `watch:`: each id once, since an incident is tied to the rule that opened it by id. */
export const WatchRules = z.array(WatchRule).superRefine((rules, ctx) => {
  const first = new Map<string, number>();
  rules.forEach((r, i) => {
    const seen = first.get(r.id);
    if (seen === undefined) first.set(r.id, i);
    else ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `rule id "${r.id}" is already rule ${seen + 1}'s; each drift rule needs its own id (an incident is tied to its rule by id)` });
  });
});

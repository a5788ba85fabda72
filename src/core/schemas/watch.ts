import { z } from 'zod';
import { DurationText, Identifier } from './common.js';

export const WATCH_METRICS = ['rejection_rate', 'escalation_rate', 'disagreement_rate', 'policy_hit_rate', 'false_approval_rate', 'output_class_share', 'cost', 'latency_p95'] as const;

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
  .meta({ description: 'A drift rule: fires when the metric over the window is above the threshold with at least min_count records' });
export type WatchRule = z.infer<typeof WatchRule>;
export type WatchMetric = (typeof WATCH_METRICS)[number];

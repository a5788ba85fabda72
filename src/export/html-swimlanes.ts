import type { ExportDocument, TimelineEntry, TimelineKind } from './export-document.js';
import { TIMELINE_KINDS } from './export-constants.js';
import { humanDuration, shownSpanMs, sinceStart, timeFormatter } from './format-time.js';
import { esc } from './html-escape.js';
import type { RowIndex } from './row-chunks.js';
import { timeScale } from './time-scale.js';

const LANE_H = 26;
const LABEL_W = 130;
const PLOT_W = 840;
const AXIS_H = 34;
/** Entries of one lane and kind this close share a dot (a dot is 10 px wide). */
const DOT_MERGE_PX = 4;
const TITLE_CHARS = 140;
const KIND_INDEX = new Map<string, number>(TIMELINE_KINDS.map((k, i) => [k, i]));

interface Dot {
  seq: number;
  lane: string;
  kind: TimelineKind;
  x: number;
  title: string;
  count: number;
}

/**
 * What the swimlanes need of each timeline entry, kept as numbers as the rows go by: its
 * instant, lane and kind, seq, its actor (interned) and the length of its text in the table (the
 * table's RowIndex says where it starts). The dots are worked out at the end, when the time axis
 * is known, and a dot's tooltip takes its text back out of the table. Keeping strings per entry
 * (the entries, or a tooltip line each) until the page was done cost the garbage collector
 * ~12 ms on 10,000 events.
 */
export class LanePoints {
  count = 0;
  private readonly ms: number[] = [];
  private readonly seq: number[] = [];
  /** lane index × kinds + kind index */
  private readonly code: number[] = [];
  private readonly actor: number[] = [];
  /** How long the entry's escaped text is in the table; where it starts is in the table's RowIndex. */
  private readonly textLength: number[] = [];
  /** Lanes in the order first seen. */
  private readonly lanes = new Map<string, number>();
  private readonly names = new Interned();
  private readonly seenKinds = new Set<string>();

  add(e: TimelineEntry, lane: string, ms: number, textLength: number): void {
    let li = this.lanes.get(lane);
    if (li === undefined) this.lanes.set(lane, (li = this.lanes.size));
    this.seenKinds.add(e.kind);
    this.count += 1;
    this.ms.push(ms);
    this.seq.push(e.seq);
    this.code.push(li * TIMELINE_KINDS.length + KIND_INDEX.get(e.kind)!);
    this.actor.push(this.names.id(e.actor));
    this.textLength.push(textLength);
  }

  /** The incident's roles in the order first assigned, then other lanes seen, then `system` and `no role`. */
  laneOrder(roles: readonly string[]): string[] {
    const lanes: string[] = [];
    const add = (l: string) => {
      if (!lanes.includes(l)) lanes.push(l);
    };
    for (const r of roles) add(r);
    for (const l of this.lanes.keys()) if (l !== 'system' && l !== 'no role') add(l);
    for (const l of ['system', 'no role']) if (this.lanes.has(l)) add(l);
    return lanes;
  }

  kinds(): TimelineKind[] {
    return TIMELINE_KINDS.filter((k) => this.seenKinds.has(k));
  }

  /** The entries' instants; a time edited into the log that is no instant has no place on the axis (its row says it failed verification). */
  instants(): readonly number[] {
    return this.ms.every(Number.isFinite) ? this.ms : this.ms.filter(Number.isFinite);
  }

  /**
   * One dot per lane, kind and DOT_MERGE_PX of axis, in the order first reached: where it goes,
   * its first entry, and how many it stands for. Its title (HTML-escaped) says when (`when`),
   * who, and the start of what happened, read back from the table's `chunks`.
   */
  dots(at: (ms: number) => number, when: (ms: number) => string, chunks: readonly string[], rows: RowIndex): Dot[] {
    const seen = [...this.lanes.keys()];
    const dots = new Map<number, { first: number; x: number; count: number }>();
    for (let i = 0; i < this.count; i++) {
      if (!Number.isFinite(this.ms[i])) continue;
      const x = LABEL_W + at(this.ms[i]!) * PLOT_W;
      const key = this.code[i]! * 4096 + Math.round(x / DOT_MERGE_PX);
      const hit = dots.get(key);
      if (hit) hit.count += 1;
      else dots.set(key, { first: i, x, count: 1 });
    }
    const kinds = TIMELINE_KINDS.length;
    return [...dots.values()].map(({ first, x, count }) => {
      const code = this.code[first]!;
      const start = rows.offsetOf(first);
      const text = chunks[rows.chunkOf(first)]!.slice(start, start + this.textLength[first]!);
      const title = `${esc(when(this.ms[first]!))} ${esc(this.names.name(this.actor[first]!))}: ${cutEscaped(text, TITLE_CHARS)}`;
      return { seq: this.seq[first]!, lane: seen[Math.floor(code / kinds)]!, kind: TIMELINE_KINDS[code % kinds]!, x, title, count };
    });
  }
}

/**
 * HTML-escaped text cut after `max` characters as a reader sees them (`&amp;` is one), never
 * inside an entity or between the halves of a surrogate pair, with `…` when anything was cut.
 */
export function cutEscaped(text: string, max: number): string {
  let seen = 0;
  let i = 0;
  while (i < text.length && seen < max) {
    i = text.charCodeAt(i) === 38 /* & */ ? text.indexOf(';', i) + 1 || text.length : i + 1;
    seen += 1;
  }
  if (i >= text.length) return text;
  const high = text.charCodeAt(i - 1);
  if (high >= 0xd800 && high <= 0xdbff) i -= 1;
  return `${text.slice(0, i)}…`;
}

/** Small numbers for strings that repeat (actors). */
class Interned {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  name(id: number): string {
    return this.names[id]!;
  }
}

/** The "timeline at a glance": a lane per role on a time axis, a dot per entry (close ones merged). */
export function swimlaneSection(
  out: { push(...lines: string[]): void },
  doc: ExportDocument,
  points: LanePoints,
  lanes: readonly string[],
  kinds: readonly TimelineKind[],
  tableChunks: readonly string[],
  tableRows: RowIndex,
): void {
  const first = Date.parse(doc.times.opened.at);
  const scale = timeScale(points.instants());
  const time = timeFormatter(doc.timeZone);
  const when = (ms: number) => `${time.dateTime(new Date(ms).toISOString())} ${sinceStart(shownSpanMs(first, ms))}`;
  const width = LABEL_W + PLOT_W + 20;
  const height = lanes.length * LANE_H + AXIS_H;
  const px = (pos: number) => (LABEL_W + pos * PLOT_W).toFixed(1);
  const axisY = lanes.length * LANE_H;
  out.push(
    '<section id="lanes">',
    '<h2>Timeline at a glance</h2>',
    `<svg class="lanes" viewBox="0 0 ${width} ${height}" role="img" aria-label="Swimlanes: one lane per role, time left to right">`,
  );
  lanes.forEach((lane, i) => {
    const y = i * LANE_H;
    if (i % 2 === 0) out.push(`<rect class="lane-band" x="0" y="${y}" width="${width}" height="${LANE_H}"/>`);
    out.push(`<text class="lane-label" x="8" y="${y + LANE_H / 2 + 4}">${esc(lane)}</text>`);
  });
  for (const b of scale.breaks) {
    const x0 = Number(px(b.from));
    const w = Math.max(2, Number(px(b.to)) - x0);
    out.push(
      `<rect class="gap" x="${x0.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="${axisY}"><title>${esc(`quiet for ${humanDuration(b.gapMs)} (compressed)`)}</title></rect>`,
      `<text class="tick-label" x="${(x0 + w / 2).toFixed(1)}" y="${axisY + 30}" text-anchor="middle">${esc(`…${shortSpan(b.gapMs)}…`)}</text>`,
    );
  }
  for (let k = 0; k <= 4; k++) {
    const at = scale.instantAt(k / 4);
    if (at === null) continue;
    const tx = px(k / 4);
    out.push(`<line class="tick" x1="${tx}" y1="0" x2="${tx}" y2="${axisY + 4}"/>`);
    const anchor = k === 0 ? 'start' : k === 4 ? 'end' : 'middle';
    out.push(`<text class="tick-label" x="${tx}" y="${axisY + 16}" text-anchor="${anchor}">T+${shortSpan(at - first)}</text>`);
  }
  // A 10,000-event incident draws about a thousand dots, not 10,000; the table below has every entry.
  for (const dot of points.dots(scale.at, when, tableChunks, tableRows)) {
    const cy = lanes.indexOf(dot.lane) * LANE_H + LANE_H / 2;
    const more = dot.count > 1 ? ` (+${dot.count - 1} more ${dot.kind} here)` : '';
    out.push(
      `<a href="#e${dot.seq}" data-kind="${dot.kind}" data-lane="${esc(dot.lane)}"><circle class="c-${dot.kind}" cx="${dot.x.toFixed(1)}" cy="${cy}" r="5"><title>${dot.title}${esc(more)}</title></circle></a>`,
    );
  }
  out.push('</svg>');
  const legend = kinds.map((k) => `<span><svg width="12" height="12" aria-hidden="true"><circle class="c-${k}" cx="6" cy="6" r="5"/></svg> ${k}</span>`);
  const note = scale.breaks.length ? '<span>shaded: a long quiet stretch, compressed</span>' : '';
  out.push(`<div class="legend">${legend.join('')}${note}</div>`, '</section>');
}

/** Axis ticks say how far into the incident they are; the exact clock times are in the table. */
function shortSpan(ms: number): string {
  // The opening's time edited into one that is no instant: no tick says how far in it is.
  if (!Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.round(h / 24)}d`;
}


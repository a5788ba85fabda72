/** Inline CSS for the HTML export: readable on screen, clean on paper, nothing fetched. */
export const HTML_STYLE = `
:root { --ink: #1d2330; --muted: #5b6475; --line: #d9dde5; --bg: #ffffff; --band: #f5f6f9; --ok: #1f7a3f; --bad: #b3261e; --warn: #8a5a00; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.6rem; margin: 0 0 8px; }
h2 { font-size: 1.2rem; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 20px 0 6px; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.86rem; }
pre { background: var(--band); border: 1px solid var(--line); border-radius: 4px; padding: 8px 10px; white-space: pre-wrap; word-break: break-word; margin: 6px 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
th { background: var(--band); font-weight: 600; }
td.when, #timeline tbody td:nth-child(-n+2) { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.what, #timeline tbody td:nth-child(4) { white-space: pre-wrap; word-break: break-word; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; word-break: break-word; }
.banner { padding: 8px 12px; border-radius: 4px; margin: 8px 0; font-weight: 600; }
.banner.drill { background: #fff4d6; border: 1px solid #e8c56a; color: var(--warn); }
.verify { padding: 8px 12px; border-radius: 4px; margin: 8px 0; word-break: break-all; }
.verify.ok { background: #e6f4ea; border: 1px solid #9fd3ad; color: var(--ok); }
.verify.bad { background: #fde8e7; border: 1px solid #f1a19b; color: var(--bad); font-weight: 600; }
.tag { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 0.78rem; background: var(--band); border: 1px solid var(--line); color: var(--muted); }
tr[data-kind="override"] td, tr[data-kind="denial"] td, tr[data-kind="refusal"] td { background: #fdf1f0; }
tr[data-kind="override"] td:nth-child(4), tr[data-kind="denial"] td:nth-child(4), tr[data-kind="refusal"] td:nth-child(4) { font-weight: 600; }
.reason { color: var(--muted); }
.failed { color: var(--bad); }
#filters { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center; background: var(--band); border: 1px solid var(--line); border-radius: 4px; padding: 8px 12px; margin: 8px 0; }
#filters fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 10px; }
#filters legend { font-weight: 600; margin-right: 6px; float: left; }
#filters label { white-space: nowrap; }
.off { display: none; }
svg.lanes { width: 100%; height: auto; border: 1px solid var(--line); border-radius: 4px; background: #fff; }
svg.lanes .lane-band { fill: var(--band); }
svg.lanes .lane-label { font: 12px system-ui, sans-serif; fill: var(--ink); }
svg.lanes .tick { stroke: var(--line); }
svg.lanes .gap { fill: #eceef3; }
svg.lanes .tick-label { font: 11px system-ui, sans-serif; fill: var(--muted); }
svg.lanes circle { stroke: #fff; stroke-width: 1; }
.c-opened { fill: #3b5bdb; } .c-role { fill: #7048e8; } .c-step { fill: #2f9e44; } .c-decision { fill: #0c8599; }
.c-approval { fill: #1971c2; } .c-denial { fill: #e03131; } .c-override { fill: #c2255c; } .c-hook { fill: #e8590c; }
.c-note { fill: #868e96; } .c-severity { fill: #f08c00; } .c-status { fill: #5c940d; } .c-refusal { fill: #a61e4d; }
.c-inject { fill: #ae3ec9; } .c-drill { fill: #d6336c; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 0.85rem; color: var(--muted); margin: 6px 0; }
.legend svg { vertical-align: middle; }
footer { margin-top: 40px; color: var(--muted); font-size: 0.85rem; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  #filters, .no-print { display: none !important; }
  h2 { break-after: avoid; }
  tr, pre, article { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

/** Inline script: role and type filters over the timeline table and the swimlane dots. */
export const HTML_SCRIPT = `
(function () {
  'use strict';
  var form = document.getElementById('filters');
  var shown = document.getElementById('shown');
  if (!form || !shown) return;
  var items = Array.prototype.slice.call(document.querySelectorAll('[data-kind][data-lane]'));
  function checked(name) {
    var set = {};
    var boxes = form.querySelectorAll('input[name="' + name + '"]');
    for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) set[boxes[i].value] = true;
    return set;
  }
  function apply() {
    var lanes = checked('lane');
    var kinds = checked('kind');
    var rows = 0;
    for (var i = 0; i < items.length; i++) {
      var el = items[i];
      var on = lanes[el.getAttribute('data-lane')] === true && kinds[el.getAttribute('data-kind')] === true;
      if (on) el.classList.remove('off'); else el.classList.add('off');
      if (on && el.tagName === 'TR') rows++;
    }
    shown.textContent = String(rows);
  }
  form.addEventListener('change', apply);
  var all = document.getElementById('show-all');
  if (all) all.addEventListener('click', function (ev) {
    ev.preventDefault();
    var boxes = form.querySelectorAll('input[type="checkbox"]');
    for (var i = 0; i < boxes.length; i++) boxes[i].checked = true;
    apply();
  });
  apply();
  document.body.setAttribute('data-ready', 'yes');
})();
`;

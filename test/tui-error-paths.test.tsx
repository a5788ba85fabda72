import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY, mount, type Mounted } from './tui-harness.js';

let m: Mounted | undefined;
afterEach(async () => {
  await m?.cleanup();
  m = undefined;
});

describe('TUI error paths (issue 18)', () => {
  it('a bad attachment path keeps the note text and asks for the path again', async () => {
    // Given a note typed in the TUI
    m = await mount({ size: { columns: 100, rows: 30 } });
    writeFileSync(`${m.project.dir}/trace.txt`, 'tool_call issue_refund x3');
    await m.press('n');
    await m.waitFor('What should the log remember?');
    await m.press('refund loop on order 1182', KEY.enter);
    await m.waitFor('Attach a file?');
    // When the path has a typo
    await m.press('trcae.txt', KEY.enter);
    // Then the prompt comes back with what was wrong and the path to fix, and nothing is recorded
    const again = await m.waitFor('attachment trcae.txt: file not found');
    expect(again).toContain('Attach a file?');
    expect(again).toContain('trcae.txt');
    expect(again).not.toContain('note added');
    expect((await m.session.log.readIncident(m.id)).some((e) => e.type === 'note.added')).toBe(false);
    // When the path is corrected
    await m.press(KEY.ctrlU, 'trace.txt', KEY.enter);
    // Then the note is added with the text typed before the typo, and the file
    const f = await m.waitFor('note: refund loop on order 1182 [attached trace.txt]');
    expect(f).toMatch(/note added \(seq \d+\); attached trace\.txt/);
  });
});

import type { ActResult } from '../app/act.js';
import { contextPairs, defineVerb, done, list, text } from './verb.js';

export default defineVerb<ActResult>({
  id: 'note',
  summary: 'add a note, optionally with attachments',
  args: [
    { name: 'text', kind: 'text', required: true, positional: true, help: 'the note' },
    { name: 'attach', kind: 'list', option: '--attach <file>', cliOnly: true, help: 'attach a file (stored by sha256), repeatable' },
    { name: 'context', kind: 'params', option: '--context <k=v>', help: 'model/prompt version context, repeatable' },
  ],
  who: { text: 'anyone (an incident that is closed must be reopened first)', rules: ['incident.closed'] },
  cli: { command: 'incident note' },
  check: (args) => void contextPairs(args),
  command: (args) => {
    const context = contextPairs(args);
    return { kind: 'note', text: text(args, 'text', 'the note text'), ...(context ? { context } : {}) };
  },
  async run(session, id, args, io) {
    const { addNote } = await import('../app/incidents.js');
    const r = await addNote(session, id, text(args, 'text', 'the note text'), { attach: list(args, 'attach'), context: contextPairs(args), cwd: io.cwd });
    return done(r, r.warnings);
  },
});

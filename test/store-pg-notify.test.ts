import { describe, expect, it } from 'vitest';
import { openEventLog } from '../src/store/index.js';
import { freshPgSchema, initPgLog, pgTestUrl } from './helpers/pg.js';
import { opened } from './helpers/store-contract.js';

const base = pgTestUrl();

describe.skipIf(!base)('PostgreSQL log: LISTEN/NOTIFY and the connected login', () => {
  it('Given a subscriber, When another connection appends, Then the subscriber hears the new head seq without polling', async () => {
    const schema = await freshPgSchema(base!);
    const reader = await initPgLog(schema.url);
    const writer = await openEventLog(schema.url);
    try {
      const heard = new Promise<number>((resolve) => {
        void reader.subscribe!((seq) => resolve(seq));
      });
      // LISTEN is registered once subscribe's promise resolves; wait for it before writing.
      const stop = await reader.subscribe!(() => {});
      await writer.append([opened('INC-1')], { incidentId: 'INC-1', lastSeq: 0 });
      expect(await heard).toBe(1);
      await stop();
      expect(writer.login).toBe(new URL(base!).username);
      expect((await reader.readIncident('INC-1'))[0]!.login).toBe(writer.login);
    } finally {
      await reader.close();
      await writer.close();
      await schema.drop();
    }
  });
});

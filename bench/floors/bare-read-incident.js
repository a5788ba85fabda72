// The floor of `aiops export` as a process: node starts, opens the database with better-sqlite3
// and reads every row of one incident through its index. `node bench/floors/bare-read-incident.js DB ID`.
import Database from 'better-sqlite3';

const [db, id] = process.argv.slice(2);
const conn = new Database(db, { readonly: true });
let rows = 0;
for (const row of conn.prepare('SELECT * FROM events WHERE incident_id = ? ORDER BY seq').iterate(id)) if (row.seq) rows++;
conn.close();
process.stdout.write(`${rows}\n`);

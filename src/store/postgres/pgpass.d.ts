/** node-postgres' own ~/.pgpass reader (a dependency of pg), called with the connection's parameters. */
declare module 'pgpass' {
  const pgpass: (info: { host?: string; port?: number | string; database?: string; user?: string }, cb: (password?: string) => void) => void;
  export default pgpass;
}

import React from 'react';
import { render, Text } from 'ink';
import type { Session } from '../app/session.js';

export async function runTui(session: Session, incidentId: string): Promise<void> {
  const app = render(<Text>{incidentId}</Text>);
  app.unmount();
  await app.waitUntilExit();
  void session;
}

import { Text as InkText, type TextProps } from 'ink';
import { Children, type ReactNode } from 'react';
import { terminalText } from '../../core/terminal-text.js';

const safe = (node: ReactNode): ReactNode => (typeof node === 'string' ? terminalText(node, { tabs: false }) : node);

/**
 * Ink's Text with every string child passed through the one terminal sanitiser: incident data
 * (titles, notes, hook output, alert fields, playbook text) cannot drive the responder's terminal.
 * Components import this Text, never Ink's (test/structure.test.ts holds them to it).
 */
export default function Text({ children, ...props }: TextProps) {
  return <InkText {...props}>{Children.map(children, safe)}</InkText>;
}

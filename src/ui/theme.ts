import { createContext, useContext } from 'react';
import type { Severity } from '../core/schemas/common.js';

export type Tone = 'good' | 'bad' | 'warn' | 'accent' | 'muted' | 'drill';

/** Colours by meaning; with NO_COLOR every lookup is undefined and emphasis comes from text alone. */
export interface Theme {
  color(tone: Tone): string | undefined;
  severity(sev: Severity): string | undefined;
  noColor: boolean;
}

const TONES: Record<Tone, string> = { good: 'green', bad: 'red', warn: 'yellow', accent: 'cyan', muted: 'gray', drill: 'magenta' };
const SEVERITY: Record<Severity, string> = { SEV1: 'red', SEV2: 'yellow', SEV3: 'blue', SEV4: 'gray' };

export function makeTheme(noColor: boolean): Theme {
  return {
    noColor,
    color: (tone) => (noColor ? undefined : TONES[tone]),
    severity: (sev) => (noColor ? undefined : SEVERITY[sev]),
  };
}

export const ThemeContext = createContext<Theme>(makeTheme(false));

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

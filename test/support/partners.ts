import type { Persona } from './identity';

/**
 * Three partner organisations, each a service account of the test OpenID Provider: registered
 * on first use like every persona, its client id the token's `sub`, which is the partner id
 * consents name and its feed topic carries.
 */
export const PARTNERS = {
  housing: { id: 'partner-housing-assoc', kind: 'service' },
  clinic: { id: 'partner-recovery-clinic', kind: 'service' },
  legal: { id: 'partner-legal-aid', kind: 'service' },
} as const satisfies Record<string, Persona>;

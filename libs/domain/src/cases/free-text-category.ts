import type { InformationCategory } from '../shared/sensitivity';

/**
 * The category of every passage of free text written about a client: presenting concerns,
 * contact summaries, notes, reasons, descriptions, corrected summaries.
 *
 * Rule: free text takes the most protected category, `substance_use`, whatever event carries it.
 * Why: a text cannot be segmented by what it mentions, and any summary may name a treatment, a
 * diagnosis, a shelter or a visa. 42 CFR Part 2 asks to segment substance-use records rather than
 * hide them in free text, so a text that might hold them is treated as holding them: it reaches
 * only a partner whose consent names `substance_use` and that partner. Mapping it to the case's
 * most sensitive domain instead would change an old event's category as later assessments arrive,
 * and a partner's past feed could no longer be rebuilt as it was sent.
 * Known limit: a text may also hold safety details (a survivor's whereabouts); a partner feed
 * should therefore carry free text only under a consent that names every category the case
 * touches, or not at all (for the consent slices to decide; pseudonymised output never has it).
 *
 * Kept apart from `sensitivity.ts` so that the event files can use it without an import cycle
 * (the registry there imports every event file's declaration).
 */
export const CLIENT_FREE_TEXT: InformationCategory = 'substance_use';

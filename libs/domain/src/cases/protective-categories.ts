import type { InformationCategory } from '../shared/sensitivity';

/**
 * The category of every passage of free text written about a client: presenting concerns,
 * contact summaries, notes, reasons, descriptions, corrected summaries.
 *
 * Rule: free text takes the most protected category, `substance_use`, whatever event carries it.
 * Why: a text cannot be segmented by what it mentions, and any summary may name a treatment, a
 * diagnosis, a shelter or a visa. 42 CFR Part 2 asks to segment substance-use records rather than
 * hide them in free text, so a text that might hold them is treated as holding them: it reaches
 * only a partner whose consent names `substance_use` and that partner. Following the case's most
 * sensitive domain instead would change an old event's category as later assessments arrive, and
 * a partner's past feed could no longer be rebuilt as it was sent.
 * Known limit: a text may also hold safety details (a survivor's whereabouts); a partner feed
 * should carry free text only under a consent naming every category, or not at all (for the
 * consent slices to decide). Pseudonymised output never carries it.
 */
export const CLIENT_FREE_TEXT: InformationCategory = 'substance_use';

/**
 * The category of a goal's clinical facts (progress, a measured value, an outcome, a revised
 * target) in an event that does not carry the goal's assessment domain: the domain was given when
 * the goal was added, in an earlier event. The declaration is per event, so it cannot follow that
 * domain; it takes the most protected category for the same reason as free text (a goal of "days
 * without use" tells of substance use as much as its domain does).
 */
export const GOAL_FACT_WITHOUT_DOMAIN: InformationCategory = 'substance_use';

import { ROLES } from '../shared/metadata';
import { ACTIONS, POLICY, type Reach } from './policy';

const CELL: Readonly<Record<Reach, string>> = {
  own: 'own',
  team: 'team',
  program: 'program',
  'unassigned-in-program': 'unassigned, program',
  'self-or-unassigned': 'self or unassigned',
  any: 'all',
};

/** The policy as a Markdown table, for README: generated, so the two cannot drift (a test compares). */
export const policyTable = (): string => {
  const header = `| action | ${ROLES.join(' | ')} |`;
  const rule = `| --- | ${ROLES.map(() => '---').join(' | ')} |`;
  const rows = ACTIONS.map((action) => {
    const cells = ROLES.map((role) => {
      const reach = POLICY[role][action];
      return reach === undefined ? '-' : CELL[reach];
    });
    return `| \`${action}\` | ${cells.join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n');
};

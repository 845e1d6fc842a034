import { DomainError } from './errors';
import type { Decider } from './decider';

/**
 * given(events).when(command).then(events | error) for any decider.
 * Lives in the domain so every slice's tests read the same way.
 */
export const specFor =
  <C, E, S>(decider: Decider<C, E, S>) =>
  (given: readonly E[]) => ({
    when: (command: C) => {
      const run = (): readonly E[] => {
        const state = given.reduce((state, event) => decider.evolve(state, event), decider.initialState);
        return decider.decide(command, state);
      };
      return {
        then: (expected: readonly E[]): void => {
          expect(run()).toEqual(expected);
        },
        thenFails: (code: string): void => {
          let caught: unknown;
          try {
            run();
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(DomainError);
          expect((caught as DomainError).code).toBe(code);
        },
      };
    },
  });

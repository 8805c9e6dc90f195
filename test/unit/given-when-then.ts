import { expect } from 'vitest';
import { fold, type Decider } from '../../src/domain/decider';
import { isDomainError, type ErrorType } from '../../src/domain/errors';

/**
 * Given/when/then for any Decider:
 *   given(decider, pastEvents).when(command).then(expectedEvents)
 *   given(decider, pastEvents).when(command).thenThrows('Conflict', /already shipped/)
 * `then` returns the state after the new events, for further assertions.
 */
export function given<Command, State, Event>(decider: Decider<Command, State, Event>, events: readonly Event[] = []) {
  const state = fold(decider, events);
  return {
    state,
    when(command: Command) {
      return {
        then(expected: readonly Event[]): State {
          const produced = decider.decide(command, state);
          expect(produced).toEqual(expected);
          return fold({ initialState: state, evolve: decider.evolve }, produced);
        },
        thenThrows(errorType: ErrorType, message?: RegExp | string): void {
          let thrown: unknown;
          try {
            decider.decide(command, state);
          } catch (e) {
            thrown = e;
          }
          expect(thrown, 'expected the command to be refused').toBeDefined();
          if (!isDomainError(thrown)) throw thrown;
          expect(thrown.errorType).toBe(errorType);
          if (message !== undefined) expect(thrown.message).toMatch(message);
        },
      };
    },
  };
}

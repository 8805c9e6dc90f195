import type { Workflows } from '../../src/ports/workflows';

/** Workflows that only record the execution names started (in `started`, repeats included); nothing runs. */
export function recordingWorkflows(started: string[] = []): Workflows & { readonly started: string[] } {
  return {
    started,
    start: async (_machine, name) => {
      const fresh = !started.includes(name);
      started.push(name);
      return { started: fresh };
    },
    describe: async () => undefined,
    history: async () => [],
    waitFor: async () => {
      throw new Error('not running workflows here');
    },
  };
}

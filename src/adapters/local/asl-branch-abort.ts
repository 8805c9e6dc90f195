import { StateMachine } from 'aws-local-stepfunctions';

/**
 * aws-local-stepfunctions@3 runs each Parallel branch (and Map iteration) as a nested execution whose
 * signal is `AbortSignal.any([own, parent])`. On Node 20 every such signal costs ~20 µs to make and
 * is tracked with WeakRefs and a FinalizationRegistry, which the next full GC has to process: three
 * per checkout, tens of thousands between two full GCs, and the longest main-thread pause of the
 * checkout benchmark. This wraps `run` so a nested execution gets a signal of its own and the parent's
 * abort is forwarded by a listener that is removed when the branch ends — the same behaviour: aborting
 * the parent aborts its branches.
 */
type RunOptions = NonNullable<Parameters<StateMachine['run']>[1]> & { _rootAbortSignal?: AbortSignal };

const prototype = StateMachine.prototype as unknown as {
  run: (input: unknown, options?: RunOptions) => ReturnType<StateMachine['run']>;
  branchAbortPatched?: true;
};

if (!prototype.branchAbortPatched) {
  const run = prototype.run;
  prototype.run = function runWithForwardedAbort(this: StateMachine, input, options) {
    const parent = options?._rootAbortSignal;
    if (!parent) return run.call(this, input, options);
    const { _rootAbortSignal: _parent, ...own } = options;
    const execution = run.call(this, input, own);
    if (parent.aborted) execution.abort();
    else {
      const forward = () => execution.abort();
      parent.addEventListener('abort', forward, { once: true });
      const stopForwarding = () => parent.removeEventListener('abort', forward);
      execution.result.then(stopForwarding, stopForwarding);
    }
    return execution;
  };
  prototype.branchAbortPatched = true;
}

export {};

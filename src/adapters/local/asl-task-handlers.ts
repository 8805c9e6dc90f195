import type { RunOptions } from 'aws-local-stepfunctions';
import { asWorkflowError, type TaskHandlers } from '../../ports/workflows';
import type { AslTaskState } from './asl-definition';

export type { TaskHandler, TaskHandlers } from '../../ports/workflows';

type LocalHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
type Json = Awaited<ReturnType<LocalHandlers[string]>>;

/**
 * The interpreter looks local handlers up by state name; this binds each Task state of a machine
 * to the handler of its resource. Thrown errors are renamed (DomainError -> its errorType) so the
 * machine's Retry/Catch match them by name, as Step Functions matches a Lambda's errorType.
 */
export function bindTaskHandlers(machine: string, taskStates: readonly AslTaskState[], tasks: TaskHandlers): LocalHandlers {
  const bound: LocalHandlers = {};
  for (const { stateName, handlerKey, viaLambdaInvoke } of taskStates) {
    const handler = tasks[handlerKey];
    if (!handler) throw new Error(`state machine ${machine}: no task handler for ${handlerKey} (state ${stateName})`);
    bound[stateName] = async (input) => {
      try {
        const payload = viaLambdaInvoke ? (input as { Payload?: unknown } | null)?.Payload : input;
        const result = ((await handler(payload)) ?? null) as Json;
        return viaLambdaInvoke ? { Payload: result, StatusCode: 200 } : result;
      } catch (error) {
        throw asWorkflowError(error);
      }
    };
  }
  return bound;
}

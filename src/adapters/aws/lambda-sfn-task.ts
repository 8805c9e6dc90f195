import type { TaskHandlers } from '../local/asl-task-handlers';
import { asWorkflowError } from '../../ports/workflows';
import { LambdaEnv } from './lambda-env';
import { awsRuntime } from './lambda-runtime';

/**
 * A Step Functions Task Lambda: runs the task handler its placeholder names (the same handler the
 * local ASL engine binds). Errors are renamed like locally (DomainError -> its errorType), because
 * Lambda reports `error.name` as the errorType that the machine's Retry/Catch match.
 */
export function sfnTaskHandler(tasks: () => TaskHandlers, key: () => string | undefined) {
  return async (input: unknown): Promise<unknown> => {
    const name = key();
    const task = name ? tasks()[name] : undefined;
    if (!task) throw new Error(`no task handler ${name ?? `(${LambdaEnv.taskHandler} unset)`}`);
    try {
      return (await task(input)) ?? null;
    } catch (error) {
      throw asWorkflowError(error);
    }
  };
}

export const handler = sfnTaskHandler(
  () => awsRuntime().tasks,
  () => process.env[LambdaEnv.taskHandler],
);

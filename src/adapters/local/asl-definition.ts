import { readFileSync } from 'node:fs';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';

/** The optimized Lambda integration: the function is named in Parameters.FunctionName, the result wrapped in `Payload`. */
export const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';

export interface AslTaskState {
  readonly stateName: string;
  /** The handler key: the placeholder's name (`ReserveStockFunctionArn` for `${ReserveStockFunctionArn}`) or the literal resource. */
  readonly handlerKey: string;
  readonly viaLambdaInvoke: boolean;
}

export interface AslStateSummary {
  readonly tasks: readonly AslTaskState[];
  /** Names of every state that has a Retry, nested branches included. */
  readonly retryableStates: readonly string[];
  readonly waitStates: readonly string[];
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function readAslFile(path: string): StateMachineDefinition {
  return parseAsl(JSON.parse(readFileSync(path, 'utf8')), path);
}

/** Checks the shape enough to fail with a clear message; full validation is the interpreter's. */
export function parseAsl(json: unknown, origin = 'definition'): StateMachineDefinition {
  if (!isObject(json) || typeof json.StartAt !== 'string' || !isObject(json.States)) {
    throw new Error(`${origin} is not an ASL state machine (StartAt and States are required)`);
  }
  return json as unknown as StateMachineDefinition;
}

const placeholder = /^\$\{([A-Za-z0-9_]+)\}$/;

export const handlerKeyOf = (resource: string): string => placeholder.exec(resource)?.[1] ?? resource;

/** Walks the states of a machine, nested Parallel branches and Map processors included. */
export function summarizeAsl(definition: StateMachineDefinition): AslStateSummary {
  const tasks: AslTaskState[] = [];
  const retryableStates: string[] = [];
  const waitStates: string[] = [];
  const visit = (machine: unknown): void => {
    if (!isObject(machine) || !isObject(machine.States)) return;
    for (const [stateName, state] of Object.entries(machine.States)) {
      if (!isObject(state)) continue;
      if (Array.isArray(state.Retry) && state.Retry.length > 0) retryableStates.push(stateName);
      if (state.Type === 'Wait') waitStates.push(stateName);
      if (state.Type === 'Task' && typeof state.Resource === 'string') tasks.push(taskOf(stateName, state));
      if (Array.isArray(state.Branches)) state.Branches.forEach(visit);
      visit(state.ItemProcessor);
      visit(state.Iterator);
    }
  };
  visit(definition);
  return { tasks, retryableStates, waitStates };
}

function taskOf(stateName: string, state: JsonObject): AslTaskState {
  const resource = state.Resource as string;
  if (resource.startsWith(LAMBDA_INVOKE)) {
    const functionName = isObject(state.Parameters) ? state.Parameters.FunctionName : undefined;
    if (typeof functionName !== 'string') {
      throw new Error(`state ${stateName}: ${LAMBDA_INVOKE} needs a literal Parameters.FunctionName`);
    }
    return { stateName, handlerKey: handlerKeyOf(functionName), viaLambdaInvoke: true };
  }
  return { stateName, handlerKey: handlerKeyOf(resource), viaLambdaInvoke: false };
}

/**
 * Step Functions lets a Task without TimeoutSeconds run for a year; the interpreter stops it after
 * 60 s, which a local transcode can exceed. This is the longest a Node timer can wait (~23 days).
 */
const UNBOUNDED_TASK_SECONDS = 2_000_000;

/**
 * The copy the interpreter runs: `${Name}` Task resources read as local Lambda ARNs, which its
 * validator accepts (CDK substitutes real ARNs in AWS; handlers are bound by state name, so the ARN
 * is only a label), and Tasks without a timeout get Step Functions' (practically) unbounded one.
 */
export function withLocalResources(definition: StateMachineDefinition): StateMachineDefinition {
  const copy = structuredClone(definition);
  const visit = (machine: unknown): void => {
    if (!isObject(machine) || !isObject(machine.States)) return;
    for (const state of Object.values(machine.States)) {
      if (!isObject(state)) continue;
      if (state.Type === 'Task' && typeof state.Resource === 'string' && placeholder.test(state.Resource)) {
        state.Resource = `arn:aws:lambda:local-1:000000000000:function:${handlerKeyOf(state.Resource)}`;
      }
      if (state.Type === 'Task' && state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) {
        state.TimeoutSeconds = UNBOUNDED_TASK_SECONDS;
      }
      if (Array.isArray(state.Branches)) state.Branches.forEach(visit);
      visit(state.ItemProcessor);
      visit(state.Iterator);
    }
  };
  visit(copy);
  return copy;
}

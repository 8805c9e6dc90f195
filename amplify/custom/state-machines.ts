import { Names, Stack, ArnFormat, RemovalPolicy } from 'aws-cdk-lib';
import { Effect, PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { isFunctionPlaceholder, type AslFile } from './asl-scan';

export interface StateMachinesProps {
  readonly files: readonly AslFile[];
  /** The Lambda that serves the `${XxxFunctionArn}` placeholder. */
  readonly taskFunction: (placeholder: string) => IFunction;
  /** Substitutions for the other placeholders (bucket names, role ARNs...). */
  readonly values: Readonly<Record<string, string>>;
  /** The role MediaConvert assumes, when a machine submits MediaConvert jobs itself. */
  readonly mediaConvertRole?: IRole;
}

/**
 * One Standard state machine per `state-machines/*.asl.json`. Every `${Name}` in a file is
 * substituted: `*FunctionArn` with its task Lambda, anything else from `values` (an unknown
 * name fails synth). Names are fixed at synth so other resources can refer to a machine's ARN
 * without a dependency on it (task Lambdas that start executions would otherwise form a cycle).
 */
export class StateMachines extends Construct {
  readonly machines = new Map<string, StateMachine>();
  readonly arns: Record<string, string> = {};
  /** `arn:...:execution:<machine>:*` per machine, for Describe/GetExecutionHistory grants. */
  readonly executionArnPatterns: Record<string, string> = {};

  constructor(scope: Construct, id: string, props: StateMachinesProps) {
    super(scope, id);
    for (const file of props.files) {
      const scope = new Construct(this, file.name);
      const stateMachineName = Names.uniqueResourceName(scope, { maxLength: 80, separator: '-' });
      const substitutions: Record<string, string> = {};
      const tasks: IFunction[] = [];
      for (const name of file.placeholders) {
        if (isFunctionPlaceholder(name)) {
          const fn = props.taskFunction(name);
          tasks.push(fn);
          substitutions[name] = fn.functionArn;
        } else if (props.values[name] !== undefined) {
          substitutions[name] = props.values[name];
        } else {
          throw new Error(`state-machines/${file.name}.asl.json uses \${${name}}, which the stack does not provide`);
        }
      }
      const logs = new LogGroup(scope, 'Logs', {
        retention: RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      const machine = new StateMachine(scope, 'StateMachine', {
        stateMachineName,
        stateMachineType: StateMachineType.STANDARD,
        definitionBody: DefinitionBody.fromString(file.text),
        definitionSubstitutions: substitutions,
        tracingEnabled: true,
        logs: { destination: logs, level: LogLevel.ERROR, includeExecutionData: false },
      });
      for (const fn of tasks) fn.grantInvoke(machine);
      for (const integration of file.integrations) this.allowIntegration(machine, integration, file.name, props);
      this.machines.set(file.name, machine);
      this.arns[file.name] = Stack.of(this).formatArn({
        service: 'states',
        resource: 'stateMachine',
        resourceName: stateMachineName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
      this.executionArnPatterns[file.name] = Stack.of(this).formatArn({
        service: 'states',
        resource: 'execution',
        resourceName: `${stateMachineName}:*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    }
  }

  /** Least-privilege grants for the optimised integrations a machine calls directly. */
  private allowIntegration(machine: StateMachine, integration: string, file: string, props: StateMachinesProps) {
    const stack = Stack.of(this);
    const service = integration.slice('arn:aws:states:::'.length);
    if (service.startsWith('lambda:invoke')) return; // granted per task function above
    if (service.startsWith('mediaconvert:createJob')) {
      if (!props.mediaConvertRole) throw new Error(`${file}: MediaConvert integration without a MediaConvert role`);
      const mc = (resource: string) =>
        stack.formatArn({ service: 'mediaconvert', resource, resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
      machine.addToRolePolicy(
        new PolicyStatement({
          actions: ['mediaconvert:CreateJob', 'mediaconvert:GetJob', 'mediaconvert:CancelJob'],
          resources: [mc('queues'), mc('presets'), mc('jobTemplates'), mc('jobs')],
        }),
      );
      machine.addToRolePolicy(
        new PolicyStatement({
          actions: ['iam:PassRole'],
          resources: [props.mediaConvertRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'mediaconvert.amazonaws.com' } },
        }),
      );
      if (service.endsWith('.sync')) {
        machine.addToRolePolicy(
          new PolicyStatement({
            effect: Effect.ALLOW,
            actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
            resources: [
              stack.formatArn({ service: 'events', resource: 'rule', resourceName: 'StepFunctionsGetEventsForMediaConvertJobRule' }),
            ],
          }),
        );
      }
      return;
    }
    throw new Error(`${file}: no IAM mapping for the ${integration} integration yet (add one in amplify/custom/state-machines.ts)`);
  }
}

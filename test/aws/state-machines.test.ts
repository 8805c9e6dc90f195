import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { scanAsl, type AslFile } from '../../amplify/custom/asl-scan';
import { StateMachines } from '../../amplify/custom/state-machines';

const fixture = scanAsl('demo', readFileSync(join(import.meta.dirname, 'fixtures', 'demo.asl.json'), 'utf8'));

function build(files: readonly AslFile[], values: Record<string, string> = { UploadBucket: 'uploads-bucket', MediaConvertRoleArn: 'arn:aws:iam::123456789012:role/mc' }) {
  const stack = new Stack(new App(), 'Test', { env: { account: '123456789012', region: 'eu-west-1' } });
  const functions = new Map<string, LambdaFunction>();
  const mediaConvertRole = new Role(stack, 'MediaConvert', { assumedBy: new ServicePrincipal('mediaconvert.amazonaws.com') });
  const machines = new StateMachines(stack, 'Workflows', {
    files,
    values,
    mediaConvertRole,
    taskFunction: (placeholder) => {
      const fn = new LambdaFunction(stack, placeholder, {
        runtime: Runtime.NODEJS_20_X,
        handler: 'index.handler',
        code: Code.fromInline('export const handler = async () => null;'),
      });
      functions.set(placeholder, fn);
      return fn;
    },
  });
  return { stack, machines, functions, template: Template.fromStack(stack) };
}

describe('state machines from ASL files', () => {
  it('finds every placeholder and service integration in a file, nested branches included', () => {
    expect(fixture.placeholders).toEqual([
      'MediaConvertRoleArn',
      'ReserveStockFunctionArn',
      'SendConfirmationFunctionArn',
      'UploadBucket',
    ]);
    expect(fixture.integrations).toEqual(['arn:aws:states:::lambda:invoke', 'arn:aws:states:::mediaconvert:createJob.sync']);
  });

  it('substitutes each *FunctionArn with its own task Lambda and the rest from the stack values', () => {
    const { template, stack, functions } = build([fixture]);
    const id = (placeholder: string) => stack.getLogicalId(functions.get(placeholder)!.node.defaultChild as never);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      DefinitionString: readFileSync(join(import.meta.dirname, 'fixtures', 'demo.asl.json'), 'utf8'),
      DefinitionSubstitutions: {
        ReserveStockFunctionArn: { 'Fn::GetAtt': [id('ReserveStockFunctionArn'), 'Arn'] },
        SendConfirmationFunctionArn: { 'Fn::GetAtt': [id('SendConfirmationFunctionArn'), 'Arn'] },
        UploadBucket: 'uploads-bucket',
        MediaConvertRoleArn: 'arn:aws:iam::123456789012:role/mc',
      },
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
    });
  });

  it('grants the machine exactly: invoke of its task Lambdas, MediaConvert jobs, PassRole to MediaConvert, the .sync rule', () => {
    const { template } = build([fixture]);
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => (p as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement,
    );
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions).toEqual(
      expect.arrayContaining([
        'lambda:InvokeFunction',
        'mediaconvert:CreateJob',
        'mediaconvert:GetJob',
        'iam:PassRole',
        'events:PutRule',
      ]),
    );
    for (const a of actions) expect(a).not.toMatch(/\*$/);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'iam:PassRole',
            Condition: { StringEquals: { 'iam:PassedToService': 'mediaconvert.amazonaws.com' } },
          }),
          Match.objectLike({ Action: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'] }),
        ]),
      },
    });
    expect(JSON.stringify(statements)).toContain(':123456789012:rule/StepFunctionsGetEventsForMediaConvertJobRule');
  });

  it('names machines at synth so their ARNs are known without a reference', () => {
    const { machines, stack, template } = build([fixture]);
    const arn = JSON.stringify(stack.resolve(machines.arns.demo));
    const name = /:stateMachine:([A-Za-z0-9-]+)"/.exec(arn)?.[1];
    expect(arn).toContain(':states:eu-west-1:123456789012:stateMachine:');
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineName: name });
    expect(JSON.stringify(stack.resolve(machines.executionArnPatterns.demo))).toContain(`:execution:${name}:*`);
  });

  it('fails synth for a placeholder the stack cannot fill and for an integration it has no IAM mapping for', () => {
    expect(() => build([fixture], { UploadBucket: 'b' })).toThrow(/MediaConvertRoleArn/);
    const sdk = scanAsl(
      'sdk',
      JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:getObject', End: true } } }),
    );
    expect(() => build([sdk])).toThrow(/no IAM mapping/);
    expect(() => scanAsl('broken', '{ not json')).toThrow();
  });
});

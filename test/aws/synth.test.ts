import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolvers } from '../../src/api/resolvers';
import { eventsTable, readModelsTable } from '../../src/adapters/aws/dynamo-tables';
import { MAIL_MARKER_PK } from '../../src/adapters/aws/ses-mailer';

type Json = Record<string, unknown>;
type Statement = ReturnType<typeof statements>[number];

const WAREHOUSE_URL = 'https://warehouse.example/hooks/marquee';
type Resource = { Type: string; Properties: Json };

let root: Template;
let marquee: Template;
let resources: Record<string, Resource>;
let bundles: string[];

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const logicalIdOf = (type: string, prefix: string) => {
  const found = ofType(type).find(([id]) => id.startsWith(prefix));
  if (!found) throw new Error(`no ${type} ${prefix}*`);
  return found[0];
};

/** Every IAM statement of the custom stack, flattened. */
function statements(): { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown }[] {
  return ofType('AWS::IAM::Policy').flatMap(([, r]) => (r.Properties.PolicyDocument as { Statement: never[] }).Statement);
}
const actionsOf = (s: { Action: string | string[] }) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
/** The IAM statements attached to a Lambda function's role. */
function statementsOfFunction(fnLogicalId: string): Statement[] {
  const role = JSON.stringify((resources[fnLogicalId]!.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]);
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(role))
    .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}
const envOf = (fnLogicalId: string) =>
  (resources[fnLogicalId]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;

describe('Amplify backend synthesized offline', () => {
  beforeAll(async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'marquee-cdk-'));
    process.env.CDK_CONTEXT_JSON = JSON.stringify({
      'amplify-backend-namespace': 'marqueetest',
      'amplify-backend-name': 'ci',
      'amplify-backend-type': 'sandbox',
    });
    process.env.CDK_OUTDIR = outDir;
    process.env.MARQUEE_WAREHOUSE_WEBHOOK_URL = WAREHOUSE_URL;
    const mod = await import('../../amplify/backend');
    process.emit('message', 'amplifySynth', undefined as never);
    root = Template.fromStack(mod.backend.stack);
    marquee = Template.fromStack(Stack.of(mod.marquee));
    resources = marquee.toJSON().Resources as Record<string, Resource>;
    bundles = ['lambda-appsync', 'lambda-dynamodb-stream', 'lambda-s3-upload', 'lambda-webhook-delivery'];
  }, 180_000);

  it('has the immutable events table: pk S / sk N, NEW_IMAGE stream, PITR, on-demand, position index', () => {
    const e = eventsTable;
    marquee.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: e.partitionKey, KeyType: 'HASH' },
        { AttributeName: e.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
      ]),
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: e.positionIndex })],
    });
  });

  it('has the read-model table the DynamoDB read store expects, on-demand', () => {
    marquee.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([{ AttributeName: 'sk', AttributeType: 'S' }]),
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: readModelsTable.partitionIndex })],
    });
  });

  it('feeds the projector from the events stream: batches, bisect on error, retries, SQS on-failure destination', () => {
    const queue = logicalIdOf('AWS::SQS::Queue', 'MarqueeProjectorDeadLetters');
    const projector = logicalIdOf('AWS::Lambda::Function', 'MarqueeProjectorFunction');
    const events = logicalIdOf('AWS::DynamoDB::Table', 'MarqueeEventsTable');
    marquee.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: projector },
      EventSourceArn: { 'Fn::GetAtt': [events, 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } },
      FilterCriteria: { Filters: [{ Pattern: Match.stringLikeRegexp('"exists":true') }] },
    });
  });

  it('defines AppSync from schema.graphql: Cognito user pools by default, API key and IAM as well', () => {
    marquee.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      AuthenticationType: 'AMAZON_COGNITO_USER_POOLS',
      AdditionalAuthenticationProviders: Match.arrayWith([
        { AuthenticationType: 'API_KEY' },
        { AuthenticationType: 'AWS_IAM' },
      ]),
    });
    marquee.hasResourceProperties('AWS::AppSync::GraphQLSchema', {
      Definition: readFileSync(join(import.meta.dirname, '../../schema.graphql'), 'utf8'),
    });
    marquee.resourceCountIs('AWS::AppSync::ApiKey', 1);
  });

  it('attaches every resolver-map field to the one Lambda data source, with errorType-preserving code', () => {
    const fields = Object.keys(resolvers).filter((k) => !k.startsWith('Subscription.'));
    expect(fields).toContain('Query.products');
    expect(fields).toContain('Mutation.createProduct');
    for (const key of fields) {
      const [TypeName, FieldName] = key.split('.');
      marquee.hasResourceProperties('AWS::AppSync::Resolver', {
        TypeName,
        FieldName,
        DataSourceName: 'Resolvers',
        Runtime: { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' },
        Code: Match.stringLikeRegexp('util\\.error\\(result\\.error\\.message, result\\.error\\.errorType'),
      });
    }
    marquee.resourceCountIs('AWS::AppSync::DataSource', 2);
    marquee.hasResourceProperties('AWS::AppSync::DataSource', { Type: 'AWS_LAMBDA', Name: 'Resolvers' });
  });

  it('wires the publish mutations to a NONE data source that echoes the AWSJSON payload', () => {
    marquee.hasResourceProperties('AWS::AppSync::DataSource', { Type: 'NONE', Name: 'Publish' });
    for (const field of ['publishProductUpdated', 'publishOrderUpdated', 'publishVideoUpdated', 'publishShipmentUpdated']) {
      marquee.hasResourceProperties('AWS::AppSync::Resolver', {
        TypeName: 'Mutation',
        FieldName: field,
        DataSourceName: 'Publish',
        Code: Match.stringLikeRegexp('JSON\\.parse\\(ctx\\.arguments\\.data\\)'),
      });
    }
    marquee.hasResourceProperties('AWS::AppSync::Resolver', {
      TypeName: 'Subscription',
      FieldName: 'onProductUpdated',
      Code: Match.stringLikeRegexp('setSubscriptionFilter'),
    });
  });

  it('lets the projector call only the publish mutations, and write only the read models', () => {
    const all = statements();
    const graphql = all.filter((s) => actionsOf(s).includes('appsync:GraphQL'));
    expect(graphql).toHaveLength(1);
    const arns = JSON.stringify(graphql[0]!.Resource);
    for (const m of ['publishProductUpdated', 'publishOrderUpdated', 'publishVideoUpdated', 'publishShipmentUpdated'])
      expect(arns).toContain(`/types/Mutation/fields/${m}`);
    expect(arns).not.toMatch(/fields\/\*|types\/\*/);
    const readModels = logicalIdOf('AWS::DynamoDB::Table', 'MarqueeReadModelsTable');
    const writes = all.filter((s) => actionsOf(s).includes('dynamodb:PutItem'));
    const writesReadModels = writes.filter((s) => JSON.stringify(s.Resource).includes(readModels));
    const unconditional = writesReadModels.filter((s) => s.Condition === undefined);
    expect(unconditional).toHaveLength(1); // the projector's
    // Everyone else may write only the SES mailer's marker partition.
    for (const s of writesReadModels.filter((w) => w !== unconditional[0]))
      expect(s.Condition).toEqual({ 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [MAIL_MARKER_PK] } });
  });

  it('scopes every data permission to specific tables, buckets, secrets and mutations (no * actions)', () => {
    const all = statements();
    expect(all.length).toBeGreaterThan(5);
    for (const s of all) {
      for (const action of actionsOf(s)) {
        expect(action).not.toBe('*');
        expect(action).not.toMatch(/^(dynamodb|s3|appsync|secretsmanager|states|mediaconvert):\*$/);
      }
      if (actionsOf(s).some((a) => /^(dynamodb|s3|secretsmanager):(Get|Put|Update|Delete|Query|BatchWrite)/.test(a))) {
        expect(s.Resource).not.toBe('*');
        expect(JSON.stringify(s.Resource)).toMatch(/Fn::GetAtt|Ref|Fn::Join/);
      }
    }
    const events = logicalIdOf('AWS::DynamoDB::Table', 'MarqueeEventsTable');
    const eventWrites = all.filter(
      (s) => actionsOf(s).includes('dynamodb:PutItem') && JSON.stringify(s.Resource).includes(events),
    );
    expect(eventWrites.length).toBeGreaterThan(0);
    for (const s of eventWrites) expect(JSON.stringify(s.Resource)).toContain(`"${events}","Arn"`);
  });

  it('substitutes every placeholder of every state machine (tasks by their Lambda ARNs)', () => {
    const machines = ofType('AWS::StepFunctions::StateMachine');
    for (const [, machine] of machines) {
      const definition = JSON.stringify(machine.Properties.DefinitionString);
      const substitutions = (machine.Properties.DefinitionSubstitutions ?? {}) as Record<string, unknown>;
      for (const [, name] of definition.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)) {
        expect(substitutions).toHaveProperty(name!);
        if (name!.endsWith('FunctionArn')) expect(substitutions[name!]).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
      }
    }
  });

  it('gives the ingest machine a Lambda each for starting and for checking the transcode job, between which it waits', () => {
    const ingest = ofType('AWS::StepFunctions::StateMachine').find(([id]) => /videoingest/i.test(id));
    expect(ingest).toBeDefined();
    const [, machine] = ingest!;
    const text = machine.Properties.DefinitionString as string;
    const definition = JSON.parse(text) as { States: Record<string, { Type: string; Resource?: string; SecondsPath?: string }> };
    expect(text).not.toContain('TranscodeVideoFunctionArn');
    expect(definition.States.WaitForTranscode).toEqual({ Type: 'Wait', SecondsPath: '$.job.pollSeconds', Next: 'CheckTranscode' });
    expect(definition.States.StartTranscode!.Resource).toBe('${StartVideoTranscodeFunctionArn}');
    expect(definition.States.CheckTranscode!.Resource).toBe('${CheckVideoTranscodeFunctionArn}');
    const substitutions = machine.Properties.DefinitionSubstitutions as Record<string, { 'Fn::GetAtt': [string, string] }>;
    for (const task of ['StartVideoTranscodeFunctionArn', 'CheckVideoTranscodeFunctionArn']) {
      const [fnId] = substitutions[task]!['Fn::GetAtt'];
      expect(resources[fnId]).toMatchObject({ Type: 'AWS::Lambda::Function' });
      expect(JSON.stringify(resources[fnId]!.Properties)).toContain(`"MARQUEE_TASK_HANDLER":"${task}"`);
    }
  });

  it('runs the Lambdas on Node 20 from bundles that esbuild built offline and that load', async () => {
    marquee.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Environment: { Variables: Match.objectLike({ MARQUEE_EVENTS_TABLE: Match.anyValue() }) },
    });
    for (const name of bundles) {
      const file = join(import.meta.dirname, '../../.amplify/lambda-bundles', name, 'index.mjs');
      const mod = (await import(pathToFileURL(file).href)) as { handler?: unknown };
      expect(typeof mod.handler, name).toBe('function');
    }
  });

  it('serves media through CloudFront with a trusted key group and a MediaConvert role', () => {
    marquee.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ TrustedKeyGroups: [Match.objectLike({ Ref: Match.anyValue() })] }),
      }),
    });
    marquee.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'mediaconvert.amazonaws.com' } })],
      }),
    });
    marquee.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ source: ['aws.s3'], 'detail-type': ['Object Created'] }),
    });
    marquee.resourceCountIs('AWS::SecretsManager::Secret', 3);
    marquee.resourceCountIs('AWS::SES::EmailIdentity', 1);
    const send = statements().filter((s) => actionsOf(s).includes('ses:SendEmail'));
    expect(send.length).toBeGreaterThan(0);
    for (const s of send) expect(JSON.stringify(s.Resource)).toMatch(/:identity\//);
  });

  it('lets the SendConfirmation task send as the SES identity, read addresses from the user pool and claim mail markers', () => {
    const fn = logicalIdOf('AWS::Lambda::Function', 'MarqueeSendConfirmationFunction');
    const env = envOf(fn);
    expect(env.MARQUEE_MAIL_FROM).toBe('no-reply@example.com');
    expect(JSON.stringify(env.MARQUEE_USER_POOL_ID)).toMatch(/UserPool/);
    const own = statementsOfFunction(fn);
    const grant = (action: string) => own.filter((s) => actionsOf(s).includes(action));
    expect(grant('ses:SendEmail')).toHaveLength(1);
    expect(JSON.stringify(grant('ses:SendEmail')[0]!.Resource)).toMatch(/:identity\//);
    expect(grant('cognito-idp:AdminGetUser')).toHaveLength(1);
    expect(JSON.stringify(grant('cognito-idp:AdminGetUser')[0]!.Resource)).toMatch(/UserPool.*Arn/);
    const markerWrites = grant('dynamodb:PutItem').filter((s) => s.Condition !== undefined);
    expect(markerWrites).toHaveLength(1);
    expect(actionsOf(markerWrites[0]!).sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:PutItem']);
    expect(JSON.stringify(markerWrites[0]!.Resource)).toContain(logicalIdOf('AWS::DynamoDB::Table', 'MarqueeReadModelsTable'));
  });

  it('puts the AppSync endpoint, API key and auth mode into amplify_outputs.json', () => {
    const outputs = root.toJSON().Outputs as Record<string, { Value: unknown }>;
    const custom = JSON.stringify(outputs.customOutputs?.Value);
    expect(custom).toContain('GraphQLUrl');
    expect(custom).toContain('ApiKey');
    expect(custom).toContain('AMAZON_COGNITO_USER_POOLS');
    expect(outputs).toHaveProperty('userPoolId');
    expect(JSON.stringify(outputs.groups?.Value)).toContain('STAFF');
    expect(JSON.stringify(outputs.groups?.Value)).toContain('WAREHOUSE');
  });

  describe('warehouse webhook outbox (MARQUEE_WAREHOUSE_WEBHOOK_URL set at synth)', () => {
    const outboxMachine = () => {
      const found = ofType('AWS::StepFunctions::StateMachine').filter(([id]) => id.startsWith('MarqueeWarehouseOutbox'));
      expect(found).toHaveLength(1);
      return found[0]![1].Properties;
    };
    const machineName = () => outboxMachine().StateMachineName as string;
    const states = (s: Statement) => actionsOf(s).filter((a) => a.startsWith('states:'));

    it('is a Standard machine from the webhook delivery definition, its Deliver task the delivery Lambda', () => {
      const machine = outboxMachine();
      expect(machine.StateMachineType).toBe('STANDARD');
      const deliver = logicalIdOf('AWS::Lambda::Function', 'MarqueeWarehouseOutboxDeliverWebhook');
      expect(machine.DefinitionSubstitutions).toEqual({ DeliverWebhookFunctionArn: { 'Fn::GetAtt': [deliver, 'Arn'] } });
      const definition = JSON.stringify(machine.DefinitionString);
      expect(definition).toContain('${DeliverWebhookFunctionArn}');
      expect(definition).toContain('JitterStrategy');
      expect(definition).not.toContain('Catch');
      const env = envOf(deliver);
      expect(JSON.stringify(env.MARQUEE_WEBHOOK_SECRET_ARN)).toMatch(/MarqueeSecretsWebhooks/);
      const secretReads = statementsOfFunction(deliver).filter((s) => actionsOf(s).includes('secretsmanager:GetSecretValue'));
      expect(secretReads).toHaveLength(1);
      expect(JSON.stringify(secretReads[0]!.Resource)).toMatch(/^\{"Ref":"MarqueeSecretsWebhooks[^"]*"\}$/);
      const invoke = ofType('AWS::IAM::Policy').flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
        .filter((s) => actionsOf(s).includes('lambda:InvokeFunction') && JSON.stringify(s.Resource).includes(deliver));
      expect(invoke.length).toBeGreaterThan(0);
    });

    it('lets the stream Lambda only start deliveries and the resolver only list, describe and re-drive them, on that machine', () => {
      const stream = logicalIdOf('AWS::Lambda::Function', 'MarqueeProjectorFunction');
      const resolver = logicalIdOf('AWS::Lambda::Function', 'MarqueeResolverFunction');
      const name = machineName();
      const streamStates = statementsOfFunction(stream).filter((s) => states(s).length > 0);
      expect(streamStates.flatMap(states)).toEqual(['states:StartExecution']);
      expect(JSON.stringify(streamStates[0]!.Resource)).toContain(`:stateMachine:${name}"`);
      const outboxGrants = statementsOfFunction(resolver).filter((s) => JSON.stringify(s.Resource).includes(name));
      expect(outboxGrants.flatMap(states).sort()).toEqual([
        'states:DescribeExecution',
        'states:GetExecutionHistory',
        'states:ListExecutions',
        'states:RedriveExecution',
      ]);
      for (const s of outboxGrants) {
        const resource = JSON.stringify(s.Resource);
        if (actionsOf(s).includes('states:ListExecutions')) expect(resource).toContain(`:stateMachine:${name}"`);
        else expect(resource).toContain(`:execution:${name}:*"`);
      }
      // Nobody else may touch the outbox machine.
      const others = statements().filter((s) => JSON.stringify(s.Resource).includes(name));
      expect(others).toHaveLength(streamStates.length + outboxGrants.length);
    });

    it('tells the stream and resolver Lambdas the URL and the machine; the stream Lambda may append (reactors)', () => {
      for (const prefix of ['MarqueeProjectorFunction', 'MarqueeResolverFunction']) {
        const env = envOf(logicalIdOf('AWS::Lambda::Function', prefix));
        expect(env.MARQUEE_WAREHOUSE_WEBHOOK_URL).toBe(WAREHOUSE_URL);
        expect(JSON.stringify(env.MARQUEE_WAREHOUSE_OUTBOX_ARN)).toContain(`:stateMachine:${machineName()}`);
      }
      const events = logicalIdOf('AWS::DynamoDB::Table', 'MarqueeEventsTable');
      const stream = logicalIdOf('AWS::Lambda::Function', 'MarqueeProjectorFunction');
      const appends = statementsOfFunction(stream).filter(
        (s) => actionsOf(s).includes('dynamodb:PutItem') && JSON.stringify(s.Resource).includes(events),
      );
      expect(appends).toHaveLength(1);
    });
  });
});

import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, FilterRule, StartingPosition, type Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LambdaEnv } from '../../src/adapters/aws/lambda-env';
import { marqueeFunction } from '../functions/marquee-function';
import { READ_MODEL_WRITE_ACTIONS, allow, allowTable } from './permissions';

export interface ProjectorProps {
  readonly events: Table;
  readonly readModels: Table;
  readonly graphqlUrl: string;
  readonly publishFieldArns: readonly string[];
  readonly entry: string;
}

/**
 * The projector: the events table's stream drives src/app's Projector, which writes the read
 * models and publishes through AppSync (IAM-signed publish mutations). A failing commit is
 * retried, the batch bisected around it, and after the last attempt its stream coordinates go
 * to the dead-letter queue, from which the commit can be re-read and re-projected.
 */
export class Projector extends Construct {
  readonly function: LambdaFunction;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: ProjectorProps) {
    super(scope, id);
    this.function = marqueeFunction(this, 'Function', {
      entry: props.entry,
      description: 'Projects the event log (DynamoDB stream) into read models and publishes changes',
      environment: {
        [LambdaEnv.eventsTable]: props.events.tableName,
        [LambdaEnv.readModelsTable]: props.readModels.tableName,
        [LambdaEnv.graphqlUrl]: props.graphqlUrl,
      },
      timeout: Duration.minutes(1),
    });
    allowTable(this.function, props.readModels, READ_MODEL_WRITE_ACTIONS);
    allow(this.function, ['appsync:GraphQL'], [...props.publishFieldArns]);

    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.function.addEventSource(
      new DynamoEventSource(props.events, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 10,
        maxRecordAge: Duration.days(1),
        reportBatchItemFailures: true,
        parallelizationFactor: 1,
        onFailure: new SqsDlq(this.deadLetters),
        // Commits only: the position counter and gap markers live in the same table.
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { events: { S: FilterRule.exists() } } },
          }),
        ],
      }),
    );
  }
}

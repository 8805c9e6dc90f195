import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { LambdaEnv } from '../../src/adapters/aws/lambda-env';
import { BUNDLED_SCHEMA, bundledCode } from './bundle';

export interface MarqueeFunctionProps {
  /** A Lambda entry adapter in src/adapters/aws (`lambda-*.ts`), exporting `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly environment?: Record<string, string>;
  readonly timeout?: Duration;
  readonly memorySize?: number;
}

/** A thin Lambda over src/app: one bundled entry adapter, Node 20 on arm64, its own log group. */
export function marqueeFunction(scope: Construct, id: string, props: MarqueeFunctionProps): LambdaFunction {
  const logGroup = new LogGroup(scope, `${id}Logs`, {
    retention: RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  return new LambdaFunction(scope, id, {
    description: props.description,
    code: bundledCode(props.entry),
    handler: 'index.handler',
    runtime: Runtime.NODEJS_20_X,
    architecture: Architecture.ARM_64,
    memorySize: props.memorySize ?? 512,
    timeout: props.timeout ?? Duration.seconds(30),
    tracing: Tracing.ACTIVE,
    logGroup,
    environment: {
      [LambdaEnv.schemaPath]: BUNDLED_SCHEMA,
      ...props.environment,
    },
  });
}

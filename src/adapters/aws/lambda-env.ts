/**
 * The environment contract between the CDK stack (amplify/) and the Lambda entry adapters:
 * the stack sets these variables, src/adapters/aws/compose.ts reads them.
 */
export const LambdaEnv = {
  eventsTable: 'MARQUEE_EVENTS_TABLE',
  readModelsTable: 'MARQUEE_READ_MODELS_TABLE',
  /** AppSync GraphQL endpoint, for the SigV4 publisher. */
  graphqlUrl: 'MARQUEE_GRAPHQL_URL',
  /** JSON object: state machine name (ASL file name without `.asl.json`) -> ARN. */
  stateMachines: 'MARQUEE_STATE_MACHINES',
  /** Which task handler an SFN task Lambda runs: the placeholder name, e.g. `ReserveStockFunctionArn`. */
  taskHandler: 'MARQUEE_TASK_HANDLER',
  uploadBucket: 'MARQUEE_UPLOAD_BUCKET',
  mediaBucket: 'MARQUEE_MEDIA_BUCKET',
  mediaConvertRoleArn: 'MARQUEE_MEDIACONVERT_ROLE_ARN',
  mediaDomain: 'MARQUEE_MEDIA_DOMAIN',
  cloudFrontKeyPairId: 'MARQUEE_CLOUDFRONT_KEY_PAIR_ID',
  /** Secrets Manager ARNs (JSON secrets), read at cold start. */
  stripeSecretArn: 'MARQUEE_STRIPE_SECRET_ARN',
  webhookSecretArn: 'MARQUEE_WEBHOOK_SECRET_ARN',
  cloudFrontPrivateKeySecretArn: 'MARQUEE_CLOUDFRONT_PRIVATE_KEY_SECRET_ARN',
  mailFrom: 'MARQUEE_MAIL_FROM',
  /** The external warehouse system's webhook URL and the outbox state machine; both unset = no outbox. */
  warehouseWebhookUrl: 'MARQUEE_WAREHOUSE_WEBHOOK_URL',
  warehouseOutboxArn: 'MARQUEE_WAREHOUSE_OUTBOX_ARN',
  /** Cognito user pool id: where the SES mailer looks up a customer's address. */
  userPoolId: 'MARQUEE_USER_POOL_ID',
  /** Path of schema.graphql inside the bundle (the publisher derives its selection sets from it). */
  schemaPath: 'MARQUEE_SCHEMA_PATH',
} as const;

export type LambdaEnvName = (typeof LambdaEnv)[keyof typeof LambdaEnv];

import { defineBackend } from '@aws-amplify/backend';
import { resolvers } from '../src/api/resolvers';
import { auth } from './auth/resource';
import { Marquee } from './custom/marquee';
import { stateMachinesDir } from './paths';
import { uploads } from './storage/resource';

/**
 * Marquee on AWS: Amplify's auth (Cognito) and storage (uploads bucket), plus one custom stack
 * with everything else (AppSync from schema.graphql, DynamoDB, Lambdas over src/app, Step
 * Functions from state-machines/*.asl.json, media). `npm run synth` builds it offline.
 */
export const backend = defineBackend({ auth, uploads });

// S3 -> EventBridge (not a direct bucket notification): the trigger lives in the custom stack and a
// direct notification would make the storage stack depend on it while it depends on the bucket.
backend.uploads.resources.cfnResources.cfnBucket.notificationConfiguration = {
  eventBridgeConfiguration: { eventBridgeEnabled: true },
};

const stack = backend.createStack('marquee');
export const marquee = new Marquee(stack, 'Marquee', {
  userPool: backend.auth.resources.userPool,
  uploadBucket: backend.uploads.resources.bucket,
  resolverFields: Object.keys(resolvers),
  stateMachinesDir,
});

backend.addOutput({
  data: {
    url: marquee.api.api.graphqlUrl,
    aws_region: stack.region,
    api_key: marquee.api.api.apiKey,
    default_authorization_type: 'AMAZON_COGNITO_USER_POOLS',
    authorization_types: ['API_KEY', 'AWS_IAM'],
  },
  custom: {
    marquee: { runtime: 'aws', mediaDomain: marquee.media.domainName },
  },
});

import { Duration, Expiration } from 'aws-cdk-lib';
import {
  AuthorizationType,
  Code,
  Definition,
  FieldLogLevel,
  FunctionRuntime,
  GraphqlApi,
  type LambdaDataSource,
  type NoneDataSource,
} from 'aws-cdk-lib/aws-appsync';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { lambdaResolverCode, publishResolverCode } from './resolver-code';
import { readSchemaFields } from './schema-fields';
import { subscriptionFilterCode } from './subscription-filters';

export interface MarqueeApiProps {
  readonly schemaPath: string;
  readonly userPool: IUserPool;
  /** The resolver map's keys (`Type.field`): each gets a resolver on the one Lambda data source. */
  readonly resolverFields: readonly string[];
  readonly resolverFunction: IFunction;
}

/**
 * AppSync from schema.graphql: Cognito user pools by default, an API key for anonymous reads,
 * IAM for the internal publish mutations. Every field of the resolver map runs through one
 * Lambda; publish mutations echo their payload through a NONE data source so subscribers get it.
 */
export class MarqueeApi extends Construct {
  readonly api: GraphqlApi;
  readonly publishMutations: readonly string[];
  readonly lambdaSource: LambdaDataSource;
  readonly noneSource: NoneDataSource;

  constructor(scope: Construct, id: string, props: MarqueeApiProps) {
    super(scope, id);
    const schema = readSchemaFields(props.schemaPath);
    this.api = new GraphqlApi(this, 'Api', {
      name: 'marquee',
      definition: Definition.fromFile(props.schemaPath),
      authorizationConfig: {
        defaultAuthorization: {
          authorizationType: AuthorizationType.USER_POOL,
          userPoolConfig: { userPool: props.userPool },
        },
        additionalAuthorizationModes: [
          {
            authorizationType: AuthorizationType.API_KEY,
            apiKeyConfig: { name: 'anonymous-reads', expires: Expiration.after(Duration.days(365)) },
          },
          { authorizationType: AuthorizationType.IAM },
        ],
      },
      logConfig: { fieldLogLevel: FieldLogLevel.ERROR },
      xrayEnabled: true,
    });

    this.lambdaSource = this.api.addLambdaDataSource('Resolvers', props.resolverFunction);
    this.noneSource = this.api.addNoneDataSource('Publish');

    this.publishMutations = schema.publishMutations;
    const publish = new Set(schema.publishMutations.map((m) => `Mutation.${m}`));
    for (const key of props.resolverFields) {
      if (!schema.rootFields.has(key)) throw new Error(`resolver map has ${key}, which schema.graphql does not declare`);
      if (publish.has(key)) throw new Error(`${key} is a publish mutation: it must not be in the resolver map`);
      const [typeName, fieldName] = key.split('.') as [string, string];
      if (typeName === 'Subscription') continue;
      this.lambdaSource.createResolver(`${typeName}${fieldName}Resolver`, {
        typeName,
        fieldName,
        runtime: FunctionRuntime.JS_1_0_0,
        code: Code.fromInline(lambdaResolverCode),
      });
    }
    for (const mutation of schema.publishMutations) {
      if (!schema.rootFields.has(`Mutation.${mutation}`))
        throw new Error(`@aws_subscribe names ${mutation}, which is not a Mutation field`);
      this.noneSource.createResolver(`Mutation${mutation}Resolver`, {
        typeName: 'Mutation',
        fieldName: mutation,
        runtime: FunctionRuntime.JS_1_0_0,
        code: Code.fromInline(publishResolverCode),
      });
    }
    for (const [field, code] of Object.entries(subscriptionFilterCode)) {
      if (!schema.rootFields.has(`Subscription.${field}`)) continue;
      this.noneSource.createResolver(`Subscription${field}Resolver`, {
        typeName: 'Subscription',
        fieldName: field,
        runtime: FunctionRuntime.JS_1_0_0,
        code: Code.fromInline(code),
      });
    }
  }

  /** ARNs of the publish mutation fields, for the projector's `appsync:GraphQL` grant. */
  publishFieldArns(): string[] {
    return this.publishMutations.map((m) => `${this.api.arn}/types/Mutation/fields/${m}`);
  }
}

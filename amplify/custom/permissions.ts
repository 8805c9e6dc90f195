import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { tableArns } from './tables';

/** Exactly the DynamoDB calls the adapters make (dynamo-event-store.ts, dynamo-read-store.ts). */
export const EVENT_STORE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'];
export const READ_MODEL_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query'];
export const READ_MODEL_WRITE_ACTIONS = [
  ...READ_MODEL_READ_ACTIONS,
  'dynamodb:PutItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

export function allow(grantee: IGrantable, actions: string[], resources: string[]) {
  grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions, resources }));
}

export const allowTable = (grantee: IGrantable, table: ITable, actions: string[]) =>
  allow(grantee, actions, tableArns(table));

/**
 * Who receives what on each subscription, enforced by AppSync with enhanced subscription filters.
 * These mirror the API's subscription guards and subscribe checks (src/api/resolvers), which the
 * local hub runs as code; AppSync cannot run our code per message, so the same rules are stated
 * as filters here. Arguments are repeated in the filter so argument filtering holds either way.
 */
interface SubscriptionRule {
  /** Callers outside these groups only receive payloads whose `field` is true. */
  readonly visibleUnlessGroups?: { readonly field: string; readonly groups: readonly string[] };
  /** Callers outside these groups only receive payloads whose `field` is their own `sub`. */
  readonly ownerUnlessGroups?: { readonly field: string; readonly groups: readonly string[] };
  /** Only these groups may subscribe at all. */
  readonly requireGroups?: readonly string[];
}

export const subscriptionRules: Readonly<Record<string, SubscriptionRule>> = {
  onProductUpdated: { visibleUnlessGroups: { field: 'shopperVisible', groups: ['STAFF'] } },
  onVideoUpdated: { visibleUnlessGroups: { field: 'published', groups: ['STAFF'] } },
  onOrderUpdated: { ownerUnlessGroups: { field: 'customerId', groups: ['STAFF'] } },
  onShipmentUpdated: { requireGroups: ['WAREHOUSE', 'STAFF'] },
};

const codeFor = (rule: SubscriptionRule) => `import { util, extensions } from '@aws-appsync/utils';

const rule = ${JSON.stringify(rule)};

function callerGroups(identity) {
  if (!identity) return [];
  if (identity.groups) return identity.groups;
  return (identity.claims && identity.claims['cognito:groups']) || [];
}

function inAny(groups, wanted) {
  return wanted.some((g) => groups.indexOf(g) >= 0);
}

export function request(ctx) {
  return { payload: null };
}

export function response(ctx) {
  const groups = callerGroups(ctx.identity);
  if (rule.requireGroups && !inAny(groups, rule.requireGroups)) {
    util.unauthorized();
  }
  const filter = {};
  Object.keys(ctx.arguments || {}).forEach((name) => {
    const value = ctx.arguments[name];
    if (value !== null && value !== undefined) filter[name] = { eq: value };
  });
  if (rule.visibleUnlessGroups && !inAny(groups, rule.visibleUnlessGroups.groups)) {
    filter[rule.visibleUnlessGroups.field] = { eq: true };
  }
  if (rule.ownerUnlessGroups && !inAny(groups, rule.ownerUnlessGroups.groups)) {
    const sub = ctx.identity && ctx.identity.sub;
    if (!sub) util.unauthorized();
    const asked = filter[rule.ownerUnlessGroups.field];
    if (asked && asked.eq !== sub) util.unauthorized();
    filter[rule.ownerUnlessGroups.field] = { eq: sub };
  }
  if (Object.keys(filter).length > 0) {
    extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter(filter));
  }
  return null;
}
`;

/** Subscription field -> APPSYNC_JS code of its (NONE data source) subscription resolver. */
export const subscriptionFilterCode: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(subscriptionRules).map(([field, rule]) => [field, codeFor(rule)]),
);

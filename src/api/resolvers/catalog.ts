import type { CreateProductInput } from '../../app/catalog/catalog';
import type { ProductQuery } from '../../app/catalog/product-query';
import type { ProductDetails } from '../../domain/product';
import { actorOf, isStaff, requireGroup } from '../identity';
import type { ResolverMap, SubscriptionGuards } from './types';

type ProductsArgs = {
  filter?: Pick<ProductQuery, 'search' | 'category' | 'minPrice' | 'maxPrice'> | null;
} & Pick<ProductQuery, 'sort' | 'limit' | 'nextToken'>;

const strip = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;

export const catalogResolvers: ResolverMap = {
  'Query.products': async ({ args, identity, services }) => {
    const { filter, sort, limit, nextToken } = args as ProductsArgs;
    return services.catalog.products({ ...filter, sort, limit, nextToken }, isStaff(identity));
  },

  'Query.product': async ({ args, identity, services }) =>
    (await services.catalog.product(args.id as string, isStaff(identity))) ?? null,

  'Query.categories': async ({ identity, services }) => services.catalog.categories(isStaff(identity)),

  'Mutation.createProduct': async ({ args, identity, services }) => {
    requireGroup(identity, 'STAFF');
    const input = strip(args.input as CreateProductInput) as CreateProductInput;
    return services.catalog.createProduct(input, actorOf(identity));
  },

  'Mutation.updateProduct': async ({ args, identity, services }) => {
    requireGroup(identity, 'STAFF');
    return services.catalog.updateProduct(
      args.id as string,
      strip(args.input as Partial<ProductDetails>),
      actorOf(identity),
    );
  },

  'Mutation.publishProduct': async ({ args, identity, services }) => {
    requireGroup(identity, 'STAFF');
    return services.catalog.setPublished(args.id as string, true, actorOf(identity));
  },

  'Mutation.unpublishProduct': async ({ args, identity, services }) => {
    requireGroup(identity, 'STAFF');
    return services.catalog.setPublished(args.id as string, false, actorOf(identity));
  },

  'Mutation.adjustStock': async ({ args, identity, services }) => {
    requireGroup(identity, 'STAFF');
    return services.catalog.adjustStock(
      args.sku as string,
      args.delta as number,
      args.reason as string,
      actorOf(identity),
    );
  },
};

export const catalogSubscriptionGuards: SubscriptionGuards = {
  // Drafts are pushed to staff only; everyone else hears about published products,
  // including the change that unpublishes one (so open pages can drop it).
  'Subscription.onProductUpdated': (payload, identity) => payload.shopperVisible === true || isStaff(identity),
};

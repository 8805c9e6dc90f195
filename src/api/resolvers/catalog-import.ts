import { actorOf, requireGroup } from '../identity';
import type { ResolverMap } from './types';

export const catalogImportResolvers: ResolverMap = {
  'Mutation.requestImportUpload': async ({ args, identity, services }) => {
    requireGroup(identity, 'STAFF');
    return services.catalogImport.requestUpload(args.contentType as string, args.size as number);
  },

  'Mutation.importCatalog': async ({ args, identity, services }) => {
    requireGroup(identity, 'STAFF');
    return services.catalogImport.run(args.key as string, actorOf(identity));
  },
};

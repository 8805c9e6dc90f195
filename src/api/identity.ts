import { DomainError } from '../domain/errors';

export type Group = 'STAFF' | 'WAREHOUSE';

/** Who is calling, as AppSync tells a resolver (identity of the request). */
export type Identity =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'user'; readonly sub: string; readonly username: string; readonly groups: readonly string[] }
  | { readonly kind: 'iam' };

export type User = Extract<Identity, { kind: 'user' }>;

export const isUser = (id: Identity): id is User => id.kind === 'user';
export const inGroup = (id: Identity, group: Group) => isUser(id) && id.groups.includes(group);
export const isStaff = (id: Identity) => inGroup(id, 'STAFF');

export function requireUser(id: Identity): User {
  if (!isUser(id)) throw new DomainError('Unauthorized', 'sign in to do this');
  return id;
}

export function requireGroup(id: Identity, ...groups: Group[]): User {
  const user = requireUser(id);
  if (!groups.some((g) => user.groups.includes(g)))
    throw new DomainError('Forbidden', `only ${groups.join(' or ')} may do this`);
  return user;
}

/** The actor recorded in event metadata. */
export const actorOf = (id: Identity) => (isUser(id) ? `user:${id.sub}` : id.kind);

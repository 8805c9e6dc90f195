export interface User {
  readonly username: string;
  readonly sub: string;
  readonly groups: readonly string[];
}

export interface DemoUser {
  readonly username: string;
  readonly groups: readonly string[];
  readonly role: string;
}

/** How this deployment signs people in: the local demo issuer, or Cognito in AWS. */
export interface AuthBackend {
  readonly kind: 'local' | 'cognito';
  readonly demoUsers: readonly DemoUser[];
  current(): Promise<User | null>;
  signIn(username: string, secret: { groups: readonly string[] } | { password: string }): Promise<User>;
  signOut(): Promise<void>;
}

export const userFromClaims = (claims: Record<string, unknown>): User => {
  const groups = claims['cognito:groups'];
  return {
    username: String(claims.username ?? claims['cognito:username'] ?? ''),
    sub: String(claims.sub ?? ''),
    groups: Array.isArray(groups) ? groups.map(String) : [],
  };
};

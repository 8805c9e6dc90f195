import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { userFromClaims, type AuthBackend, type User } from './user';

/** Against AWS: Amplify's own Cognito user-pool sign-in (username + password). */
export function createCognitoAuth(): AuthBackend {
  const current = async (): Promise<User | null> => {
    try {
      const session = await fetchAuthSession();
      const payload = session.tokens?.idToken?.payload;
      return payload ? userFromClaims(payload as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  };
  return {
    kind: 'cognito',
    demoUsers: [],
    current,
    async signIn(username, secret) {
      if (!('password' in secret)) throw new Error('a password is required');
      const result = await signIn({ username, password: secret.password });
      if (!result.isSignedIn) throw new Error(`sign-in needs another step: ${result.nextStep.signInStep}`);
      const user = await current();
      if (!user) throw new Error('signed in, but no session was returned');
      return user;
    },
    async signOut() {
      await signOut();
    },
  };
}

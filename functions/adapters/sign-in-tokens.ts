/**
 * Completes a hosted sign-in (Amazon Cognito's OAuth 2.0 authorization-code flow with PKCE): swaps the
 * code the browser brings back for tokens at the token endpoint beside SIGN_IN_URL.
 */
import { UnauthenticatedError } from '../domain/errors.ts';
import { environmentNames, requireEnvironment } from './environment.ts';

export interface SignInTokens {
  idToken: string;
  expiresInSeconds: number;
}

export type ExchangeCode = (code: string, codeVerifier: string, redirectUri: string) => Promise<SignInTokens>;

export function hostedSignInExchange(fetchImpl: typeof fetch = fetch): ExchangeCode {
  return async (code, codeVerifier, redirectUri) => {
    const tokenEndpoint = new URL('/oauth2/token', requireEnvironment(environmentNames.signInUrl));
    const response = await fetchImpl(tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: requireEnvironment(environmentNames.authClientId),
        code,
        redirect_uri: redirectUri,
        code_verifier: codeVerifier,
      }).toString(),
    });
    if (!response.ok) {
      // 400 invalid_grant: a code used twice, expired, or for another client. The person signs in again.
      throw new UnauthenticatedError(`The sign-in service refused the code (${response.status})`);
    }
    const body = (await response.json()) as { id_token?: unknown; expires_in?: unknown };
    if (typeof body.id_token !== 'string') {
      throw new UnauthenticatedError('The sign-in service sent no id token');
    }
    const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
    return { idToken: body.id_token, expiresInSeconds: Math.min(expiresIn, 12 * 3600) };
  };
}

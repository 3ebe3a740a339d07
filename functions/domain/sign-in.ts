/**
 * Signing in to the dashboard with the hosted sign-in service (Cognito's managed login in AWS, the dev
 * sign-in locally), as the sign-in pages use it; adapters/hosted-sign-in.ts provides it.
 */

/** The cookie holding a signed-in person's id token. */
export const sessionCookieName = 'td_session';

export interface SignInStarted {
  /** Where the browser goes to sign in. */
  authorizationUrl: string;
  /** What the callback must see again, sealed (it holds the PKCE verifier): a short-lived cookie keeps it. */
  attempt: string;
  attemptMaxAgeSeconds: number;
}

export interface SignedIn {
  /** The verified id token: the session cookie's value. */
  idToken: string;
  /** How long the session cookie may last: never longer than the token. */
  sessionMaxAgeSeconds: number;
  /** The path the sign-in started from. */
  returnTo: string;
}

export interface HostedSignIn {
  begin(returnTo: string): Promise<SignInStarted>;
  /**
   * The callback: the query string the sign-in service sent the browser back with, and the sealed attempt
   * from its cookie (undefined when there is none). Throws UnauthenticatedError when they do not belong
   * together, the code was used already, the nonce differs or the token does not verify.
   */
  complete(callbackQuery: string, attempt: string | undefined): Promise<SignedIn>;
  /** Where the browser goes once the session cookie is cleared, so the hosted session ends too. */
  signOutUrl(): string;
}

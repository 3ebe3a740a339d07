/** Staff sign-in: the Cognito user pool for HR and managers, its groups, hosted sign-in domain and app client. */
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export interface StaffIdentityProps {
  /** Where Cognito sends people back after signing in (`${PUBLIC_BASE_URL}/sign-in/callback`). */
  callbackUrl: string;
  /** Where Cognito's `/logout` sends people back to (`${PUBLIC_BASE_URL}/sign-in?signedOut=true`). */
  signOutUrl: string;
  /** Prefix of the hosted sign-in domain (`<prefix>.auth.<region>.amazoncognito.com`). */
  domainPrefix: string;
}

/** The roles the handlers read from the id token's `cognito:groups` claim. */
export const staffGroups = {
  hr: 'HR staff: create, launch and follow transfers, record objections, export lists.',
  manager: 'Managers: decide on the renewal of contracts they manage.',
} as const;

export class StaffIdentity extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  /** The OpenID issuer of the pool's tokens, whose JWKS verifies them. */
  readonly issuer: string;
  /**
   * Cognito's `/logout` on the hosted sign-in domain: the dashboard sends people there with `client_id` and
   * `logout_uri` (the sign-out URL above) so signing out ends the hosted session too. Where to sign in is
   * read from the issuer's discovery document.
   */
  readonly signOutEndpoint: string;

  constructor(scope: Construct, id: string, props: StaffIdentityProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      // HR adds staff users; nobody signs themselves up to see personal data.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      // Everyone in the pool handles personal data of staff being transferred: MFA (authenticator app) is required.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus tier: threat protection blocks sign-ins with compromised credentials or high risk.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const [groupName, description] of Object.entries(staffGroups)) {
      new UserPoolGroup(this, `${groupName}Group`, { userPool: this.userPool, groupName, description });
    }

    this.domain = this.userPool.addDomain('SignInDomain', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
    });

    this.client = this.userPool.addClient('WebClient', {
      // The dashboard exchanges the code on the server; the id token carries `cognito:groups`.
      generateSecret: false,
      // SRP only (plus refresh): no password ever crosses the wire, no custom challenge flow.
      authFlows: { userSrp: true },
      // The dashboard signs in with PKCE, state and nonce (functions/adapters/hosted-sign-in.ts).
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [props.callbackUrl],
        logoutUrls: [props.signOutUrl],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    this.issuer = `https://cognito-idp.${Aws.REGION}.${Aws.URL_SUFFIX}/${this.userPool.userPoolId}`;
    this.signOutEndpoint = `${this.domain.baseUrl()}/logout`;
  }
}

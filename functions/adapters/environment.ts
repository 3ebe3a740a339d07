/** The environment variables handlers read, named once so the CDK stack and the local stack set the same ones. */

import { ConfigurationError } from '../domain/errors.ts';
import type { WorkflowName } from '../workflow-names.ts';

// Still importable from here, where callers of requireEnvironment look for it.
export { ConfigurationError };

export const environmentNames = {
  tableName: 'TABLE_NAME',
  emailFrom: 'EMAIL_FROM',
  /** The SES configuration set every send goes through: it publishes the events that settle the ledger. */
  emailConfigurationSet: 'EMAIL_CONFIGURATION_SET',
  /** Absolute base URL of the web app, used for the links in emails (no trailing slash). */
  publicBaseUrl: 'PUBLIC_BASE_URL',
  /** Secrets Manager id of the link secret: the keys personal links are made and opened with. */
  linkSecretId: 'LINK_SECRET_ID',
  /** OpenID issuer whose JWKS verifies bearer tokens and sessions (Cognito in AWS, the local stack locally). */
  authIssuer: 'AUTH_ISSUER',
  /** The app client the tokens are issued to (`aud` of an id token). */
  authClientId: 'AUTH_CLIENT_ID',
  /**
   * The sign-in service's sign-out endpoint (Cognito's `/logout` on the user pool domain in AWS, the dev
   * sign-in's locally). Where to sign in comes from the issuer's discovery document instead.
   */
  signOutUrl: 'SIGN_OUT_URL',
  /** The SES account's sending rate (emails a second): how many emails go out at once follows from it. */
  sesMaxSendRate: 'SES_MAX_SEND_RATE',
  /** The S3 bucket the evidence packs are built in and downloaded from (pre-signed links). */
  evidenceBucket: 'EVIDENCE_BUCKET',
} as const;

/**
 * Paths under PUBLIC_BASE_URL the sign-in service sends people back to. Each must be registered with its app
 * client (Cognito's CallbackURLs and LogoutURLs), so the CDK app and the local stack take them from here.
 */
export const signInPaths = {
  callback: '/sign-in/callback',
  signedOut: '/sign-in?signedOut=true',
} as const;

/**
 * Powertools reads its own variables (`POWERTOOLS_*`); these are the values the CDK and the local stack give
 * them. One service name for every function: the metrics count the product's events (emails sent, elections
 * recorded) whichever function they happen in, and each log line and ColdStart metric names its function.
 */
export const powertoolsSettings = {
  serviceName: 'transfer-desk',
  metricsNamespace: 'TransferDesk',
} as const;

/** `launch-transfer` → `LAUNCH_TRANSFER_WORKFLOW_ARN`. */
export function workflowArnVariable(workflow: WorkflowName): string {
  return `${workflow.toUpperCase().replaceAll('-', '_')}_WORKFLOW_ARN`;
}

/** Reads a required variable when first needed, never at import time, with an error that names it. */
export function requireEnvironment(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new ConfigurationError(`The environment variable ${name} is not set`);
  }
  return value;
}

/** The SES sending rate the stack was given (emails a second), read when first needed. */
export function sesMaxSendRate(): number {
  const value = Number(requireEnvironment(environmentNames.sesMaxSendRate));
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigurationError(
      `The environment variable ${environmentNames.sesMaxSendRate} is not a positive number`,
    );
  }
  return value;
}

/**
 * The environment the in-process handlers read: the same variables the CDK sets on each Lambda function,
 * plus the standard AWS SDK endpoint variables that point the SDK clients at the local services. Handlers
 * reach the local services only through these; no code in functions/ knows it runs locally.
 */
import {
  environmentNames,
  powertoolsSettings,
  workflowArnVariable,
} from '../../functions/adapters/environment.ts';
import { type WorkflowName, workflowNames } from '../../functions/catalog.ts';
import { localCredentials, localRegion, localStateMachineArn } from './local-aws.ts';

export interface LocalEndpoints {
  dynamodb: string;
  stepFunctions: string;
  ses: string;
  secretsManager: string;
  s3: string;
}

export interface LocalEnvironmentSettings {
  publicBaseUrl: string;
  tableName: string;
  emailFrom: string;
  emailConfigurationSet: string;
  /** The local SES's sending rate (emails a second): how many emails go out at once. */
  sesMaxSendRate: number;
  linkSecretId: string;
  authIssuer: string;
  authClientId: string;
  signOutUrl: string;
  evidenceBucket: string;
  endpoints: LocalEndpoints;
  /** Powertools log level of the handlers. */
  logLevel: string;
  /** Whether the handlers write their metrics (EMF lines) to standard output, as in AWS; off by default. */
  metrics?: boolean;
}

/** Variables removed for the stack's lifetime: a developer's own AWS settings must not leak in. */
const cleared = [
  'AWS_PROFILE',
  'AWS_SESSION_TOKEN',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
  'AWS_ENDPOINT_URL',
];

export function localEnvironment(settings: LocalEnvironmentSettings): Record<string, string> {
  return {
    AWS_REGION: localRegion,
    AWS_DEFAULT_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: settings.endpoints.dynamodb,
    AWS_ENDPOINT_URL_SFN: settings.endpoints.stepFunctions,
    AWS_ENDPOINT_URL_SESV2: settings.endpoints.ses,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: settings.endpoints.secretsManager,
    AWS_ENDPOINT_URL_S3: settings.endpoints.s3,
    POWERTOOLS_SERVICE_NAME: powertoolsSettings.serviceName,
    POWERTOOLS_LOG_LEVEL: settings.logLevel,
    POWERTOOLS_METRICS_NAMESPACE: powertoolsSettings.metricsNamespace,
    // No CloudWatch here to read EMF: a JSON line of metrics after every invocation would drown the logs.
    POWERTOOLS_METRICS_DISABLED: settings.metrics ? 'false' : 'true',
    [environmentNames.tableName]: settings.tableName,
    [environmentNames.emailFrom]: settings.emailFrom,
    [environmentNames.emailConfigurationSet]: settings.emailConfigurationSet,
    [environmentNames.sesMaxSendRate]: String(settings.sesMaxSendRate),
    [environmentNames.publicBaseUrl]: settings.publicBaseUrl,
    [environmentNames.linkSecretId]: settings.linkSecretId,
    [environmentNames.authIssuer]: settings.authIssuer,
    [environmentNames.authClientId]: settings.authClientId,
    [environmentNames.signOutUrl]: settings.signOutUrl,
    [environmentNames.evidenceBucket]: settings.evidenceBucket,
    ...Object.fromEntries(
      workflowNames.map((workflow: WorkflowName) => [
        workflowArnVariable(workflow),
        localStateMachineArn(workflow),
      ]),
    ),
  };
}

/** Sets the variables in this process and answers a function that puts back what was there before. */
export function applyEnvironment(variables: Record<string, string>): () => void {
  const names = [...Object.keys(variables), ...cleared];
  const previous = new Map(names.map((name) => [name, process.env[name]]));
  for (const name of cleared) delete process.env[name];
  Object.assign(process.env, variables);
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

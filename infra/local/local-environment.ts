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
import { localRegion, localStateMachineArn } from './local-aws.ts';

export interface LocalEndpoints {
  dynamodb: string;
  stepFunctions: string;
  ses: string;
  secretsManager: string;
}

export interface LocalEnvironmentSettings {
  publicBaseUrl: string;
  tableName: string;
  emailFrom: string;
  emailConfigurationSet: string;
  linkSecretId: string;
  authIssuer: string;
  authClientId: string;
  signOutUrl: string;
  endpoints: LocalEndpoints;
  /** Powertools log level of the handlers. */
  logLevel: string;
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
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: settings.endpoints.dynamodb,
    AWS_ENDPOINT_URL_SFN: settings.endpoints.stepFunctions,
    AWS_ENDPOINT_URL_SESV2: settings.endpoints.ses,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: settings.endpoints.secretsManager,
    POWERTOOLS_SERVICE_NAME: powertoolsSettings.serviceName,
    POWERTOOLS_LOG_LEVEL: settings.logLevel,
    POWERTOOLS_METRICS_NAMESPACE: powertoolsSettings.metricsNamespace,
    // No CloudWatch here to read EMF: a JSON line of metrics after every invocation would drown the logs.
    POWERTOOLS_METRICS_DISABLED: 'true',
    [environmentNames.tableName]: settings.tableName,
    [environmentNames.emailFrom]: settings.emailFrom,
    [environmentNames.emailConfigurationSet]: settings.emailConfigurationSet,
    [environmentNames.publicBaseUrl]: settings.publicBaseUrl,
    [environmentNames.linkSecretId]: settings.linkSecretId,
    [environmentNames.authIssuer]: settings.authIssuer,
    [environmentNames.authClientId]: settings.authClientId,
    [environmentNames.signOutUrl]: settings.signOutUrl,
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

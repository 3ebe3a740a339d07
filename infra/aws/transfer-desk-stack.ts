/** The Transfer Desk stack: everything is built from the function and workflow catalog. */
import { ArnFormat, CfnOutput, CfnParameter, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { signInPaths } from '../../functions/adapters/environment.ts';
import {
  functions as catalogFunctions,
  workflows as catalogWorkflows,
  type FunctionSpec,
  type WorkflowSpec,
} from '../../functions/catalog.ts';
import { sesDefaultMaxSendRate } from '../../functions/domain/sending-plan.ts';
import { DataStore } from './constructs/data-store.ts';
import { EmailConfiguration, EmailEventRules } from './constructs/email-events.ts';
import { FunctionSchedules } from './constructs/function-schedules.ts';
import { FunctionsFromCatalog } from './constructs/functions-from-catalog.ts';
import { TransferDeskHttpApi } from './constructs/http-api.ts';
import { StaffIdentity } from './constructs/identity.ts';
import { LinkSecretRotation } from './constructs/link-secret-rotation.ts';
import { OperationalAlarms } from './constructs/operational-alarms.ts';
import { WorkflowsFromCatalog } from './constructs/workflows-from-catalog.ts';
import { repositoryRoot, workflowsDirectory } from './repository-paths.ts';

export interface TransferDeskStackProps extends StackProps {
  /** Defaults to the catalog; tests may pass their own lists. */
  functions?: readonly FunctionSpec[];
  workflows?: readonly WorkflowSpec[];
  /** Where the `*.asl.json` files are (default: the repository's `workflows/`). */
  workflowsDirectory?: string;
}

export class TransferDeskStack extends Stack {
  readonly dataStore: DataStore;
  readonly httpApi: TransferDeskHttpApi;
  readonly identity: StaffIdentity;
  readonly functions: FunctionsFromCatalog;
  readonly workflows: WorkflowsFromCatalog;
  readonly schedules: FunctionSchedules;
  readonly linkSecretRotation: LinkSecretRotation;
  readonly email: EmailConfiguration;
  readonly emailEventRules: EmailEventRules;
  readonly alarms: OperationalAlarms;

  constructor(scope: Construct, id: string, props: TransferDeskStackProps = {}) {
    super(scope, id, props);
    const functionSpecs = props.functions ?? catalogFunctions;
    const workflowSpecs = props.workflows ?? catalogWorkflows;

    const emailIdentity = new CfnParameter(this, 'EmailIdentity', {
      description:
        'The verified SES identity (domain or address) Transfer Desk sends from, e.g. hr.example.org',
      type: 'String',
      minLength: 3,
    });
    const emailFromAddress = new CfnParameter(this, 'EmailFromAddress', {
      description: 'The From address of every email, under the SES identity, e.g. transfers@hr.example.org',
      type: 'String',
      allowedPattern: '^[^@\\s]+@[^@\\s]+$',
    });
    const sesMaxSendRate = new CfnParameter(this, 'SesMaxSendRate', {
      description:
        "The SES account's sending rate in this region, emails a second (SES console: Account dashboard, " +
        'Maximum send rate; 14 for a new production account). How many emails go out at once follows from it.',
      type: 'Number',
      default: sesDefaultMaxSendRate,
      minValue: 1,
    });
    this.dataStore = new DataStore(this, 'DataStore');
    this.httpApi = new TransferDeskHttpApi(this, 'Http', { encryptionKey: this.dataStore.key });

    // A custom domain (API mapping, certificate) is decided when synthesizing, so these are context values.
    const publicBaseUrl = customBaseUrl(this) ?? this.httpApi.endpoint;
    const authDomainPrefix = contextString(this, 'authDomainPrefix') ?? `transfer-desk-${this.account}`;

    this.identity = new StaffIdentity(this, 'Identity', {
      callbackUrl: `${publicBaseUrl}${signInPaths.callback}`,
      signOutUrl: `${publicBaseUrl}${signInPaths.signedOut}`,
      domainPrefix: authDomainPrefix,
    });
    this.httpApi.useStaffAuthorizer({
      issuer: this.identity.issuer,
      audience: this.identity.client.userPoolClientId,
    });

    this.email = new EmailConfiguration(this, 'Email');

    this.functions = new FunctionsFromCatalog(this, 'Functions', {
      specs: functionSpecs,
      repositoryRoot,
      table: this.dataStore.table,
      encryptionKey: this.dataStore.key,
      linkSecret: this.dataStore.linkSecret,
      evidenceBucket: this.dataStore.evidenceBucket,
      email: {
        identityArn: this.formatArn({
          service: 'ses',
          resource: 'identity',
          resourceName: emailIdentity.valueAsString,
          arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
        }),
        fromAddress: emailFromAddress.valueAsString,
        configurationSetName: this.email.configurationSet.configurationSetName,
        configurationSetArn: this.email.configurationSetArn,
        maxSendRate: sesMaxSendRate.valueAsString,
      },
      web: {
        publicBaseUrl,
        authIssuer: this.identity.issuer,
        authClientId: this.identity.client.userPoolClientId,
        signOutUrl: this.identity.signOutEndpoint,
      },
    });

    this.workflows = new WorkflowsFromCatalog(this, 'Workflows', {
      workflows: workflowSpecs,
      functions: functionSpecs,
      functionFor: (name) => this.functions.byName(name),
      workflowsDirectory: props.workflowsDirectory ?? workflowsDirectory,
      encryptionKey: this.dataStore.key,
    });
    this.functions.allowStartingWorkflows(this.workflows.stateMachines);

    for (const { spec, handler } of this.functions.entries) {
      this.httpApi.addFunctionRoutes(spec, handler);
    }

    this.schedules = new FunctionSchedules(this, 'Schedules', {
      entries: this.functions.entries,
      account: this.account,
    });

    this.linkSecretRotation = new LinkSecretRotation(this, 'LinkSecretRotation', {
      entries: this.functions.entries,
      secret: this.dataStore.linkSecret,
      account: this.account,
    });

    this.emailEventRules = new EmailEventRules(this, 'EmailEvents', {
      entries: this.functions.entries,
      configurationSetName: this.email.configurationSet.configurationSetName,
    });

    this.alarms = new OperationalAlarms(this, 'Alarms', {
      encryptionKey: this.dataStore.key,
      functions: this.functions.entries.map(({ spec, handler }) => ({ name: spec.name, handler })),
      stateMachines: [...this.workflows.stateMachines].map(([name, stateMachine]) => ({
        name,
        stateMachine,
      })),
    });

    new CfnOutput(this, 'ApiUrl', {
      value: publicBaseUrl,
      description: 'Base URL of the web app and the API',
    });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.identity.client.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.dataStore.table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarms.topic.topicArn,
      description: 'Subscribe operators here to hear of failed workflows and function errors',
    });
  }
}

/** The `publicBaseUrl` context: an https URL without a trailing slash, as the handlers expect. */
function customBaseUrl(scope: Construct): string | undefined {
  const value = contextString(scope, 'publicBaseUrl');
  if (value !== undefined && !/^https:\/\/[^\s/]+(\/[^\s]*[^\s/])?$/.test(value)) {
    throw new Error(`The publicBaseUrl context must be an https URL without a trailing slash, not ${value}`);
  }
  return value;
}

/** A string context value (`cdk synth -c name=value` or cdk.json), if set. */
function contextString(scope: Construct, name: string): string | undefined {
  const value: unknown = scope.node.tryGetContext(name);
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`The context value ${name} must be a string`);
  return value;
}

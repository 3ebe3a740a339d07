/**
 * One Lambda function per catalog entry, each with its own role holding exactly the grants its entry
 * declares, its own encrypted log group, X-Ray tracing, and the environment its handler reads.
 */
import { join } from 'node:path';
import { ArnFormat, Duration, Stack, Stage } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  ApplicationLogLevel,
  Architecture,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  environmentNames,
  powertoolsSettings,
  workflowArnVariable,
} from '../../../functions/adapters/environment.ts';
import { tableDefinition } from '../../../functions/adapters/table-definition.ts';
import type { FunctionSpec, WorkflowName } from '../../../functions/catalog.ts';
import { evidencePrefixes } from '../../../functions/domain/evidence-pack.ts';
import { acknowledgeWildcard } from '../acknowledge-wildcard.ts';
import { builtWebFolders } from '../web-files.ts';

/**
 * A year of logs: long enough to investigate an incident reported after a whole transfer cycle
 * (consultation, election, transfer day), short enough not to keep operational records for ever.
 * Logs carry ids, never personal data; the evidence HR keeps lives in the table.
 */
export const logRetention = RetentionDays.ONE_YEAR;

/** What the handlers log: Lambda's own filter and Powertools' level agree, so neither drops the other's lines. */
const applicationLogLevel = ApplicationLogLevel.INFO;

export interface EmailSettings {
  /** ARN of the SES identity (domain or address) the functions may send from. */
  identityArn: string;
  fromAddress: string;
  /** The configuration set every send goes through (it publishes the events that settle the ledger). */
  configurationSetName: string;
  configurationSetArn: string;
  /** The SES account's sending rate (emails a second, the stack parameter): how many go out at once. */
  maxSendRate: string;
}

/** What web-facing functions need to build links and check sign-ins. */
export interface WebSettings {
  publicBaseUrl: string;
  authIssuer: string;
  authClientId: string;
  /** Cognito's `/logout` on the user pool domain, where signing out ends the hosted session. */
  signOutUrl: string;
}

export interface FunctionsFromCatalogProps {
  specs: readonly FunctionSpec[];
  /** The folder the catalog's `entry` paths start from, holding package-lock.json and node_modules. */
  repositoryRoot: string;
  table: Table;
  encryptionKey: IKey;
  linkSecret: Secret;
  /** The evidence packs' bucket, encrypted with `encryptionKey`. */
  evidenceBucket: Bucket;
  email: EmailSettings;
  web: WebSettings;
}

/**
 * The credential providers the SDK's default chain imports only when the environment holds no credentials
 * (SSO, profile files, processes, web identity, container and instance metadata: with the STS and SSO clients
 * they bring, about 130 KB of every bundle). In Lambda the environment always holds the role's credentials,
 * so the chain stops at its first link and these dynamic imports are never run.
 */
export const credentialProvidersLambdaNeverLoads = [
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
] as const;

/**
 * esbuild's settings for every bundle, in esbuild's own terms: the CDK bundling below passes them on, and
 * the bundle-size test and the cold-init bench (test/infra/bundle-catalog.ts) build with them directly.
 */
export const esbuildSettings = {
  platform: 'node',
  format: 'esm',
  target: 'node24',
  mainFields: ['module', 'main'],
  // ESM output still meets CommonJS dependencies that call `require`.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  minify: true,
  // No source map: 5 MB a function, and Node's --enable-source-maps slows every cold start. Errors are
  // logged by name and message with ids; a stack in minified code still names the function.
  sourcemap: false,
  // The runtime alone: the templates are precompiled at synth (infra/aws/web-files.ts).
  alias: { nunjucks: 'nunjucks/browser/nunjucks-slim.js' },
  // The AWS SDK is bundled, all but the credential providers Lambda never reaches (the runtime has them,
  // should one be asked for); a function's `bundleNodeModules` are left out too, installed beside it.
  external: credentialProvidersLambdaNeverLoads,
} as const;

export class FunctionsFromCatalog extends Construct {
  private readonly functions = new Map<string, NodejsFunction>();
  private readonly roles = new Map<string, Role>();
  private readonly specs: readonly FunctionSpec[];

  constructor(scope: Construct, id: string, props: FunctionsFromCatalogProps) {
    super(scope, id);
    this.specs = props.specs;
    for (const spec of props.specs) {
      this.functions.set(spec.name, this.createFunction(spec, props));
    }
  }

  get entries(): ReadonlyArray<{ spec: FunctionSpec; handler: NodejsFunction }> {
    return this.specs.map((spec) => ({ spec, handler: this.byName(spec.name) }));
  }

  byName(name: string): NodejsFunction {
    const found = this.functions.get(name);
    if (!found) throw new Error(`No function named ${name} was built from the catalog`);
    return found;
  }

  private roleOf(name: string): Role {
    const found = this.roles.get(name);
    if (!found) throw new Error(`No role was built for ${name}`);
    return found;
  }

  /**
   * Lets each function start (and follow) exactly the workflows its entry names. Called once the state
   * machines exist, since the workflow steps are functions too.
   */
  allowStartingWorkflows(stateMachines: ReadonlyMap<WorkflowName, StateMachine>): void {
    for (const { spec, handler } of this.entries) {
      for (const workflow of spec.access.startsWorkflows ?? []) {
        const stateMachine = stateMachines.get(workflow);
        if (!stateMachine)
          throw new Error(`${spec.name} starts ${workflow}, which is not among the state machines`);
        stateMachine.grantStartExecution(handler);
        const executions = Stack.of(this).formatArn({
          service: 'states',
          resource: 'execution',
          resourceName: `${stateMachine.stateMachineName}:*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        });
        handler.addToRolePolicy(
          new PolicyStatement({ actions: ['states:DescribeExecution'], resources: [executions] }),
        );
        acknowledgeWildcard(
          this.roleOf(spec.name),
          'Resource',
          executions,
          `${spec.name} follows the ${workflow} executions it starts; their names are made from each milestone at run time, so only the state machine part of the ARN is fixed.`,
        );
        handler.addEnvironment(workflowArnVariable(workflow), stateMachine.stateMachineArn);
      }
    }
  }

  private createFunction(spec: FunctionSpec, props: FunctionsFromCatalogProps): NodejsFunction {
    const role = new Role(this, `${spec.name}-role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Transfer Desk ${spec.name}: ${spec.purpose}`.slice(0, 1000),
    });
    const logGroup = new LogGroup(this, `${spec.name}-logs`, {
      retention: logRetention,
      encryptionKey: props.encryptionKey,
    });
    logGroup.grantWrite(role);
    this.roles.set(spec.name, role);

    const handler = new NodejsFunction(this, spec.name, {
      description: spec.purpose.slice(0, 256),
      entry: join(props.repositoryRoot, spec.entry),
      handler: 'handler',
      projectRoot: props.repositoryRoot,
      depsLockFilePath: join(props.repositoryRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: spec.architecture === 'x86_64' ? Architecture.X86_64 : Architecture.ARM_64,
      timeout: Duration.seconds(spec.timeoutSeconds),
      memorySize: spec.memoryMb,
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: applicationLogLevel,
      systemLogLevelV2: SystemLogLevel.WARN,
      environment: environmentFor(spec, props),
      // Lambda's own trace of each invocation (init and duration); the handlers add no segments of their own.
      tracing: Tracing.ACTIVE,
      bundling: {
        format: OutputFormat.ESM,
        target: esbuildSettings.target,
        mainFields: [...esbuildSettings.mainFields],
        banner: esbuildSettings.banner,
        minify: esbuildSettings.minify,
        sourceMap: esbuildSettings.sourcemap,
        esbuildArgs: Object.fromEntries(
          Object.entries(esbuildSettings.alias).map(([name, path]) => [`--alias:${name}`, path]),
        ),
        // The AWS SDK is bundled: the same versions the tests ran against, not whichever the runtime ships,
        // and tree-shaken ESM loads in about half the time of the runtime's whole CommonJS clients.
        bundleAwsSDK: true,
        externalModules: [...esbuildSettings.external],
        ...webFilesBundling(spec, Stage.of(this)?.outdir ?? props.repositoryRoot),
        ...nodeModulesBundling(spec),
      },
    });

    acknowledgeWildcard(
      role,
      'Resource',
      '*',
      `${spec.name} sends its traces to X-Ray (xray:PutTraceSegments, xray:PutTelemetryRecords), actions that support no resource-level permissions.`,
    );
    this.grantAccess(spec, role, props);
    return handler;
  }

  private grantAccess(spec: FunctionSpec, role: Role, props: FunctionsFromCatalogProps): void {
    const { table } = props;
    if (spec.access.table === 'read') table.grantReadData(role);
    if (spec.access.table === 'write') table.grantReadWriteData(role);
    if (spec.access.table !== 'none') {
      acknowledgeWildcard(
        role,
        'Resource',
        `${table.tableArn}/index/*`,
        `${spec.name} queries the table's global secondary indexes (${indexNames}); index ARNs are granted under this one table only.`,
      );
    }
    if (spec.access.table === 'write') {
      for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
        acknowledgeWildcard(
          role,
          'Action',
          action,
          `${spec.name} writes items encrypted with the table's customer-managed key; ${action} is limited to that one key.`,
        );
      }
    }
    if (spec.access.sendsEmail) {
      role.addToPolicy(
        new PolicyStatement({
          actions: ['ses:SendEmail', 'ses:SendRawEmail'],
          // A send through a configuration set is authorised on the set as well as on the identity.
          resources: [props.email.identityArn, props.email.configurationSetArn],
        }),
      );
    }
    if (spec.access.readsLinkSecret) props.linkSecret.grantRead(role);
    if (spec.rotatesLinkSecret) grantRotation(role, props.linkSecret);
    if (spec.access.evidenceBucket) grantEvidenceBucket(spec, role, props);
  }
}

/**
 * `read`: get a pack (what a pre-signed link signed by this role lets its holder do) and decrypt it.
 * `write`: also put packs and parts, multipart included, and make data keys under the table's key.
 * Only under the bucket's two prefixes, by object: no listing, no deleting (the lifecycle expires them).
 */
function grantEvidenceBucket(spec: FunctionSpec, role: Role, props: FunctionsFromCatalogProps): void {
  const { evidenceBucket: bucket, encryptionKey } = props;
  const writes = spec.access.evidenceBucket === 'write';
  const prefixes = writes ? [evidencePrefixes.packs, evidencePrefixes.parts] : [evidencePrefixes.packs];
  const objects = prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`));
  role.addToPolicy(
    new PolicyStatement({
      actions: writes ? ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'] : ['s3:GetObject'],
      resources: objects,
    }),
  );
  role.addToPolicy(
    new PolicyStatement({
      actions: writes ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
      resources: [encryptionKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(role).region}.amazonaws.com` } },
    }),
  );
  prefixes.forEach((prefix, index) => {
    acknowledgeWildcard(
      role,
      'Resource',
      objects[index] as string,
      `${spec.name} ${writes ? 'writes and reads' : 'reads'} the evidence bucket's objects under ${prefix}, each named by its transfer and pack ids at run time.`,
    );
  });
}

/**
 * What a rotation function needs on the one secret it rotates (AWS's list, without GetRandomPassword on
 * `*`: the keys are drawn in the function), and the secret's key only for that secret, through Secrets
 * Manager.
 */
function grantRotation(role: Role, secret: Secret): void {
  role.addToPolicy(
    new PolicyStatement({
      actions: [
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
        'secretsmanager:UpdateSecretVersionStage',
      ],
      resources: [secret.secretArn],
    }),
  );
  if (secret.encryptionKey) {
    role.addToPolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        resources: [secret.encryptionKey.keyArn],
        conditions: {
          StringEquals: {
            'kms:ViaService': `secretsmanager.${Stack.of(role).region}.amazonaws.com`,
            'kms:EncryptionContext:SecretARN': secret.secretArn,
          },
        },
      }),
    );
  }
}

/**
 * Packages a function reads files of at run time (a browser binary) are installed beside the bundle with
 * the lock file's versions, and left out of esbuild's bundle.
 */
export function nodeModulesBundling(spec: Pick<FunctionSpec, 'bundleNodeModules'>): {
  nodeModules?: string[];
} {
  const modules = [...(spec.bundleNodeModules ?? [])];
  // CDK marks node modules external to esbuild itself and installs them with `npm ci` from the lock file.
  return modules.length === 0 ? {} : { nodeModules: modules };
}

const indexNames = tableDefinition.globalSecondaryIndexes.map((index) => index.indexName).join(', ');

/**
 * The `web/` folder beside the bundle, where functions/web/locations.ts looks: the precompiled templates
 * and asset versions for a function that renders, the served files for the one that serves them
 * (infra/aws/web-files.ts builds both once per synth under the cloud assembly's folder).
 */
export function webFilesBundling(
  spec: Pick<FunctionSpec, 'needsWebFiles' | 'servesStaticFiles'>,
  outdir: string,
): { commandHooks?: ICommandHooks } {
  if (!spec.needsWebFiles && !spec.servesStaticFiles) return {};
  // Built when a bundle is first made, so a synth that skips bundling (most CDK tests) skips it too.
  const web = () => {
    const folders = builtWebFolders(outdir);
    return spec.servesStaticFiles ? folders.assets : folders.templates;
  };
  return {
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir, outputDir) => [
        `mkdir -p "${outputDir}/web"`,
        `cp -r "${web()}/." "${outputDir}/web/"`,
      ],
    },
  };
}

function environmentFor(spec: FunctionSpec, props: FunctionsFromCatalogProps): Record<string, string> {
  const environment: Record<string, string> = {
    POWERTOOLS_SERVICE_NAME: powertoolsSettings.serviceName,
    POWERTOOLS_METRICS_NAMESPACE: powertoolsSettings.metricsNamespace,
    POWERTOOLS_LOG_LEVEL: applicationLogLevel,
  };
  if (spec.access.table !== 'none') environment[environmentNames.tableName] = props.table.tableName;
  if (spec.access.sendsEmail) {
    environment[environmentNames.emailFrom] = props.email.fromAddress;
    environment[environmentNames.emailConfigurationSet] = props.email.configurationSetName;
  }
  if (spec.access.sendsEmail || spec.access.pacesEmail) {
    environment[environmentNames.sesMaxSendRate] = props.email.maxSendRate;
  }
  if (spec.access.readsLinkSecret) environment[environmentNames.linkSecretId] = props.linkSecret.secretArn;
  if (spec.access.evidenceBucket)
    environment[environmentNames.evidenceBucket] = props.evidenceBucket.bucketName;
  // Links in emails and pages need the base URL; every web handler may check a sign-in.
  if (spec.access.sendsEmail || spec.routes?.length) {
    environment[environmentNames.publicBaseUrl] = props.web.publicBaseUrl;
  }
  if (spec.routes?.length) {
    environment[environmentNames.authIssuer] = props.web.authIssuer;
    environment[environmentNames.authClientId] = props.web.authClientId;
    environment[environmentNames.signOutUrl] = props.web.signOutUrl;
  }
  return environment;
}

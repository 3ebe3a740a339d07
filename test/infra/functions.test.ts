import { beforeAll, describe, expect, it } from 'vitest';
import { environmentNames, workflowArnVariable } from '../../functions/adapters/environment.ts';
import { functions, milestoneWorkflows, timerWorkflows, type WorkflowName } from '../../functions/catalog.ts';
import {
  actionsOf,
  type CfnTemplateResource,
  environmentOfFunction,
  getAtt,
  logicalIdOf,
  nestedTemplateOf,
  type PolicyStatementJson,
  ref,
  resourcesAllowing,
  type SynthesizedStack,
  statementsOfRole,
  synthesizeTransferDesk,
} from './synthesize-stack.ts';

/** What Lambda's active tracing grants: X-Ray offers no resource-level permission for these. */
const xrayActions = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];
const onlyXray = (statement: PolicyStatementJson) =>
  actionsOf([statement]).every((action) => xrayActions.includes(action));

const tableWriteActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

describe('Stack: TransferDesk', () => {
  let synthesized: SynthesizedStack;
  let tableId: string;
  let keyId: string;
  const functionResource = (name: string): CfnTemplateResource => {
    const found = synthesized.resources[logicalIdOf(synthesized.stack.functions.byName(name))];
    if (!found) throw new Error(`No resource for ${name}`);
    return found;
  };
  const environmentOf = (name: string) =>
    environmentOfFunction(synthesized.resources, logicalIdOf(synthesized.stack.functions.byName(name)));
  const statementsOf = (name: string): PolicyStatementJson[] => {
    const role = functionResource(name).Properties?.Role as { 'Fn::GetAtt': [string, string] };
    return statementsOfRole(synthesized.resources, role['Fn::GetAtt'][0]);
  };

  beforeAll(() => {
    synthesized = synthesizeTransferDesk();
    tableId = logicalIdOf(synthesized.stack.dataStore.table);
    keyId = logicalIdOf(synthesized.stack.dataStore.key);
  });

  describe('functions from the catalog', () => {
    it.each(functions.map((fn) => [fn.name, fn] as const))(
      'runs %s on Node.js 24 on its architecture (arm64 unless the catalog says) with its timeout and memory',
      (name, spec) => {
        // Act
        const properties = functionResource(name).Properties;

        // Assess
        expect(properties).toMatchObject({
          Runtime: 'nodejs24.x',
          Architectures: [spec.architecture ?? 'arm64'],
          Handler: 'index.handler',
          Timeout: spec.timeoutSeconds,
          MemorySize: spec.memoryMb,
          LoggingConfig: { LogFormat: 'JSON' },
        });
        // No source maps are shipped, so nothing asks Node.js to load them at start.
        expect(environmentOf(name)).not.toHaveProperty('NODE_OPTIONS');
        expect(environmentOf(name)).toMatchObject({
          POWERTOOLS_SERVICE_NAME: 'transfer-desk',
          POWERTOOLS_METRICS_NAMESPACE: 'TransferDesk',
          POWERTOOLS_LOG_LEVEL: 'INFO',
        });
      },
    );

    it('traces every function with X-Ray, letting its role write traces and nothing else on any resource', () => {
      for (const spec of functions) {
        // Act
        const properties = functionResource(spec.name).Properties;
        const unscoped = statementsOf(spec.name).filter((statement) =>
          [statement.Resource].flat().includes('*'),
        );

        // Assess
        expect(properties?.TracingConfig, spec.name).toEqual({ Mode: 'Active' });
        expect(actionsOf(unscoped).sort(), spec.name).toEqual([...xrayActions].sort());
        expect(properties?.LoggingConfig, spec.name).toMatchObject({ ApplicationLogLevel: 'INFO' });
      }
    });

    it.each(functions.map((fn) => [fn.name, fn] as const))(
      'gives %s the table, email, sending rate, secret and workflow variables its catalog access names, and no others',
      (name, spec) => {
        // Act
        const environment = environmentOf(name);

        // Assess
        expect(environment[environmentNames.tableName]).toEqual(
          spec.access.table === 'none' ? undefined : ref(tableId),
        );
        expect(environment[environmentNames.emailFrom]).toEqual(
          spec.access.sendsEmail ? ref('EmailFromAddress') : undefined,
        );
        expect(environment[environmentNames.emailConfigurationSet]).toEqual(
          spec.access.sendsEmail ? ref(logicalIdOf(synthesized.stack.email.configurationSet)) : undefined,
        );
        expect(environment[environmentNames.linkSecretId]).toEqual(
          spec.access.readsLinkSecret ? ref(logicalIdOf(synthesized.stack.dataStore.linkSecret)) : undefined,
        );
        expect(environment[environmentNames.sesMaxSendRate]).toEqual(
          spec.access.sendsEmail || spec.access.pacesEmail ? ref('SesMaxSendRate') : undefined,
        );
        const workflowVariables = Object.keys(environment).filter((key) => key.endsWith('_WORKFLOW_ARN'));
        expect(workflowVariables.sort()).toEqual(
          (spec.access.startsWorkflows ?? []).map(workflowArnVariable).sort(),
        );
        for (const workflow of spec.access.startsWorkflows ?? []) {
          const stateMachine = synthesized.stack.workflows.stateMachines.get(workflow);
          if (!stateMachine) throw new Error(`No state machine ${workflow}`);
          expect(environment[workflowArnVariable(workflow)]).toEqual(ref(logicalIdOf(stateMachine)));
        }
      },
    );

    it('points web functions at the API endpoint and the Cognito issuer, client and hosted sign-in when they serve routes', () => {
      // Prepare
      const api = logicalIdOf(synthesized.stack.httpApi.api);
      const userPool = logicalIdOf(synthesized.stack.identity.userPool);
      const client = logicalIdOf(synthesized.stack.identity.client);
      const domain = logicalIdOf(synthesized.stack.identity.domain);
      const withRoutes = functions.filter((fn) => fn.routes?.length);

      for (const spec of withRoutes) {
        // Act
        const environment = environmentOf(spec.name);

        // Assess
        expect(environment[environmentNames.publicBaseUrl]).toEqual(getAtt(api, 'ApiEndpoint'));
        expect(JSON.stringify(environment[environmentNames.authIssuer])).toBe(
          JSON.stringify({
            'Fn::Join': [
              '',
              ['https://cognito-idp.', ref('AWS::Region'), '.', ref('AWS::URLSuffix'), '/', ref(userPool)],
            ],
          }),
        );
        expect(environment[environmentNames.authClientId]).toEqual(ref(client));
        // Cognito's /logout on the hosted sign-in domain; where to sign in comes from the issuer's discovery.
        expect(environment[environmentNames.signOutUrl]).toEqual({
          'Fn::Join': [
            '',
            ['https://', ref(domain), '.auth.', ref('AWS::Region'), '.amazoncognito.com/logout'],
          ],
        });
        expect(environment).not.toHaveProperty('SIGN_IN_URL');
      }
    });

    it('writes each function log to its own encrypted log group kept for a year', () => {
      for (const spec of functions) {
        // Act
        const logging = functionResource(spec.name).Properties?.LoggingConfig as {
          LogGroup: { Ref: string };
        };
        const logGroup = synthesized.resources[logging.LogGroup.Ref];

        // Assess
        expect(logGroup?.Type).toBe('AWS::Logs::LogGroup');
        expect(logGroup?.Properties).toMatchObject({ RetentionInDays: 365, KmsKeyId: getAtt(keyId, 'Arn') });
      }
    });
  });

  describe('HTTP limits', () => {
    it("ends every function that serves a route within 29 s, inside API Gateway HTTP API's fixed 30 s", () => {
      // Prepare
      const routed = functions.filter((fn) => (fn.routes?.length ?? 0) > 0);
      expect(routed.length).toBeGreaterThan(0);

      for (const spec of routed) {
        // Act
        const timeout = functionResource(spec.name).Properties?.Timeout;

        // Assess
        expect(timeout, spec.name).toBeLessThanOrEqual(29);
      }
    });
  });

  describe('grants from the catalog', () => {
    it('lets only functions the catalog names reach the evidence bucket: readers get packs, writers put packs and parts', () => {
      // Prepare
      const bucketId = logicalIdOf(synthesized.stack.dataStore.evidenceBucket);
      const objects = (prefix: string) => ({
        'Fn::Join': ['', [getAtt(bucketId, 'Arn'), `/${prefix}*`]],
      });

      for (const spec of functions) {
        // Act
        const statements = statementsOf(spec.name);
        const s3Actions = actionsOf(statements).filter((action) => action.startsWith('s3:'));

        // Assess
        if (spec.access.evidenceBucket === undefined) {
          expect(s3Actions, spec.name).toEqual([]);
          expect(environmentOf(spec.name)?.[environmentNames.evidenceBucket], spec.name).toBeUndefined();
          continue;
        }
        expect(environmentOf(spec.name)?.[environmentNames.evidenceBucket], spec.name).toEqual(ref(bucketId));
        expect(s3Actions, spec.name).not.toContain('s3:DeleteObject');
        expect(s3Actions, spec.name).not.toContain('s3:ListBucket');
        expect(resourcesAllowing(statements, 's3:GetObject'), spec.name).toContainEqual(objects('packs/'));
        expect(resourcesAllowing(statements, 'kms:Decrypt'), spec.name).toContainEqual(getAtt(keyId, 'Arn'));
        if (spec.access.evidenceBucket === 'read') {
          expect(s3Actions, spec.name).toEqual(['s3:GetObject']);
          expect(resourcesAllowing(statements, 's3:GetObject'), spec.name).not.toContainEqual(
            objects('parts/'),
          );
        } else {
          expect(resourcesAllowing(statements, 's3:PutObject'), spec.name).toEqual([
            objects('packs/'),
            objects('parts/'),
          ]);
          expect(resourcesAllowing(statements, 'kms:GenerateDataKey'), spec.name).toContainEqual(
            getAtt(keyId, 'Arn'),
          );
        }
      }
    });

    it('gives read-only functions table reads and no write action', () => {
      const readers = functions.filter((fn) => fn.access.table === 'read');
      expect(readers.length).toBeGreaterThan(0);
      for (const spec of readers) {
        // Act
        const actions = actionsOf(statementsOf(spec.name));

        // Assess
        expect(actions, spec.name).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
        for (const write of tableWriteActions) expect(actions, `${spec.name} ${write}`).not.toContain(write);
        expect(actions, spec.name).not.toContain('kms:Encrypt');
        expect(resourcesAllowing(statementsOf(spec.name), 'dynamodb:GetItem')).toContainEqual(
          getAtt(tableId, 'Arn'),
        );
      }
    });

    it('gives read-write functions the table write actions on the table only', () => {
      for (const spec of functions.filter((fn) => fn.access.table === 'write')) {
        // Act
        const statements = statementsOf(spec.name);

        // Assess
        expect(actionsOf(statements), spec.name).toEqual(expect.arrayContaining(tableWriteActions));
        for (const resource of resourcesAllowing(statements, 'dynamodb:PutItem')) {
          expect(JSON.stringify(resource), spec.name).toContain(JSON.stringify(getAtt(tableId, 'Arn')));
        }
      }
    });

    it('gives functions without table access no DynamoDB permission, and the key only to rotate the link secret', () => {
      for (const spec of functions.filter((fn) => fn.access.table === 'none')) {
        // Act
        const actions = actionsOf(statementsOf(spec.name));

        // Assess
        expect(
          actions.filter((action) => action.startsWith('dynamodb:')),
          spec.name,
        ).toEqual([]);
        if (!spec.rotatesLinkSecret) {
          expect(
            actions.filter((action) => action.startsWith('kms:')),
            spec.name,
          ).toEqual([]);
        }
      }
    });

    it('lets only email-sending functions send email, only from the SES identity parameter and through its configuration set', () => {
      const identityArn = {
        'Fn::Join': [
          '',
          [
            'arn:',
            ref('AWS::Partition'),
            ':ses:',
            ref('AWS::Region'),
            ':',
            ref('AWS::AccountId'),
            ':identity/',
            ref('EmailIdentity'),
          ],
        ],
      };
      const configurationSetArn = {
        'Fn::Join': [
          '',
          [
            'arn:',
            ref('AWS::Partition'),
            ':ses:',
            ref('AWS::Region'),
            ':',
            ref('AWS::AccountId'),
            ':configuration-set/',
            ref(logicalIdOf(synthesized.stack.email.configurationSet)),
          ],
        ],
      };
      for (const spec of functions) {
        // Act
        const statements = statementsOf(spec.name);

        // Assess
        if (spec.access.sendsEmail) {
          expect(resourcesAllowing(statements, 'ses:SendEmail'), spec.name).toEqual([
            identityArn,
            configurationSetArn,
          ]);
          expect(resourcesAllowing(statements, 'ses:SendRawEmail'), spec.name).toEqual([
            identityArn,
            configurationSetArn,
          ]);
        } else {
          expect(
            actionsOf(statements).filter((action) => action.startsWith('ses:')),
            spec.name,
          ).toEqual([]);
        }
      }
    });

    it('lets only starters start workflows, and only the state machines their catalog entry names', () => {
      for (const spec of functions) {
        // Prepare
        const expected = (spec.access.startsWorkflows ?? []).map((workflow) => {
          const stateMachine = synthesized.stack.workflows.stateMachines.get(workflow);
          if (!stateMachine) throw new Error(`No state machine ${workflow}`);
          return logicalIdOf(stateMachine);
        });

        // Act
        const statements = statementsOf(spec.name);

        // Assess
        expect(resourcesAllowing(statements, 'states:StartExecution'), spec.name).toEqual(expected.map(ref));
        const described = resourcesAllowing(statements, 'states:DescribeExecution').map((resource) =>
          JSON.stringify(resource),
        );
        expect(described, spec.name).toHaveLength(expected.length);
        expected.forEach((stateMachineId, index) => {
          expect(described[index]).toContain(':execution:');
          expect(described[index]).toContain(JSON.stringify(getAtt(stateMachineId, 'Name')));
        });
      }
    });

    it('lets the sweep describe the executions of every workflow it sweeps, and only those', () => {
      // Prepare: the sweep asks about a launch, milestone or timer run recorded running for too long
      const swept: WorkflowName[] = [
        'launch-transfer',
        ...Object.values(milestoneWorkflows),
        ...Object.values(timerWorkflows),
      ];
      const executionsOf = (workflow: WorkflowName) => {
        const stateMachine = synthesized.stack.workflows.stateMachines.get(workflow);
        if (!stateMachine) throw new Error(`No state machine ${workflow}`);
        return JSON.stringify(getAtt(logicalIdOf(stateMachine), 'Name'));
      };

      // Act
      const described = resourcesAllowing(statementsOf('sweep'), 'states:DescribeExecution').map((resource) =>
        JSON.stringify(resource),
      );

      // Assess: each an execution ARN under one of those state machines' names, never a wildcard
      expect(described).toHaveLength(new Set(swept).size);
      for (const workflow of new Set(swept)) {
        const matching = described.filter((resource) => resource.includes(executionsOf(workflow)));
        expect(matching, workflow).toHaveLength(1);
        expect(matching[0], workflow).toContain(':execution:');
        expect(matching[0], workflow).not.toContain('"*"');
      }
    });

    it('lets only functions that make or open links, and the one that rotates it, read the link secret', () => {
      const secretId = logicalIdOf(synthesized.stack.dataStore.linkSecret);
      for (const spec of functions) {
        // Act
        const readable = resourcesAllowing(statementsOf(spec.name), 'secretsmanager:GetSecretValue');

        // Assess
        expect(readable, spec.name).toEqual(
          spec.access.readsLinkSecret || spec.rotatesLinkSecret ? [ref(secretId)] : [],
        );
      }
    });

    it('lets only the rotation function write or restage the link secret', () => {
      for (const spec of functions) {
        // Act
        const actions = actionsOf(statementsOf(spec.name));

        // Assess
        const writes = actions.filter((action) =>
          ['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'].includes(action),
        );
        expect(writes.length > 0, spec.name).toBe(spec.rotatesLinkSecret !== undefined);
      }
    });

    it('grants no function a wildcard resource (but for its X-Ray traces) or an AWS managed policy', () => {
      for (const spec of functions) {
        // Act
        const statements = statementsOf(spec.name).filter((statement) => !onlyXray(statement));
        const role = functionResource(spec.name).Properties?.Role as { 'Fn::GetAtt': [string, string] };

        // Assess
        expect(
          statements.flatMap((statement) => [statement.Resource].flat()),
          spec.name,
        ).not.toContain('*');
        expect(
          synthesized.resources[role['Fn::GetAtt'][0]]?.Properties?.ManagedPolicyArns,
          spec.name,
        ).toBeUndefined();
      }
    });
  });

  describe('scheduled functions', () => {
    it('invokes each scheduled function at the rate its catalog entry gives', () => {
      const scheduled = functions.filter((fn) => fn.schedule);
      expect(scheduled.map((fn) => fn.name)).toContain('sweep');
      // EventBridge writes a whole number of days or hours in those units: 1440 minutes is `rate(1 day)`.
      const rateOf = (minutes: number) =>
        minutes % 1440 === 0
          ? `rate(${minutes / 1440} ${minutes === 1440 ? 'day' : 'days'})`
          : minutes % 60 === 0
            ? `rate(${minutes / 60} ${minutes === 60 ? 'hour' : 'hours'})`
            : `rate(${minutes} minutes)`;
      for (const spec of scheduled) {
        // Assess
        synthesized.template.hasResourceProperties('AWS::Scheduler::Schedule', {
          ScheduleExpression: rateOf(spec.schedule?.everyMinutes ?? 0),
          State: 'ENABLED',
          Target: { Arn: getAtt(logicalIdOf(synthesized.stack.functions.byName(spec.name)), 'Arn') },
        });
      }
    });

    it('runs the retention job once a day', () => {
      synthesized.template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'rate(1 day)',
        Target: { Arn: getAtt(logicalIdOf(synthesized.stack.functions.byName('apply-retention')), 'Arn') },
      });
    });

    it('runs the sweep every 15 minutes', () => {
      synthesized.template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'rate(15 minutes)',
        Target: { Arn: getAtt(logicalIdOf(synthesized.stack.functions.byName('sweep')), 'Arn') },
      });
    });
  });

  describe('link secret rotation', () => {
    const rotator = () => {
      const found = functions.filter((fn) => fn.rotatesLinkSecret);
      expect(found.map((fn) => fn.name)).toEqual(['rotate-link-secret']);
      return found[0] as (typeof functions)[number];
    };

    it('rotates the link secret with the catalog function every 90 days, not at once on deploy', () => {
      // Prepare
      const secretId = logicalIdOf(synthesized.stack.dataStore.linkSecret);
      const functionId = logicalIdOf(synthesized.stack.functions.byName(rotator().name));

      // Assess
      synthesized.template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 1);
      synthesized.template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
        SecretId: ref(secretId),
        RotationLambdaARN: getAtt(functionId, 'Arn'),
        RotationRules: { ScheduleExpression: 'rate(90 days)' },
        RotateImmediatelyOnUpdate: false,
      });
    });

    it('lets Secrets Manager invoke the rotation function for this account only, before the schedule exists', () => {
      // Prepare
      const functionId = logicalIdOf(synthesized.stack.functions.byName(rotator().name));
      const permissions = Object.entries(synthesized.resources).filter(
        ([, resource]) =>
          resource.Type === 'AWS::Lambda::Permission' &&
          resource.Properties?.Principal === 'secretsmanager.amazonaws.com',
      );
      const schedule = Object.values(
        synthesized.template.findResources('AWS::SecretsManager::RotationSchedule'),
      )[0] as { DependsOn?: string[] };

      // Assess
      expect(permissions).toHaveLength(1);
      const [permissionId, permission] = permissions[0] as [string, CfnTemplateResource];
      expect(permission.Properties).toMatchObject({
        Action: 'lambda:InvokeFunction',
        FunctionName: getAtt(functionId, 'Arn'),
        SourceAccount: ref('AWS::AccountId'),
      });
      expect(schedule.DependsOn).toContain(permissionId);
    });

    it('gives the rotation function the four rotation actions on the link secret only, and its key only through Secrets Manager for that secret', () => {
      // Prepare
      const secretId = logicalIdOf(synthesized.stack.dataStore.linkSecret);

      // Act
      const statements = statementsOf(rotator().name);

      // Assess
      const secretStatements = statements.filter((statement) =>
        actionsOf([statement]).some((action) => action.startsWith('secretsmanager:')),
      );
      expect(secretStatements).toEqual([
        {
          Effect: 'Allow',
          Action: [
            'secretsmanager:DescribeSecret',
            'secretsmanager:GetSecretValue',
            'secretsmanager:PutSecretValue',
            'secretsmanager:UpdateSecretVersionStage',
          ],
          Resource: ref(secretId),
        },
      ]);
      const keyStatements = statements.filter((statement) =>
        actionsOf([statement]).some((action) => action.startsWith('kms:')),
      );
      expect(keyStatements).toEqual([
        {
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
          Resource: getAtt(keyId, 'Arn'),
          Condition: {
            StringEquals: {
              'kms:ViaService': {
                'Fn::Join': ['', ['secretsmanager.', ref('AWS::Region'), '.amazonaws.com']],
              },
              'kms:EncryptionContext:SecretARN': ref(secretId),
            },
          },
        },
      ]);
    });
  });

  describe('function alarms', () => {
    it('raises an alarm to the encrypted alarm topic when any function reports an error', () => {
      // Prepare
      // The alarms and their topic are in a nested stack; its parameters are read as the parent's values.
      const alarms = nestedTemplateOf(synthesized, synthesized.stack.alarms);
      const topicId = logicalIdOf(synthesized.stack.alarms.topic);
      alarms.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: getAtt(keyId, 'Arn') });

      for (const spec of functions) {
        // Assess
        alarms.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          MetricName: 'Errors',
          Namespace: 'AWS/Lambda',
          Dimensions: [
            { Name: 'FunctionName', Value: ref(logicalIdOf(synthesized.stack.functions.byName(spec.name))) },
          ],
          Threshold: 1,
          AlarmActions: [ref(topicId)],
        });
      }
    });
  });
});

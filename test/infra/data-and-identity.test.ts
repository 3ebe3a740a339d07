import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { signInPaths } from '../../functions/adapters/environment.ts';
import { tableDefinition } from '../../functions/adapters/table-definition.ts';
import {
  getAtt,
  logicalIdOf,
  nestedTemplateOf,
  ref,
  type SynthesizedStack,
  synthesizeTransferDesk,
} from './synthesize-stack.ts';

describe('Stack: TransferDesk', () => {
  let synthesized: SynthesizedStack;
  let keyId: string;

  beforeAll(() => {
    synthesized = synthesizeTransferDesk();
    keyId = logicalIdOf(synthesized.stack.dataStore.key);
  });

  describe('data store', () => {
    it('rotates the customer-managed key every year and keeps it when the stack goes', () => {
      synthesized.template.hasResource('AWS::KMS::Key', {
        Properties: { EnableKeyRotation: true },
        DeletionPolicy: 'Retain',
      });
    });

    it("keeps evidence packs in a bucket encrypted with the table's key, private, TLS only, expiring", () => {
      // Prepare
      const bucketId = logicalIdOf(synthesized.stack.dataStore.evidenceBucket);

      // Assess
      synthesized.template.hasResource('AWS::S3::Bucket', {
        Properties: {
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              {
                ServerSideEncryptionByDefault: {
                  SSEAlgorithm: 'aws:kms',
                  KMSMasterKeyID: getAtt(keyId, 'Arn'),
                },
                BucketKeyEnabled: true,
              },
            ],
          },
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: true,
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
          LifecycleConfiguration: {
            Rules: Match.arrayWith([
              Match.objectLike({ Prefix: 'packs/', ExpirationInDays: 7, Status: 'Enabled' }),
              Match.objectLike({ Prefix: 'parts/', ExpirationInDays: 1, Status: 'Enabled' }),
              Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
            ]),
          },
        },
        DeletionPolicy: 'Retain',
      });
      synthesized.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: ref(bucketId),
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              Principal: { AWS: '*' },
            }),
          ]),
        },
      });
    });

    it('encrypts the table with the customer-managed key when it stores personal data', () => {
      synthesized.template.hasResourceProperties('AWS::DynamoDB::Table', {
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: getAtt(keyId, 'Arn') },
      });
    });

    it('protects the table with point-in-time recovery, deletion protection and on-demand capacity', () => {
      synthesized.template.hasResource('AWS::DynamoDB::Table', {
        Properties: {
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        },
        DeletionPolicy: 'Retain',
      });
    });

    it('builds the table keys, index and TTL attribute from the shared table definition', () => {
      synthesized.template.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
        ],
        TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
        GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: index.projection },
        })),
      });
    });

    it('indexes the email ledger by its keys only, so a change of status writes no index', () => {
      synthesized.template.hasResourceProperties('AWS::DynamoDB::Table', {
        GlobalSecondaryIndexes: Match.arrayWith([
          Match.objectLike({ IndexName: 'gsi3', Projection: { ProjectionType: 'KEYS_ONLY' } }),
        ]),
      });
    });

    it('generates a 64-character link secret encrypted with the customer-managed key', () => {
      synthesized.template.hasResourceProperties('AWS::SecretsManager::Secret', {
        KmsKeyId: getAtt(keyId, 'Arn'),
        GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
      });
    });

    it('lets CloudWatch Logs use the key only for log groups of this account and region', () => {
      synthesized.template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Principal: { Service: { 'Fn::Join': ['', ['logs.', ref('AWS::Region'), '.amazonaws.com']] } },
              Condition: {
                ArnLike: {
                  'kms:EncryptionContext:aws:logs:arn': {
                    'Fn::Join': [
                      '',
                      [
                        'arn:',
                        ref('AWS::Partition'),
                        ':logs:',
                        ref('AWS::Region'),
                        ':',
                        ref('AWS::AccountId'),
                        ':log-group:*',
                      ],
                    ],
                  },
                },
              },
            }),
          ]),
        },
      });
    });
  });

  describe('staff identity', () => {
    it('lets only administrators create users and requires an authenticator app for everyone', () => {
      synthesized.template.hasResourceProperties('AWS::Cognito::UserPool', {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        Policies: {
          PasswordPolicy: {
            MinimumLength: Match.anyValue(),
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          },
        },
      });
      const policies = synthesized.template.findResources('AWS::Cognito::UserPool');
      const minimumLength = Object.values(policies)[0]?.Properties.Policies.PasswordPolicy.MinimumLength;
      expect(minimumLength).toBeGreaterThanOrEqual(12);
    });

    it('has the hr and manager groups the handlers read from cognito:groups', () => {
      const userPool = logicalIdOf(synthesized.stack.identity.userPool);
      for (const groupName of ['hr', 'manager']) {
        synthesized.template.hasResourceProperties('AWS::Cognito::UserPoolGroup', {
          GroupName: groupName,
          UserPoolId: ref(userPool),
        });
      }
    });

    it('signs people in with the authorization-code grant and returns them to the sign-in callback', () => {
      const api = logicalIdOf(synthesized.stack.httpApi.api);
      synthesized.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: Match.arrayWith(['openid', 'email']),
        GenerateSecret: false,
        CallbackURLs: [{ 'Fn::Join': ['', [getAtt(api, 'ApiEndpoint'), '/sign-in/callback']] }],
        SupportedIdentityProviders: ['COGNITO'],
      });
    });

    it('registers, as the only sign-out URL, the page the dashboard’s sign-out sends to /logout as logout_uri', () => {
      // Cognito's /logout redirects only to a registered URL: the adapter builds logout_uri from the same path.
      const api = logicalIdOf(synthesized.stack.httpApi.api);
      synthesized.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        LogoutURLs: [{ 'Fn::Join': ['', [getAtt(api, 'ApiEndpoint'), signInPaths.signedOut]] }],
      });
      expect(signInPaths.signedOut).toBe('/sign-in?signedOut=true');
    });

    it('gives the hosted sign-in a deterministic domain prefix when none is set', () => {
      synthesized.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
        Domain: { 'Fn::Join': ['', ['transfer-desk-', ref('AWS::AccountId')]] },
      });
    });

    it('takes the email sending identity and From address as parameters', () => {
      synthesized.template.hasParameter('EmailIdentity', { Type: 'String' });
      synthesized.template.hasParameter('EmailFromAddress', { Type: 'String' });
    });

    it("takes the SES account's sending rate as a parameter, SES's production default unless given", () => {
      synthesized.template.hasParameter('SesMaxSendRate', { Type: 'Number', Default: 14, MinValue: 1 });
    });
  });

  describe('outputs', () => {
    it('outputs the API URL, user pool, app client and table for operators and the CLI', () => {
      const api = logicalIdOf(synthesized.stack.httpApi.api);
      synthesized.template.hasOutput('ApiUrl', { Value: getAtt(api, 'ApiEndpoint') });
      synthesized.template.hasOutput('UserPoolId', {
        Value: ref(logicalIdOf(synthesized.stack.identity.userPool)),
      });
      synthesized.template.hasOutput('UserPoolClientId', {
        Value: ref(logicalIdOf(synthesized.stack.identity.client)),
      });
      synthesized.template.hasOutput('TableName', {
        Value: ref(logicalIdOf(synthesized.stack.dataStore.table)),
      });
      // The topic is in the alarms' nested stack, which outputs its ARN to the parent.
      const { alarms } = synthesized.stack;
      const topicOutputs = nestedTemplateOf(synthesized, alarms).template.findOutputs('*', {
        Value: ref(logicalIdOf(alarms.topic)),
      });
      expect(Object.keys(topicOutputs)).toHaveLength(1);
      synthesized.template.hasOutput('AlarmTopicArn', {
        Value: getAtt(
          logicalIdOf(alarms.nestedStackResource as NonNullable<typeof alarms.nestedStackResource>),
          `Outputs.${Object.keys(topicOutputs)[0]}`,
        ),
      });
    });
  });
});

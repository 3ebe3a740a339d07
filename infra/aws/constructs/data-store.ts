/**
 * The customer-managed key, the single table, the secret that holds the personal links' keys, and the bucket
 * the evidence packs are built in.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { tableDefinition } from '../../../functions/adapters/table-definition.ts';
import {
  evidencePackDays,
  evidencePartDays,
  evidencePrefixes,
} from '../../../functions/domain/evidence-pack.ts';

export class DataStore extends Construct {
  /** Encrypts the table, the link secret, the log groups and the alarm topic. */
  readonly key: Key;
  readonly table: Table;
  readonly linkSecret: Secret;
  /** Evidence packs (ZIPs) and their parts: the table's key, no public access, TLS only, gone after 7 days. */
  readonly evidenceBucket: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const { region, account } = Stack.of(this);

    this.key = new Key(this, 'Key', {
      description: 'Transfer Desk: staff personal data in the table, the link secret, logs and alarms',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts this stack's log groups with the key, only for log groups of this account.
    this.key.grantEncryptDecrypt(
      new ServicePrincipal(`logs.${region}.amazonaws.com`).withConditions({
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `arn:${Stack.of(this).partition}:logs:${region}:${account}:log-group:*`,
        },
      }),
    );

    this.table = new Table(this, 'Table', {
      partitionKey: { name: tableDefinition.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableDefinition.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of tableDefinition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType[index.projection],
      });
    }

    // Rotated by the catalog's rotate-link-secret function (constructs/link-secret-rotation.ts). The generated
    // string stays as it is: changing how it is generated would replace it and break every link in flight.
    this.linkSecret = new Secret(this, 'LinkSecret', {
      description: 'Transfer Desk: the keys of personal form links (current and previous, rotated)',
      encryptionKey: this.key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });

    // The packs hold the same personal data as the table: the same key, handed out only by pre-signed links.
    this.evidenceBucket = new Bucket(this, 'EvidenceBucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      // One data key a bucket rather than a KMS call an object part: the 500 parts of a 50,000-person pack.
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: false,
      lifecycleRules: [
        { id: 'packs', prefix: evidencePrefixes.packs, expiration: Duration.days(evidencePackDays) },
        { id: 'parts', prefix: evidencePrefixes.parts, expiration: Duration.days(evidencePartDays) },
        { id: 'uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.evidenceBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        "Each pack made is recorded with its SHA-256 and who asked for it in the transfer's tamper-evident audit chain, and its objects expire within 7 days; server access logs could not be encrypted with the customer-managed key that protects this personal data (S3 delivers them with SSE-S3 only).",
    });
  }
}

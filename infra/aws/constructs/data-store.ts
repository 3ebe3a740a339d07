/** The customer-managed key, the single table and the secret that holds the personal links' keys. */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { tableDefinition } from '../../../functions/adapters/table-definition.ts';

export class DataStore extends Construct {
  /** Encrypts the table, the link secret, the log groups and the alarm topic. */
  readonly key: Key;
  readonly table: Table;
  readonly linkSecret: Secret;

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
  }
}

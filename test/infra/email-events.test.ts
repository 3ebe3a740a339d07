import { beforeAll, describe, expect, it } from 'vitest';
import { functions } from '../../functions/catalog.ts';
import {
  type CfnTemplateResource,
  getAtt,
  logicalIdOf,
  ref,
  type SynthesizedStack,
  synthesizeTransferDesk,
} from './synthesize-stack.ts';

const eventFunctions = functions.filter((spec) => spec.events !== undefined);

describe('Stack: TransferDesk email events', () => {
  let synthesized: SynthesizedStack;
  let configurationSetId: string;
  const ofType = (type: string): CfnTemplateResource[] =>
    Object.values(synthesized.resources).filter((resource) => resource.Type === type);

  beforeAll(() => {
    synthesized = synthesizeTransferDesk();
    configurationSetId = logicalIdOf(synthesized.stack.email.configurationSet);
  });

  it('has record-email-events as the one catalog function taking SES events', () => {
    // Assess
    expect(eventFunctions.map((spec) => [spec.name, spec.events, spec.access])).toEqual([
      [
        'record-email-events',
        {
          source: 'aws.ses',
          detailTypes: [
            'Email Delivered',
            'Email Delivery Delayed',
            'Email Bounced',
            'Email Complaint Received',
          ],
        },
        { table: 'write' },
      ],
    ]);
  });

  it("publishes the configuration set's delivery, delay, bounce and complaint events to the default bus, not its sends", () => {
    // Act
    const destinations = ofType('AWS::SES::ConfigurationSetEventDestination');

    // Assess
    expect(destinations).toHaveLength(1);
    expect(destinations[0]?.Properties).toMatchObject({
      ConfigurationSetName: ref(configurationSetId),
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['delivery', 'deliveryDelay', 'bounce', 'complaint'],
        EventBridgeDestination: {
          EventBusArn: {
            'Fn::Join': [
              '',
              [
                'arn:',
                ref('AWS::Partition'),
                ':events:',
                ref('AWS::Region'),
                ':',
                ref('AWS::AccountId'),
                ':event-bus/default',
              ],
            ],
          },
        },
      },
    });
  });

  it("routes this configuration set's Email Delivered, Delivery Delayed, Bounced and Complaint Received events on the default bus to record-email-events", () => {
    // Prepare
    const handlerId = logicalIdOf(synthesized.stack.functions.byName('record-email-events'));

    // Act
    const rules = ofType('AWS::Events::Rule');

    // Assess
    expect(rules).toHaveLength(1);
    const properties = rules[0]?.Properties;
    expect(properties?.EventBusName).toBeUndefined();
    expect(properties?.EventPattern).toEqual({
      source: ['aws.ses'],
      'detail-type': [
        'Email Delivered',
        'Email Delivery Delayed',
        'Email Bounced',
        'Email Complaint Received',
      ],
      detail: { mail: { tags: { 'ses:configuration-set': [ref(configurationSetId)] } } },
    });
    expect(properties?.Targets).toEqual([{ Arn: getAtt(handlerId, 'Arn'), Id: expect.any(String) }]);
  });

  it('lets only that rule invoke record-email-events', () => {
    // Prepare
    const handlerId = logicalIdOf(synthesized.stack.functions.byName('record-email-events'));
    const ruleId = logicalIdOf(synthesized.stack.emailEventRules.rules.get('record-email-events') as never);

    // Act
    const permissions = ofType('AWS::Lambda::Permission').filter(
      (permission) => permission.Properties?.Principal === 'events.amazonaws.com',
    );

    // Assess
    expect(permissions.map((permission) => permission.Properties)).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: getAtt(handlerId, 'Arn'),
        Principal: 'events.amazonaws.com',
        SourceArn: getAtt(ruleId, 'Arn'),
      },
    ]);
  });
});

/**
 * SES's events settle the email ledger: every send goes through one configuration set that publishes its
 * Delivery, DeliveryDelay, Bounce and Complaint events to the default EventBridge bus, and a rule per catalog
 * function that takes SES events (record-email-events) invokes it with those of this configuration set.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ConfigurationSet, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../../../functions/catalog.ts';

/**
 * The events the ledger is settled from. Not SEND: its sender records each accepted send, and a delivery,
 * bounce or delay (which come for every accepted email) settle one whose sender died; published, it would
 * be an invocation and a write more for every email.
 */
export const publishedEmailEvents = [
  EmailSendingEvent.DELIVERY,
  EmailSendingEvent.DELIVERY_DELAY,
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
];

export class EmailConfiguration extends Construct {
  readonly configurationSet: ConfigurationSet;
  /** The ARN the senders need `ses:SendEmail` on, beside the identity's, to send through the set. */
  readonly configurationSetArn: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {});
    this.configurationSet.addEventDestination('ToDefaultBus', {
      // SES publishes only to the default bus.
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: publishedEmailEvents,
    });
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }
}

export interface EmailEventRulesProps {
  entries: ReadonlyArray<{ spec: FunctionSpec; handler: IFunction }>;
  configurationSetName: string;
}

/** One rule on the default bus for each catalog function that takes SES events. */
export class EmailEventRules extends Construct {
  readonly rules = new Map<string, Rule>();

  constructor(scope: Construct, id: string, props: EmailEventRulesProps) {
    super(scope, id);
    for (const { spec, handler } of props.entries) {
      if (!spec.events) continue;
      const rule = new Rule(this, `${spec.name}-rule`, {
        description: spec.purpose,
        eventPattern: {
          source: [spec.events.source],
          detailType: [...spec.events.detailTypes],
          // Only this stack's sends: SES tags every event with the configuration set it went through.
          detail: { mail: { tags: { 'ses:configuration-set': [props.configurationSetName] } } },
        },
      });
      // The Lambda permission lets only this rule invoke the function (EventBridge needs no role for it).
      rule.addTarget(new LambdaFunction(handler));
      this.rules.set(spec.name, rule);
    }
  }
}

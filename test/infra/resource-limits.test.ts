import { NestedStack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SynthesizedStack, synthesizeTransferDesk } from './synthesize-stack.ts';

/**
 * CloudFormation takes at most 500 resources and 200 parameters a stack. The stack grows with every catalog
 * function (role, policy, log group, function) and route, so these limits fail well before CloudFormation
 * does: past them, move another group of resources into a nested stack (see infra/aws/constructs/http-api.ts
 * and operational-alarms.ts).
 */
const warnAtResources = 450;
const warnAtParameters = 180;

describe('Stack: TransferDesk', () => {
  let synthesized: SynthesizedStack;
  let nestedStacks: NestedStack[];

  beforeAll(() => {
    // Prepare: CDK's own check would throw at 500 before the counts below could say by how much.
    synthesized = synthesizeTransferDesk({ context: { '@aws-cdk/core:stackResourceLimit': 5000 } });
    nestedStacks = synthesized.stack.node.findAll().filter(NestedStack.isNestedStack);
  });

  describe('CloudFormation limits', () => {
    it(`keeps the main stack at ${warnAtResources} resources or fewer`, () => {
      // Assess
      expect(Object.keys(synthesized.resources).length).toBeLessThanOrEqual(warnAtResources);
    });

    it(`keeps each nested stack at ${warnAtResources} resources and ${warnAtParameters} parameters or fewer`, () => {
      expect(nestedStacks.length).toBeGreaterThan(0);
      for (const nested of nestedStacks) {
        // Act
        const template = Template.fromStack(nested).toJSON();

        // Assess
        expect(Object.keys(template.Resources ?? {}).length, nested.node.path).toBeLessThanOrEqual(
          warnAtResources,
        );
        expect(Object.keys(template.Parameters ?? {}).length, nested.node.path).toBeLessThanOrEqual(
          warnAtParameters,
        );
      }
    });
  });
});

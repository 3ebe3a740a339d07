import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnResource, NestedStack, type PolicyValidationPluginReport, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransferDeskStack } from '../../infra/aws/transfer-desk-stack.ts';

interface Acknowledgement {
  path: string;
  ruleId: string;
  reason: string;
}

/** Every acknowledgement recorded with `Validations.of(...).acknowledge()` under `root`. */
function acknowledgementsUnder(root: IConstruct): Acknowledgement[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          ruleId: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

describe('Stack: TransferDesk', () => {
  let outdir: string;
  let app: App;
  let stack: TransferDeskStack;
  let nagReport: PolicyValidationPluginReport;

  beforeAll(() => {
    // Prepare: the stack as infra/aws/app.ts builds it, the rules registered the same way.
    outdir = mkdtempSync(join(tmpdir(), 'transfer-desk-cdk-nag-'));
    app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    stack = new TransferDeskStack(app, 'TransferDesk');
    const checks = new AwsSolutionsChecks(app);
    Validations.of(app).addPlugins(checks);

    // Act
    nagReport = checks.validateScope(stack);
  });

  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
  });

  describe('cdk-nag AWS Solutions checks', () => {
    it('reports no unacknowledged error or warning', () => {
      // Assess
      const findings = nagReport.violations.map(
        (violation) =>
          `${violation.severity} ${violation.ruleName} at ${violation.violatingResources.map((resource) => resource.constructPath).join(', ')}`,
      );
      expect(findings).toEqual([]);
      expect(nagReport.success).toBe(true);
    });

    it('synthesizes with the rules registered and no finding from the built-in CloudFormation validation', () => {
      // Act
      app.synth();

      // Assess
      const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
        pluginReports: Array<{ summary: { pluginName: string }; violations?: unknown[] }>;
      };
      const withViolations = report.pluginReports.filter((plugin) => (plugin.violations ?? []).length > 0);
      expect(withViolations).toEqual([]);
    });

    it('checks the nested stacks (alarms, routes) too, with no unacknowledged finding there', () => {
      // Prepare: the checks walk the construct tree, where a nested stack is a child of its parent stack.
      const nestedStacks = stack.node.findAll().filter(NestedStack.isNestedStack);
      expect(nestedStacks.map((nested) => nested.node.path).sort()).toEqual([
        'TransferDesk/Alarms',
        'TransferDesk/Http/Routes',
      ]);

      for (const nested of nestedStacks) {
        // Act
        const report = new AwsSolutionsChecks(new App()).validateScope(nested);

        // Assess
        expect(nested.node.findAll().some(CfnResource.isCfnResource), nested.node.path).toBe(true);
        expect(report.violations, nested.node.path).toEqual([]);
      }
    });

    it('gives every acknowledgement a reason of its own, written for its resource', () => {
      // Act
      const acknowledgements = acknowledgementsUnder(stack);

      // Assess
      expect(acknowledgements.length).toBeGreaterThan(0);
      const reasonsSeen = new Map<string, Acknowledgement>();
      for (const acknowledgement of acknowledgements) {
        expect(acknowledgement.ruleId).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
        expect(acknowledgement.reason.trim().length, acknowledgement.path).toBeGreaterThanOrEqual(40);
        const earlier = reasonsSeen.get(acknowledgement.reason);
        expect(
          earlier,
          `${acknowledgement.path} ${acknowledgement.ruleId} repeats the reason given at ${earlier?.path} ${earlier?.ruleId}`,
        ).toBeUndefined();
        reasonsSeen.set(acknowledgement.reason, acknowledgement);
      }
    });

    it('acknowledges nothing for the whole stack or app at once', () => {
      // Assess
      for (const scope of [app, stack]) {
        const blanket = scope.node.metadata.filter(
          (entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY,
        );
        expect(blanket, scope.node.path).toEqual([]);
      }
    });

    it('leaves no route without an authorizer unless its acknowledgement says how the handler checks the caller', () => {
      // Act
      const apig4 = acknowledgementsUnder(stack).filter(
        (acknowledgement) => acknowledgement.ruleId === 'AwsSolutions-APIG4',
      );

      // Assess
      expect(apig4.length).toBeGreaterThan(0);
      for (const acknowledgement of apig4) {
        expect(acknowledgement.path).toMatch(/^TransferDesk\/Http\/Routes\/(GET|POST|PATCH|PUT|DELETE)--/);
        expect(acknowledgement.reason).toMatch(/public by design|signed, expiring token|session cookie/);
      }
    });
  });
});

/** The CDK app (`npm run synth`): the Transfer Desk stack, checked by cdk-nag's AWS Solutions rules. */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { TransferDeskStack } from './transfer-desk-stack.ts';

const app = new App();
new TransferDeskStack(app, 'TransferDesk', {
  description: 'Transfer Desk: TUPE transfers, pension elections, consultations and contract renewals',
});
// cdk-nag 3 runs as a CDK policy-validation plugin: any unacknowledged finding stops the synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

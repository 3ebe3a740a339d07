import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { functionByName, functions } from '../../functions/catalog.ts';
import { readWorkflowDefinition, WorkflowDefinitionError } from '../../infra/aws/workflow-definition.ts';

describe('Function: readWorkflowDefinition', () => {
  let scratch: string;

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'transfer-desk-asl-'));
  });

  afterEach(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('maps each placeholder to the catalog function it names when every placeholder is known', () => {
    // Prepare
    const path = join(scratch, 'two-steps.asl.json');
    writeFileSync(
      path,
      JSON.stringify({
        StartAt: 'A',
        States: {
          A: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: `\${ListShardsFunctionArn}` },
            Next: 'B',
          },
          B: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: `\${FinishMilestoneFunctionArn}` },
            Next: 'C',
          },
          C: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: `\${ListShardsFunctionArn}` },
            End: true,
          },
        },
      }),
    );

    // Act
    const definition = readWorkflowDefinition(path, functions);

    // Assess
    expect(Object.fromEntries(definition.placeholders)).toEqual({
      ListShardsFunctionArn: functionByName('list-shards'),
      FinishMilestoneFunctionArn: functionByName('finish-milestone'),
    });
    expect(definition.text).toContain(`\${ListShardsFunctionArn}`);
  });

  it('names the file and the unknown placeholder when a placeholder names no catalog function', () => {
    // Prepare
    const path = fileURLToPath(
      new URL('./fixtures/workflows-with-unknown-placeholder/launch-transfer.asl.json', import.meta.url),
    );

    // Act
    const read = () => readWorkflowDefinition(path, functions);

    // Assess
    expect(read).toThrow(WorkflowDefinitionError);
    expect(read).toThrow(/launch-transfer\.asl\.json uses the placeholder \$\{SendPostcardsFunctionArn\}/);
    expect(read).toThrow(/expected one of .*\$\{ListShardsFunctionArn\}/);
  });

  it('says the file is not JSON when its text does not parse', () => {
    // Prepare
    const path = join(scratch, 'broken.asl.json');
    writeFileSync(path, '{ "StartAt": "A", ');

    // Act
    const read = () => readWorkflowDefinition(path, functions);

    // Assess
    expect(read).toThrow(/broken\.asl\.json is not valid JSON/);
  });

  it('says which file is missing when the definition cannot be read', () => {
    // Act
    const read = () => readWorkflowDefinition(join(scratch, 'missing.asl.json'), functions);

    // Assess
    expect(read).toThrow(/Cannot read the workflow definition .*missing\.asl\.json/);
  });
});

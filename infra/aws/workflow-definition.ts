/** Reads an ASL file and works out which catalog functions its `${XxxFunctionArn}` placeholders name. */
import { readFileSync } from 'node:fs';
import { type FunctionSpec, substitutionName } from '../../functions/catalog.ts';

export interface WorkflowDefinition {
  /** The ASL text, placeholders left for CloudFormation's DefinitionSubstitutions. */
  text: string;
  /** Placeholder name → the catalog function it stands for, in order of first use. */
  placeholders: ReadonlyMap<string, FunctionSpec>;
}

export class WorkflowDefinitionError extends Error {
  override name = 'WorkflowDefinitionError';
}

const placeholderPattern = /\$\{([^}]*)\}/g;

export function readWorkflowDefinition(path: string, functions: readonly FunctionSpec[]): WorkflowDefinition {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new WorkflowDefinitionError(`Cannot read the workflow definition ${path}`, { cause });
  }
  try {
    JSON.parse(text);
  } catch (cause) {
    throw new WorkflowDefinitionError(`The workflow definition ${path} is not valid JSON`, { cause });
  }

  const byPlaceholder = new Map(functions.map((fn) => [substitutionName(fn.name), fn]));
  const placeholders = new Map<string, FunctionSpec>();
  for (const [, name = ''] of text.matchAll(placeholderPattern)) {
    const fn = byPlaceholder.get(name);
    if (!fn) {
      throw new WorkflowDefinitionError(
        `${path} uses the placeholder \${${name}}, which names no catalog function; ` +
          `expected one of ${[...byPlaceholder.keys()].map((known) => `\${${known}}`).join(', ')}`,
      );
    }
    placeholders.set(name, fn);
  }
  return { text, placeholders };
}

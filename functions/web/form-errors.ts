/** Field errors shaped for the page: the error summary's links and the message beside each field. */
import type * as z from '../zod.ts';
import { withDatesInWords } from './date-formats.ts';

export interface FieldProblem {
  /** The field's key in the view (usually the input's name). */
  field: string;
  message: string;
  /** The id of the input the summary links to, when it is not the field key (e.g. `transferDate-day`). */
  targetId?: string;
}

export interface ErrorSummaryItem {
  text: string;
  href?: string;
}

export interface FormErrorsView {
  /** For govukErrorSummary: one link a problem, in the order of the fields on the page. */
  errorList: ErrorSummaryItem[];
  /** For each field's `errorMessage`: the first problem with that field. */
  fieldErrors: Record<string, string>;
}

export function formErrorsView(problems: readonly FieldProblem[]): FormErrorsView {
  const fieldErrors: Record<string, string> = {};
  const errorList: ErrorSummaryItem[] = [];
  for (const problem of problems) {
    if (fieldErrors[problem.field] !== undefined) continue;
    // A domain rule writes its dates for the JSON API (`… after 2027-03-31`); the page writes them in words.
    const message = withDatesInWords(problem.message);
    fieldErrors[problem.field] = message;
    errorList.push({ text: message, href: `#${problem.targetId ?? problem.field}` });
  }
  return { errorList, fieldErrors };
}

export const noFormErrors: FormErrorsView = { errorList: [], fieldErrors: {} };

/**
 * The problems zod found with a form's fields, in the order of its issues: each on the field its path
 * starts with (`pension.options[1].code` is on `pension`; `fieldOf` may say otherwise), linked to `#field`
 * or to the input `targetOf` names (the day box of a date).
 */
export function fieldProblemsOf(
  issues: readonly z.core.$ZodIssue[],
  options: {
    fieldOf?: (path: readonly PropertyKey[]) => string;
    targetOf?: (field: string, issue: z.core.$ZodIssue) => string | undefined;
  } = {},
): FieldProblem[] {
  return issues.map((issue) => {
    const field = options.fieldOf?.(issue.path) ?? String(issue.path[0] ?? '');
    const targetId = options.targetOf?.(field, issue);
    return { field, message: issue.message, ...(targetId === undefined ? {} : { targetId }) };
  });
}

export type Validated<T> = { data: T } | { problems: FieldProblem[] };

/** Checks `input` with `schema`: its data, or the problems to show on the page (see fieldProblemsOf). */
export function validated<Schema extends z.ZodMiniType>(
  schema: Schema,
  input: unknown,
  options?: Parameters<typeof fieldProblemsOf>[1],
): Validated<z.output<Schema>> {
  const parsed = schema.safeParse(input);
  return parsed.success ? { data: parsed.data } : { problems: fieldProblemsOf(parsed.error.issues, options) };
}

/**
 * The zod pieces the JSON API handlers read requests with. A path parameter's form is checked before the
 * handler runs (`validPathParameters`); these only name what the route has.
 */
import * as z from '../../zod.ts';

/** `/api/transfers/{id}`, `/api/contracts/{id}/decision`: a route on one record. */
export const recordPath = z.object({ id: z.string().check(z.minLength(1)) });

/** `/api/transfers/{id}/staff/{employeeNumber}`: a route on one person's case. */
export const staffCasePath = z.extend(recordPath, { employeeNumber: z.string().check(z.minLength(1)) });

/**
 * A JSON body checked for its shape only, an object: the service checks the fields (and rejects unknown
 * ones) with a path per problem. `error` is the message when the body is not an object.
 */
export function jsonObjectBody(error?: string) {
  return z.record(z.string(), z.unknown(), error === undefined ? undefined : { error });
}

/** The event and result shapes the JSON API middlewares and handlers share (API Gateway HTTP API, payload 2.0). */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** An HTTP API event whose body the `parseBody` middleware may have replaced with the parsed value. */
export type ApiEvent = Omit<APIGatewayProxyEventV2, 'body'> & { body?: unknown };

export type ApiResult = APIGatewayProxyStructuredResultV2 & {
  statusCode: number;
  headers: Record<string, string>;
};

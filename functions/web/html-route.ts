/** A page's route, for the one HTML router (functions/handlers/http/html-pages.ts). */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { WebResult } from './page-response.ts';

export interface HtmlRouteDefinition {
  method: 'GET' | 'POST';
  /** `/transfers/{id}/staff/{employeeNumber}`: the router's parameters join API Gateway's in `pathParameters`. */
  path: string;
  handle: (event: APIGatewayProxyEventV2) => Promise<WebResult>;
  /** The page takes a file upload (multipart/form-data); every other form is URL-encoded only. */
  multipart?: boolean;
}

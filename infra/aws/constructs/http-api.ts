/**
 * The HTTP API: its default stage with throttling and access logs, and the routes of the catalog's functions.
 * The routes, their Lambda integrations and invoke permissions live in a nested stack (`Http/Routes`): they grow
 * with every route and would otherwise count against the main stack's 500 CloudFormation resources. The nested
 * stack only refers to the API, the authorizer and the functions (as parameters); nothing refers back to it, so
 * the functions may keep the API's URL in their environment.
 */
import { NestedStack, Validations } from 'aws-cdk-lib';
import { AccessLogField, AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionSpec, RouteAccess } from '../../../functions/catalog.ts';

/**
 * One JSON line a request. `$context.routeKey` names the route template (`GET /forms/pension/{token}`),
 * never the raw path or query string: form paths carry personal link tokens.
 */
export const accessLogFields = {
  requestId: AccessLogField.contextRequestId(),
  requestTime: AccessLogField.contextRequestTime(),
  ip: AccessLogField.contextIdentitySourceIp(),
  protocol: AccessLogField.contextProtocol(),
  routeKey: AccessLogField.contextRouteKey(),
  status: AccessLogField.contextStatus(),
  responseLength: AccessLogField.contextResponseLength(),
  responseLatency: AccessLogField.contextResponseLatency(),
  integrationError: AccessLogField.contextIntegrationErrorMessage(),
  authorizerError: AccessLogField.contextAuthorizerError(),
};

/** Why a route has no API Gateway authorizer: the handler checks the caller itself. */
const unauthorizedRouteReasons: Record<Exclude<RouteAccess, 'hr' | 'hr-or-manager'>, string> = {
  public:
    'is public by design (health check, static GOV.UK Frontend assets or the sign-in start page) and returns no personal data.',
  'signed-link':
    'is reached from a personal email link: the handler verifies the signed, expiring token in the path and then the employee number typed on the form; staff have no Cognito account.',
  session:
    'is a dashboard page for a browser: the handler verifies the session cookie (a Cognito id token) and the role, since a JWT authorizer reads only the Authorization header.',
};

export interface StaffAuthorizerSettings {
  issuer: string;
  audience: string;
}

export interface TransferDeskHttpApiProps {
  encryptionKey: IKey;
}

export class TransferDeskHttpApi extends Construct {
  readonly api: HttpApi;
  readonly accessLogs: LogGroup;
  /** The nested stack holding the routes, their integrations and the functions' invoke permissions. */
  readonly routes: NestedStack;
  private readonly integrations = new Map<string, HttpLambdaIntegration>();
  private staffAuthorizer: HttpJwtAuthorizer | undefined;

  constructor(scope: Construct, id: string, props: TransferDeskHttpApiProps) {
    super(scope, id);

    this.api = new HttpApi(this, 'Api', {
      description: 'Transfer Desk: HR dashboard and API, staff forms',
      createDefaultStage: false,
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      // Same retention as the function logs (see functions-from-catalog.ts).
      retention: RetentionDays.ONE_YEAR,
      encryptionKey: props.encryptionKey,
    });

    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      // Roomy for a roster of thousands opening their links in the same morning; stops runaway clients.
      throttle: { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
    });

    this.routes = new NestedStack(this, 'Routes', {
      description: 'Transfer Desk HTTP API routes, their Lambda integrations and invoke permissions',
    });
  }

  /** The base URL of the default stage, without a trailing slash. */
  get endpoint(): string {
    return this.api.apiEndpoint;
  }

  /** Routes with `hr` or `hr-or-manager` access also need a valid Cognito id token at the gateway. */
  useStaffAuthorizer(settings: StaffAuthorizerSettings): void {
    this.staffAuthorizer = new HttpJwtAuthorizer('StaffAuthorizer', settings.issuer, {
      jwtAudience: [settings.audience],
      identitySource: ['$request.header.Authorization'],
    });
  }

  /** Adds every route of a catalog function, integrated with its Lambda function. */
  addFunctionRoutes(spec: FunctionSpec, handler: IFunction): void {
    for (const route of spec.routes ?? []) {
      const needsStaffToken = route.access === 'hr' || route.access === 'hr-or-manager';
      if (needsStaffToken && !this.staffAuthorizer) {
        throw new Error(
          `Route ${route.method} ${route.path} of ${spec.name} needs the staff authorizer: call useStaffAuthorizer first`,
        );
      }
      // The same construct id `HttpApi.addRoutes` gives, under the routes' nested stack.
      const created = new HttpRoute(this.routes, `${route.method}${route.path}`, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: this.integrationFor(spec.name, handler),
        ...(needsStaffToken && this.staffAuthorizer ? { authorizer: this.staffAuthorizer } : {}),
      });
      if (route.access !== 'hr' && route.access !== 'hr-or-manager') {
        Validations.of(created).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} ${unauthorizedRouteReasons[route.access]}`,
        });
      }
    }
  }

  private integrationFor(name: string, handler: IFunction): HttpLambdaIntegration {
    let integration = this.integrations.get(name);
    if (!integration) {
      // One invoke permission a function for this API, not one a route: a function is integrated only on its
      // own routes either way, and per-route permissions took the stack past CloudFormation's 500 resources.
      // The integration and the permission are made beside the function's first route, in the nested stack.
      integration = new HttpLambdaIntegration(`${name}-integration`, handler, {
        scopePermissionToRoute: false,
      });
      this.integrations.set(name, integration);
    }
    return integration;
  }
}

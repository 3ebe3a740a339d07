import { beforeAll, describe, expect, it } from 'vitest';
import { environmentNames } from '../../functions/adapters/environment.ts';
import { functions } from '../../functions/catalog.ts';
import {
  type CfnTemplateResource,
  environmentOfFunction,
  getAtt,
  logicalIdOf,
  type NestedTemplate,
  nestedTemplateOf,
  ref,
  type SynthesizedStack,
  synthesizeTransferDesk,
} from './synthesize-stack.ts';

const catalogRoutes = functions.flatMap((fn) =>
  (fn.routes ?? []).map((route) => ({ ...route, fn: fn.name })),
);
const needsStaffToken = (access: string) => access === 'hr' || access === 'hr-or-manager';

describe('Stack: TransferDesk', () => {
  let synthesized: SynthesizedStack;
  /** The routes' nested stack, its parameters read as the parent's values. */
  let routes: NestedTemplate;
  let routesByKey: Map<string, CfnTemplateResource>;

  beforeAll(() => {
    synthesized = synthesizeTransferDesk();
    routes = nestedTemplateOf(synthesized, synthesized.stack.httpApi.routes);
    routesByKey = new Map(
      Object.values(routes.resources)
        .filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route')
        .map((resource) => [String(resource.Properties?.RouteKey), resource]),
    );
  });

  describe('HTTP API routes', () => {
    it('serves every catalog route and no other', () => {
      // Assess
      expect([...routesByKey.keys()].sort()).toEqual(
        catalogRoutes.map((route) => `${route.method} ${route.path}`).sort(),
      );
    });

    it.each(catalogRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
      'integrates %s with the function that serves it',
      (routeKey, route) => {
        // Prepare
        const target = routesByKey.get(routeKey)?.Properties?.Target as { 'Fn::Join': [string, unknown[]] };
        const integrationId = (target['Fn::Join'][1][1] as { Ref: string }).Ref;

        // Act
        const integration = routes.resources[integrationId]?.Properties;

        // Assess
        expect(integration).toMatchObject({
          IntegrationType: 'AWS_PROXY',
          PayloadFormatVersion: '2.0',
          IntegrationUri: getAtt(logicalIdOf(synthesized.stack.functions.byName(route.fn)), 'Arn'),
        });
      },
    );

    it('lets this API invoke each routed function, one permission a function', () => {
      // Prepare
      const apiId = logicalIdOf(synthesized.stack.httpApi.api);
      const routed = functions.filter((fn) => (fn.routes ?? []).length > 0);

      // Act
      const permissions = Object.values(routes.resources).filter(
        (resource) => resource.Type === 'AWS::Lambda::Permission',
      );

      // Assess
      expect(permissions).toHaveLength(routed.length);
      for (const fn of routed) {
        const functionArn = getAtt(logicalIdOf(synthesized.stack.functions.byName(fn.name)), 'Arn');
        const permission = permissions.find(
          (candidate) => JSON.stringify(candidate.Properties?.FunctionName) === JSON.stringify(functionArn),
        );
        expect(permission?.Properties, fn.name).toMatchObject({
          Action: 'lambda:InvokeFunction',
          Principal: 'apigateway.amazonaws.com',
        });
        expect(JSON.stringify(permission?.Properties?.SourceArn), fn.name).toContain(
          JSON.stringify(ref(apiId)),
        );
      }
    });

    it('puts the Cognito JWT authorizer exactly on the hr routes', () => {
      // Prepare
      const authorizerId = Object.entries(synthesized.resources).find(
        ([, resource]) => resource.Type === 'AWS::ApiGatewayV2::Authorizer',
      )?.[0];

      for (const route of catalogRoutes) {
        // Act
        const properties = routesByKey.get(`${route.method} ${route.path}`)?.Properties;

        // Assess
        if (needsStaffToken(route.access)) {
          expect(properties, route.path).toMatchObject({
            AuthorizationType: 'JWT',
            AuthorizerId: ref(String(authorizerId)),
          });
        } else {
          expect(properties?.AuthorizerId, route.path).toBeUndefined();
          expect(properties?.AuthorizationType ?? 'NONE', route.path).toBe('NONE');
        }
      }
    });

    it('accepts only id tokens issued by the user pool to the app client on hr routes', () => {
      synthesized.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: {
          Audience: [ref(logicalIdOf(synthesized.stack.identity.client))],
          Issuer: {
            'Fn::Join': [
              '',
              [
                'https://cognito-idp.',
                ref('AWS::Region'),
                '.',
                ref('AWS::URLSuffix'),
                '/',
                ref(logicalIdOf(synthesized.stack.identity.userPool)),
              ],
            ],
          },
        },
      });
    });
  });

  describe('default stage', () => {
    it('throttles the default stage and deploys changes automatically', () => {
      synthesized.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      });
    });

    it('logs one JSON line a request by route template, never the raw path with its personal link token', () => {
      // Prepare
      const stage = Object.values(synthesized.resources).find(
        (resource) => resource.Type === 'AWS::ApiGatewayV2::Stage',
      );
      const settings = stage?.Properties?.AccessLogSettings as {
        Format: string;
        DestinationArn: { 'Fn::GetAtt': [string] };
      };

      // Act
      const format = JSON.parse(settings.Format) as Record<string, string>;

      // Assess
      expect(format).toMatchObject({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        routeKey: '$context.routeKey',
        status: '$context.status',
        responseLength: '$context.responseLength',
        integrationError: '$context.integrationErrorMessage',
      });
      for (const variable of Object.values(format)) {
        expect(variable).not.toMatch(/path|querystring|\.http\./i);
      }
      const logGroup = synthesized.resources[settings.DestinationArn['Fn::GetAtt'][0]];
      expect(logGroup?.Properties).toMatchObject({
        RetentionInDays: 365,
        KmsKeyId: getAtt(logicalIdOf(synthesized.stack.dataStore.key), 'Arn'),
      });
    });
  });

  describe('custom domain', () => {
    it('uses the publicBaseUrl context for links, the sign-in callback and sign-out URL and the ApiUrl output when it is set', () => {
      // Prepare
      const publicBaseUrl = 'https://transfers.example.org';

      // Act
      const custom = synthesizeTransferDesk({
        context: { publicBaseUrl, authDomainPrefix: 'example-transfers' },
      });

      // Assess
      const environment = environmentOfFunction(
        custom.resources,
        logicalIdOf(custom.stack.functions.byName('pension-form')),
      );
      expect(environment[environmentNames.publicBaseUrl]).toBe(publicBaseUrl);
      custom.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        CallbackURLs: [`${publicBaseUrl}/sign-in/callback`],
        LogoutURLs: [`${publicBaseUrl}/sign-in?signedOut=true`],
      });
      custom.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'example-transfers' });
      custom.template.hasOutput('ApiUrl', { Value: publicBaseUrl });
    });
  });
});

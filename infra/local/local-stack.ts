/**
 * The embedded local stack (DESIGN §5): DynamoDB Local, SES, a Secrets Manager endpoint, the dev sign-in,
 * a Step Functions endpoint running the ASL files, and the local API Gateway, all on loopback with their
 * data under one folder. It builds its router and in-process Lambda invoker from the function catalog.
 *
 * The handlers run in this process and read process.env, so a process runs one stack at a time.
 */

import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clockOffsetVariable } from '../../functions/adapters/clock.ts';
import { closePdfBrowsers } from '../../functions/adapters/render-pdf.ts';
import { functions, workflows } from '../../functions/catalog.ts';
import { businessDateOf } from '../../functions/domain/business-dates.ts';
import { type ApiRoute, startApiServer } from './api-server.ts';
import type { RunningEndpoint } from './aws-json-protocol.ts';
import { demoHrEmail, demoManagerEmail, seedDemoData } from './demo-data.ts';
import { devTokenIssuer, loadDevSigningKey, localAuthClientId } from './dev-auth.ts';
import { type DynamoDbLocal, ensureTable, startDynamoDbLocal } from './dynamodb-local.ts';
import { freeLoopbackPort, loopbackHost } from './free-port.ts';
import { catalogInvoker } from './lambda-invoker.ts';
import { loadLocalClock } from './local-clock.ts';
import { applyEnvironment, type LocalEndpoints, localEnvironment } from './local-environment.ts';
import { localRoutes } from './local-routes.ts';
import { loadWorkflows } from './local-workflows.ts';
import { linkSecretName, startSecretsEndpoint } from './secrets-endpoint.ts';
import { type SesLocal, startSesLocal } from './ses-local.ts';
import { createStepFunctionsServer, type StepFunctionsServer } from './step-functions-server.ts';
import { createSweepRunner, type SweepOutcome, type SweepRunner } from './sweep-runner.ts';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

export const localTableName = 'transfer-desk';
export const localEmailFrom = 'transfer-desk@example.org';

export interface LocalStackOptions {
  /** The web port (API, pages, local routes); 0 takes any free one. */
  port: number;
  /** Where the data lives: DynamoDB files, the clock, secrets, signing key and workflow executions. */
  dataDir: string;
  /** How often the sweep runs; 0 runs it only when the clock moves or on POST /local/sweep. 5 s by default. */
  sweepIntervalMs?: number;
  /** Adds the demo transfer, consultation and contracts to an empty store. True by default. */
  seedDemoData?: boolean;
  /** Where the stack writes its own lines (one per request, starts and stops). */
  log?: (line: string) => void;
  /** Powertools log level of the handlers: POWERTOOLS_LOG_LEVEL if set, else WARN (INFO logs every sweep). */
  handlerLogLevel?: string;
}

export interface LocalStack {
  /** `http://localhost:<port>`, the PUBLIC_BASE_URL of the links in emails. */
  baseUrl: string;
  dataDir: string;
  endpoints: LocalEndpoints;
  mailboxUrl: string;
  /** The dev sign-in as the demo HR user (to the transfers) and the demo manager (to their contracts). */
  signInLinks: { hr: string; manager: string };
  /** The managers' page: their contracts ending soon and the decisions waiting for them. */
  managerPageUrl: string;
  /** Whether demo data was added on this start. */
  seededDemoData: boolean;
  stop(): Promise<void>;
}

let runningStack: Promise<unknown> | undefined;

const managerPagePath = '/contracts';

/** Sums the results of the scheduled functions (the sweep answers `{ started, executionArns }`). */
function sweepOutcomeOf(result: unknown, functionName: string): SweepOutcome {
  const answer = result as Partial<SweepOutcome> | null;
  if (typeof answer?.started !== 'number' || !Array.isArray(answer.executionArns)) {
    throw new Error(`${functionName} did not answer { started, executionArns }`);
  }
  return {
    started: answer.started,
    executionArns: answer.executionArns.filter((arn) => typeof arn === 'string'),
  };
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  if (runningStack) throw new Error('A local stack is already running in this process; stop it first');
  const starting = start(options);
  runningStack = starting;
  starting.catch(() => {
    runningStack = undefined;
  });
  return starting;
}

async function start(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir);
  // Stopped in reverse order of starting, except the web server, which stops taking requests first.
  const stops: Array<() => Promise<void> | void> = [];
  let closeApi: (() => Promise<void>) | undefined;
  const stopAll = async () => {
    for (const stopOne of [...(closeApi ? [closeApi] : []), ...stops.reverse()]) {
      try {
        await stopOne();
      } catch (error) {
        log(`Stopping failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    stops.length = 0;
    closeApi = undefined;
  };

  try {
    await mkdir(dataDir, { recursive: true });
    const invoke = catalogInvoker({ functions, repositoryRoot });

    // The web port first: when it is taken, nothing else has been started.
    const api = await startApiServer({
      port: options.port,
      invoke,
      log,
      onHandlerError: (routeKey, error) => {
        const name = error instanceof Error ? error.name : typeof error;
        const frames = error instanceof Error ? (error.stack ?? '').split('\n').slice(1, 6).join('\n') : '';
        log(`${routeKey}: the handler failed with ${name}\n${frames}`);
      },
    });
    closeApi = () => api.close();
    const baseUrl = `http://localhost:${api.port}`;

    const offsetBefore = process.env[clockOffsetVariable];
    const clock = await loadLocalClock(dataDir);
    stops.push(() => {
      if (offsetBefore === undefined) delete process.env[clockOffsetVariable];
      else process.env[clockOffsetVariable] = offsetBefore;
    });

    const dynamodb: DynamoDbLocal = await startDynamoDbLocal({ dataDir });
    stops.push(() => dynamodb.stop());
    await ensureTable(dynamodb.client, localTableName);

    const ses: SesLocal = await startSesLocal();
    stops.push(() => ses.stop());

    const secrets: RunningEndpoint = await startSecretsEndpoint(dataDir);
    stops.push(() => secrets.close());

    const authIssuer = `${baseUrl}/local/auth`;
    const tokens = devTokenIssuer(await loadDevSigningKey(dataDir), authIssuer, localAuthClientId);

    // Its port is chosen before the environment is set, so every handler sees every endpoint from the start.
    const stepFunctionsPort = await freeLoopbackPort();
    const endpoints: LocalEndpoints = {
      dynamodb: dynamodb.endpoint,
      stepFunctions: `http://${loopbackHost}:${stepFunctionsPort}`,
      ses: ses.endpoint,
      secretsManager: secrets.url,
    };
    const restoreEnvironment = applyEnvironment(
      localEnvironment({
        publicBaseUrl: baseUrl,
        tableName: localTableName,
        emailFrom: localEmailFrom,
        linkSecretId: linkSecretName,
        authIssuer,
        authClientId: localAuthClientId,
        signInUrl: `${baseUrl}/local/sign-in`,
        endpoints,
        logLevel: options.handlerLogLevel ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      }),
    );
    stops.push(restoreEnvironment);

    const stepFunctions: StepFunctionsServer = await createStepFunctionsServer({
      stateMachines: await loadWorkflows(workflows, functions, repositoryRoot),
      invokeFunction: invoke,
      storeFile: join(dataDir, 'executions.json'),
      port: stepFunctionsPort,
      onInternalError: (action, error) =>
        log(`Step Functions ${action} failed: ${error instanceof Error ? error.name : String(error)}`),
    });
    stops.push(() => stepFunctions.close());

    const scheduled = functions.filter((spec) => spec.schedule !== undefined);
    const sweeps: SweepRunner = createSweepRunner({
      intervalMs: options.sweepIntervalMs ?? 5_000,
      async sweep() {
        const outcomes = [];
        for (const spec of scheduled) outcomes.push(sweepOutcomeOf(await invoke(spec.name, {}), spec.name));
        return {
          started: outcomes.reduce((sum, outcome) => sum + outcome.started, 0),
          executionArns: outcomes.flatMap((outcome) => outcome.executionArns),
        };
      },
      waitForExecutions: (arns, timeoutMs) => stepFunctions.waitForExecutions(arns, timeoutMs),
      runningExecutions: () => stepFunctions.runningExecutionArns(),
      onLoopError: (error) => log(`The sweep failed: ${error instanceof Error ? error.name : String(error)}`),
    });
    stops.push(() => sweeps.stop());
    // The evidence pack's Chromium runs in this process, as in a Lambda container: close it with the stack.
    stops.push(() => closePdfBrowsers());

    const catalogRoutes: ApiRoute[] = functions.flatMap((spec) =>
      (spec.routes ?? []).map((route) => ({
        method: route.method,
        path: route.path,
        target: { kind: 'function' as const, functionName: spec.name },
      })),
    );
    api.setRoutes([...localRoutes({ tokens, clock, sweeps, outbox: () => ses.outbox() }), ...catalogRoutes]);

    let seededDemoData = false;
    if (options.seedDemoData ?? true) {
      const outcome = await seedDemoData(businessDateOf(clock.now()));
      seededDemoData = outcome.created;
      if (outcome.created) {
        log(
          'Added the demo transfer (its 907 invitations are being sent), its four-week public consultation ' +
            `and ${outcome.contractIds?.length ?? 0} contracts of ${demoManagerEmail} due for renewal`,
        );
      }
    }
    sweeps.start();

    // Each lands on their own page: HR on the transfers, a manager on their contracts.
    const signIn = (role: string, email: string, returnTo: string) =>
      `${baseUrl}/local/sign-in?${new URLSearchParams({ role, email, returnTo })}`;
    let stopping: Promise<void> | undefined;
    return {
      baseUrl,
      dataDir,
      endpoints,
      mailboxUrl: ses.mailboxUrl,
      managerPageUrl: `${baseUrl}${managerPagePath}`,
      signInLinks: {
        hr: signIn('hr', demoHrEmail, '/'),
        manager: signIn('manager', demoManagerEmail, managerPagePath),
      },
      seededDemoData,
      stop() {
        stopping ??= stopAll().finally(() => {
          runningStack = undefined;
        });
        return stopping;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

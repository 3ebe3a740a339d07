/**
 * The embedded local stack (DESIGN §5): DynamoDB Local, SES, S3 (s3rver), a Secrets Manager endpoint, the dev sign-in,
 * a Step Functions endpoint running the ASL files, and the local API Gateway, all on loopback with their
 * data under one folder. It builds its router and in-process Lambda invoker from the function catalog.
 *
 * The handlers run in this process and read process.env, so a process runs one stack at a time.
 */

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { ClientRequest } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signInPaths } from '../../functions/adapters/environment.ts';
import { linkKeyringOf } from '../../functions/adapters/link-keys.ts';
import { closePdfBrowsers } from '../../functions/adapters/render-pdf.ts';
import { functions, workflows } from '../../functions/catalog.ts';
import { businessDateOf } from '../../functions/domain/business-dates.ts';
import { type ApiRoute, jsonAnswer, problemAnswer, type RouteGuard, startApiServer } from './api-server.ts';
import {
  type DemoSeedProgress,
  type DemoSeedStore,
  demoHrEmail,
  demoManagerEmail,
  seedDemoData,
} from './demo-data.ts';
import { devOidcProvider, devTokenIssuer, loadDevSigningKey, localAuthClientId } from './dev-auth.ts';
import { type ConsumedCapacityRecord, startDynamoDbCapacityMeter } from './dynamodb-capacity-meter.ts';
import { type DynamoDbLocal, ensureTable, startDynamoDbLocal } from './dynamodb-local.ts';
import { dynamodbFaults, type FaultProxy, sesFaults, sesOutage, startFaultProxy } from './fault-proxy.ts';
import { anyFaults, describeFaults, type FaultSettings, faultRandom, noFaults } from './faults.ts';
import { freeLoopbackPort, loopbackHost } from './free-port.ts';
import { catalogInvoker, type InvocationRecord, invocationTracker } from './lambda-invoker.ts';
import { loadLocalClock } from './local-clock.ts';
import { applyEnvironment, type LocalEndpoints, localEnvironment } from './local-environment.ts';
import { localRoutes } from './local-routes.ts';
import { loadWorkflows } from './local-workflows.ts';
import { mailboxPath, mailboxRoutes } from './mailbox-page.ts';
import { startS3Local } from './s3-local.ts';
import { linkSecretName, startSecretsEndpoint } from './secrets-endpoint.ts';
import { type SesLocal, startSesLocal } from './ses-local.ts';
import { createStepFunctionsServer, type StepFunctionsServer } from './step-functions-server.ts';
import { createSweepRunner, type SweepOutcome, type SweepRunner } from './sweep-runner.ts';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

export const localTableName = 'transfer-desk';
export const localEmailFrom = 'transfer-desk@example.org';
export const localEmailConfigurationSet = 'transfer-desk';
/**
 * The local SES takes whatever it is sent, so its "rate" only sets how many sends are in flight: 320 a second
 * is four shards at once with eight sends each (functions/domain/sending-plan.ts).
 */
export const localSesMaxSendRate = 320;

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
  /** Injected SES and DynamoDB errors and step crashes (none by default); `npm start` reads TRANSFER_DESK_FAULTS. */
  faults?: FaultSettings;
  /** How many times a failed demo seeding is tried again before the stack goes on without it (2 by default). */
  seedRetries?: number;
  /** What `npm run cost` counts: none by default. */
  meters?: StackMeters;
}

/** Meters of the local stack's use of the services, as AWS would bill it. */
export interface StackMeters {
  /** Told of the capacity each DynamoDB call consumed (ReturnConsumedCapacity INDEXES on every call). */
  onDynamoDbCapacity?: (record: ConsumedCapacityRecord) => void;
  /** Told of each function invocation as it ends. */
  onInvoked?: (invocation: InvocationRecord) => void;
  /** The handlers write their CloudWatch metrics (EMF lines) to standard output, as in AWS. */
  handlerMetrics?: boolean;
}

/** DynamoDB Local under the stack's control: tests stop and start it to see the app through an outage. */
export interface DynamoDbControl {
  /** Stops DynamoDB Local (it stays down until `start`: the stack does not restart it). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** The Java process's id while it runs. */
  pid(): number | undefined;
}

/** SES sending under a test's control: every send refused (SES down) until sends are accepted again. */
export interface SesControl {
  refuseSends(): void;
  acceptSends(): void;
}

export interface LocalStack {
  /** `http://localhost:<port>`, the PUBLIC_BASE_URL of the links in emails. */
  baseUrl: string;
  dataDir: string;
  endpoints: LocalEndpoints;
  /** The mailbox page: every email the stack sent, paged and searchable. */
  mailboxUrl: string;
  /** The dev sign-in as the demo HR user (to the transfers) and the demo manager (to their contracts). */
  signInLinks: { hr: string; manager: string };
  /** The managers' page: their contracts ending soon and the decisions waiting for them. */
  managerPageUrl: string;
  /** Whether demo data was added on this start. */
  seededDemoData: boolean;
  dynamodb: DynamoDbControl;
  ses: SesControl;
  /** How many of each injected fault were given so far. */
  injectedFaults(): Record<string, number>;
  stop(): Promise<void>;
}

let runningStack: Promise<unknown> | undefined;

const startingDetail = 'The local stack is starting: try again shortly.';
const seedRetryDelayMs = 2_000;
/** How long the start waits for SES events still being delivered. */
const sesEventsDeadlineMs = 60_000;
/**
 * Before the clock moves, a longer wait: moving it past the email claims' lifetime while an accepted send's
 * event is still queued would let a rerun send that email again. Only a backlog (thousands of sends just
 * made, DynamoDB restarting) takes this long; an idle stack answers at once.
 */
const sesEventsBeforeClockMoveMs = 300_000;
/** How many times the clock waits again for SES events queued while it waited, before it jumps anyway. */
const clockMoveRounds = 5;

/** The demo's progress, kept in DATA_DIR so a seeding cut short resumes on the next try or start. */
function demoSeedStore(dataDir: string): DemoSeedStore {
  const file = join(dataDir, 'demo-seed.json');
  return {
    async read() {
      try {
        return JSON.parse(await readFile(file, 'utf8')) as DemoSeedProgress;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    write: (progress) => writeFile(file, JSON.stringify(progress)),
  };
}

const errorNameOf = (error: unknown) => (error instanceof Error ? error.name : typeof error);

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
    const faults = options.faults ?? noFaults;
    if (anyFaults(faults)) log(`Injecting faults: ${describeFaults(faults)}`);
    const invocations = invocationTracker();
    const onInvoked = options.meters?.onInvoked;
    const invoke = catalogInvoker({
      functions,
      repositoryRoot,
      tracker: invocations,
      ...(onInvoked ? { onInvoked } : {}),
    });
    // Until the stack is ready (demo added), the local routes and /health answer 503: an early clock move
    // cannot pull the date from under the seeding, and nothing reports healthy too soon.
    let starting = true;
    const retryAfter: [string, string] = ['retry-after', '5'];
    const localRouteWhileStarting: RouteGuard = () => {
      if (!starting) return undefined;
      const answer = problemAnswer(503, startingDetail);
      answer.headers.push(retryAfter);
      return answer;
    };
    const healthWhileStarting: RouteGuard = () =>
      starting ? jsonAnswer(503, { status: 'starting', detail: startingDetail }, [retryAfter]) : undefined;

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

    const clock = await loadLocalClock(dataDir);

    let dynamodb: DynamoDbLocal | undefined = await startDynamoDbLocal({ dataDir });
    const dynamodbPort = dynamodb.port;
    await ensureTable(dynamodb.client, localTableName);
    // DynamoDB Local that dies (killed, crashed) is started again on its port and data, as a managed
    // service comes back; one stopped on purpose (DynamoDbControl.stop) stays down until started.
    let stackStopping = false;
    let dynamodbHeldDown = false;
    let restarting: Promise<void> | undefined;
    const superviseDynamoDb = (running: DynamoDbLocal) => {
      void running.exited.then(() => {
        if (stackStopping || dynamodbHeldDown || dynamodb !== running) return;
        dynamodb = undefined;
        log('DynamoDB Local stopped unexpectedly: starting it again on the same data');
        restarting = restartDynamoDb().finally(() => {
          restarting = undefined;
        });
      });
    };
    const restartDynamoDb = async (): Promise<void> => {
      for (let attempt = 1; !stackStopping && !dynamodbHeldDown; attempt += 1) {
        try {
          const started = await startDynamoDbLocal({ dataDir, port: dynamodbPort });
          if (stackStopping || dynamodbHeldDown) {
            await started.stop();
            return;
          }
          dynamodb = started;
          superviseDynamoDb(started);
          log('DynamoDB Local is back');
          return;
        } catch (error) {
          log(`DynamoDB Local did not start again (attempt ${attempt}): ${errorNameOf(error)}`);
          await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** attempt)));
        }
      }
    };
    superviseDynamoDb(dynamodb);
    stops.push(async () => {
      stackStopping = true;
      await restarting;
      await dynamodb?.stop();
    });
    const dynamodbControl: DynamoDbControl = {
      async stop() {
        dynamodbHeldDown = true;
        await restarting;
        const running = dynamodb;
        dynamodb = undefined;
        await running?.stop();
      },
      async start() {
        dynamodbHeldDown = false;
        if (dynamodb) return;
        const started = await startDynamoDbLocal({ dataDir, port: dynamodbPort });
        dynamodb = started;
        superviseDynamoDb(started);
      },
      pid: () => dynamodb?.pid,
    };

    const ses: SesLocal = await startSesLocal({
      mailboxFile: join(dataDir, 'mailbox.jsonl'),
      eventCursorFile: join(dataDir, 'ses-events.json'),
    });
    stops.push(() => ses.stop());

    // Faults go in at the service boundary: proxies the handlers reach instead of the services themselves.
    const proxies: FaultProxy[] = [];
    const dynamodbEndpoint = `http://${loopbackHost}:${dynamodbPort}`;
    const dynamodbProxy =
      faults.dynamodb > 0
        ? await startFaultProxy({
            upstream: () => dynamodbEndpoint,
            faultFor: dynamodbFaults(faults.dynamodb, faultRandom(faults, 'dynamodb')),
          })
        : undefined;
    if (dynamodbProxy) proxies.push(dynamodbProxy);
    const onDynamoDbCapacity = options.meters?.onDynamoDbCapacity;
    const capacityMeter = onDynamoDbCapacity
      ? await startDynamoDbCapacityMeter({
          upstream: dynamodbProxy?.url ?? dynamodbEndpoint,
          directEndpoint: dynamodbEndpoint,
          onConsumed: onDynamoDbCapacity,
        })
      : undefined;
    if (capacityMeter) stops.push(() => capacityMeter.close());
    // Always in front of SES, so a test can take sending down and bring it back (SesControl).
    let sesDown = false;
    const sesDownFaults = sesOutage(() => sesDown);
    const sesRandomFaults = sesFaults(faults.ses, faultRandom(faults, 'ses'));
    const sesProxy = await startFaultProxy({
      upstream: () => ses.endpoint,
      faultFor: (request) => sesDownFaults(request) ?? sesRandomFaults(request),
    });
    proxies.push(sesProxy);
    stops.push(async () => {
      for (const proxy of proxies) await proxy.close();
    });
    const crashCounts: Record<string, number> = {};

    // The evidence packs' bucket, its objects beside the other services' data.
    const s3 = await startS3Local({ dataDir });
    stops.push(() => s3.stop());

    // RotateSecret runs the catalog's rotation function in process, as Secrets Manager invokes it in AWS.
    const rotator = functions.find((spec) => spec.rotatesLinkSecret !== undefined);
    const secrets = await startSecretsEndpoint(
      dataDir,
      rotator ? { invokeRotation: (event) => invoke(rotator.name, event) } : {},
    );
    stops.push(() => secrets.close());

    const authIssuer = `${baseUrl}/local/auth`;
    const tokens = devTokenIssuer(await loadDevSigningKey(dataDir), authIssuer, localAuthClientId);
    // Registered as the CDK app registers them with the Cognito app client.
    const provider = devOidcProvider(tokens, {
      clientId: localAuthClientId,
      redirectUris: [`${baseUrl}${signInPaths.callback}`],
      logoutUris: [`${baseUrl}${signInPaths.signedOut}`],
    });

    // Its port is chosen before the environment is set, so every handler sees every endpoint from the start.
    const stepFunctionsPort = await freeLoopbackPort();
    const endpoints: LocalEndpoints = {
      dynamodb: capacityMeter?.url ?? dynamodbProxy?.url ?? dynamodbEndpoint,
      stepFunctions: `http://${loopbackHost}:${stepFunctionsPort}`,
      ses: sesProxy.url,
      secretsManager: secrets.url,
      s3: s3.endpoint,
    };
    const restoreEnvironment = applyEnvironment(
      localEnvironment({
        publicBaseUrl: baseUrl,
        tableName: localTableName,
        emailFrom: localEmailFrom,
        emailConfigurationSet: localEmailConfigurationSet,
        sesMaxSendRate: localSesMaxSendRate,
        linkSecretId: linkSecretName,
        authIssuer,
        authClientId: localAuthClientId,
        signOutUrl: `${authIssuer}/logout`,
        evidenceBucket: s3.bucket,
        endpoints,
        logLevel: options.handlerLogLevel ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
        metrics: options.meters?.handlerMetrics ?? false,
      }),
    );
    stops.push(restoreEnvironment);
    // The handlers run in this process and read the local clock. Imported now, not at the top, so the
    // SDK clients the services make see the environment just set.
    const { supplyClock } = await import('../../functions/composition.ts');
    stops.push(supplyClock(clock));

    // Workflow steps (functions that serve no route, run on no schedule or event, rotate nothing) may crash part-way.
    const sesHost = new URL(endpoints.ses).host;
    const isEmailSend = (request: ClientRequest) =>
      request.method === 'POST' &&
      request.path.startsWith('/v2/email/outbound-emails') &&
      String(request.getHeader('host') ?? '') === sesHost;
    const stepInvoke =
      faults.stepCrash > 0
        ? catalogInvoker({
            functions,
            repositoryRoot,
            tracker: invocations,
            ...(onInvoked ? { onInvoked } : {}),
            crashes: {
              probability: faults.stepCrash,
              random: faultRandom(faults, 'step-crash'),
              appliesTo: (spec) =>
                spec.routes === undefined &&
                spec.schedule === undefined &&
                spec.events === undefined &&
                spec.rotatesLinkSecret === undefined,
              isEmailSend,
              onCrash: (functionName, sends) => {
                crashCounts['step-crash'] = (crashCounts['step-crash'] ?? 0) + 1;
                log(`Injected a crash of ${functionName} after ${sends} email sends`);
              },
            },
          })
        : invoke;

    // SES's events reach the catalog's functions for them as EventBridge would: after the send, whoever sent
    // it. Those of emails accepted before a crash are delivered now, before any workflow resumes and might
    // send again what SES already took.
    const sesEventTargets = functions.filter((spec) => spec.events?.source === 'aws.ses');
    const sesEventsDelivered = ses.publishEvents({
      async deliver(event) {
        for (const spec of sesEventTargets) {
          if (spec.events?.detailTypes.includes(event['detail-type'])) await invoke(spec.name, event);
        }
      },
      onGiveUp: (messageId, error) =>
        log(
          `The SES events of message ${messageId} were not delivered after their retries ` +
            `(${errorNameOf(error)}); they are tried again on the next start`,
        ),
    });
    // Events that keep failing (DynamoDB down) are retried for minutes; the stack starts regardless.
    const settledWithin = async (what: string, promise: Promise<void>, withinMs = sesEventsDeadlineMs) => {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), withinMs);
      });
      const outcome = await Promise.race([promise.then(() => 'delivered' as const), deadline]);
      clearTimeout(timer);
      if (outcome === 'late') log(`${what}; it goes on`);
    };
    await settledWithin('The SES events were not all delivered at start', sesEventsDelivered);

    const stepFunctions: StepFunctionsServer = await createStepFunctionsServer({
      stateMachines: await loadWorkflows(workflows, functions, repositoryRoot),
      invokeFunction: stepInvoke,
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
        target: {
          kind: 'function' as const,
          functionName: spec.name,
          ...(route.path === '/health' ? { guard: healthWhileStarting } : {}),
        },
      })),
    );
    // The key set that verifies tokens stays open: API requests made while starting need it.
    const guardedLocalRoutes = localRoutes({
      tokens,
      provider,
      clock,
      sweeps,
      outbox: (to) => ses.outbox(to),
      // Steps still running first (their sends make events too), then the events of every accepted email;
      // then the jump itself with new invocations held back, once what started meanwhile has ended. Events
      // queued meanwhile are waited for too, a few rounds, so a send whose marking failed is settled first.
      clockMove: async (move) => {
        for (let round = 1; ; round += 1) {
          await settledWithin(
            'The functions still running had not all ended before the clock moved',
            invocations.settled(),
            sesEventsBeforeClockMoveMs,
          );
          await settledWithin(
            'The SES events were not all delivered before the clock moved',
            ses.eventsDelivered(),
            sesEventsBeforeClockMoveMs,
          );
          const moved = await invocations.whileNothingRuns(async () => {
            if (ses.eventsPending() && round < clockMoveRounds) return false;
            await move();
            return true;
          }, sesEventsBeforeClockMoveMs);
          if (moved) return;
        }
      },
      ...(rotator
        ? {
            rotateLinkSecret: async () => {
              const { versionId } = await secrets.rotate(linkSecretName);
              const keyring = linkKeyringOf(secrets.currentValue(linkSecretName) ?? '');
              return {
                versionId,
                currentKeyId: keyring.current.kid,
                ...(keyring.previous ? { previousKeyId: keyring.previous.kid } : {}),
              };
            },
          }
        : {}),
    }).map(
      (route): ApiRoute =>
        route.target.kind === 'local' && !route.path.startsWith('/local/auth/')
          ? { ...route, target: { ...route.target, guard: localRouteWhileStarting } }
          : route,
    );
    // The mailbox only reads what SES kept, so it answers while the demo is still being added too.
    api.setRoutes([...guardedLocalRoutes, ...mailboxRoutes(ses.mailbox), ...catalogRoutes]);

    let seededDemoData = false;
    if (options.seedDemoData ?? true) {
      // One reading of the clock for the whole demo (kept with its progress, so a retry uses it too).
      const today = businessDateOf(clock.now());
      const progress = demoSeedStore(dataDir);
      const attempts = 1 + (options.seedRetries ?? 2);
      for (let attempt = 1; attempt <= attempts; attempt += 1) {
        try {
          const outcome = await seedDemoData(today, progress);
          seededDemoData = outcome.created;
          if (outcome.created) {
            log(
              'Added the demo transfer (its 907 invitations are being sent), its four-week public consultation ' +
                `and ${outcome.contractIds?.length ?? 0} contracts of ${demoManagerEmail} due for renewal`,
            );
          }
          break;
        } catch (error) {
          const last = attempt === attempts;
          log(
            `Adding the demo data failed (${errorNameOf(error)}: ${error instanceof Error ? error.message : ''})` +
              (last
                ? '; the stack runs without it, and the next start goes on from where it stopped'
                : `; trying again (${attempt} of ${attempts - 1} retries)`),
          );
          if (!last) await new Promise((resolve) => setTimeout(resolve, seedRetryDelayMs * attempt));
        }
      }
    }
    starting = false;
    sweeps.start();

    // Each lands on their own page: HR on the transfers, a manager on their contracts.
    const signIn = (role: string, email: string, returnTo: string) =>
      `${baseUrl}/local/sign-in?${new URLSearchParams({ role, email, returnTo })}`;
    let stopping: Promise<void> | undefined;
    return {
      baseUrl,
      dataDir,
      endpoints,
      mailboxUrl: `${baseUrl}${mailboxPath}`,
      managerPageUrl: `${baseUrl}${managerPagePath}`,
      signInLinks: {
        hr: signIn('hr', demoHrEmail, '/'),
        manager: signIn('manager', demoManagerEmail, managerPagePath),
      },
      seededDemoData,
      dynamodb: dynamodbControl,
      ses: {
        refuseSends: () => {
          sesDown = true;
        },
        acceptSends: () => {
          sesDown = false;
        },
      },
      injectedFaults: () => ({
        ...dynamodbProxy?.injected(),
        ...sesProxy.injected(),
        ...crashCounts,
      }),
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

/** What is kept of a transfer and for how long: the evidence HR holds, retention, and the timers' sweep. */

import { evidenceBucket } from '../adapters/evidence-bucket.ts';
import { evidenceDownloadLink } from '../adapters/evidence-download-link.ts';
import { evidencePackRepository } from '../adapters/evidence-pack-repository.ts';
import { NotFoundError } from '../domain/errors.ts';
import { evidencePackRequests } from '../services/evidence-pack-requests.ts';
import { type EvidencePackService, evidencePackBuilding } from '../services/evidence-pack-service.ts';
import { evidenceService } from '../services/evidence-service.ts';
import { retentionService } from '../services/retention-service.ts';
import { sweeper } from '../services/sweep.ts';
import { notifyOf } from './links.ts';
import {
  consultationRepositoryOf,
  contractRepositoryOf,
  emailLedgerOf,
  informationDutyRepositoryOf,
  liabilityRepositoryOf,
  representativeRepositoryOf,
  retentionRepositoryOf,
  timerRepositoryOf,
  transferRecordsOf,
  transferRepositoryOf,
} from './repositories.ts';
import { clockOf, liveWiring, publicBaseUrlOf, recordMetricOf, tableOf, type Wiring } from './wiring.ts';
import { describeRunOf, startWorkflowOf } from './workflows.ts';

export function evidenceServiceOf(wiring: Wiring = liveWiring()) {
  return wiring.once('evidence-service', () =>
    evidenceService({
      ...transferRecordsOf(wiring),
      ledger: emailLedgerOf(wiring),
      consultations: consultationRepositoryOf(wiring),
      liability: liabilityRepositoryOf(wiring),
      representatives: representativeRepositoryOf(wiring),
      duty: informationDutyRepositoryOf(wiring),
      retentionSummary: (id) => retentionRepositoryOf(wiring).summary(id),
    }),
  );
}

/**
 * The evidence pack built in S3 as a ZIP, for transfers too big to answer inline: asked for and built, from
 * the two sides below, so each side's dependencies are listed once.
 */
export function evidencePackServiceOf(wiring: Wiring = liveWiring()): EvidencePackService {
  return wiring.once('evidence-pack-service', () => ({
    ...evidencePackRequestsOf(wiring),
    ...evidencePackBuildingOf(wiring),
  }));
}

/** HR's side of the pack (asked for, its progress, its link): no ZIP writer, no upload, no evidence read. */
export function evidencePackRequestsOf(wiring: Wiring = liveWiring()) {
  return wiring.once('evidence-pack-requests', () =>
    evidencePackRequests({
      transfers: transferRepositoryOf(wiring),
      packs: evidencePackRepository(tableOf(wiring)),
      bucket: evidenceDownloadLink(),
      startWorkflow: startWorkflowOf(wiring),
      clock: clockOf(wiring),
    }),
  );
}

/** The workflow's side of the pack (its parts, the ZIP, a failure): starts no workflow. */
export function evidencePackBuildingOf(wiring: Wiring = liveWiring()) {
  return wiring.once('evidence-pack-building', () =>
    evidencePackBuilding({
      ...transferRecordsOf(wiring),
      ledger: emailLedgerOf(wiring),
      packs: evidencePackRepository(tableOf(wiring)),
      bucket: evidenceBucket(),
      evidence: evidenceServiceOf(wiring),
    }),
  );
}

export function retentionServiceOf(wiring: Wiring = liveWiring()) {
  return wiring.once('retention-service', () =>
    retentionService({
      ...transferRecordsOf(wiring),
      retention: retentionRepositoryOf(wiring),
      consultations: consultationRepositoryOf(wiring),
      ledger: emailLedgerOf(wiring),
      representatives: representativeRepositoryOf(wiring),
      duty: informationDutyRepositoryOf(wiring),
      liability: liabilityRepositoryOf(wiring),
      startWorkflow: startWorkflowOf(wiring),
    }),
  );
}

export function sweeperOf(wiring: Wiring = liveWiring()) {
  const transfers = transferRepositoryOf(wiring);
  return wiring.once('sweeper', () =>
    sweeper({
      transfers,
      timers: timerRepositoryOf(wiring),
      startWorkflow: startWorkflowOf(wiring),
      describeRun: describeRunOf(wiring),
      clock: clockOf(wiring),
      notify: notifyOf(wiring),
      timerOwner: async (timer) => {
        if (timer.owner === 'transfer') {
          const transfer = await transfers.header(timer.ownerId);
          return { title: transfer.name, createdBy: transfer.createdBy };
        }
        const owner =
          timer.owner === 'consultation'
            ? await consultationRepositoryOf(wiring).get(timer.ownerId)
            : await contractRepositoryOf(wiring).get(timer.ownerId);
        if (!owner) throw new NotFoundError(`No ${timer.owner} ${timer.ownerId}`);
        return { title: owner.title, createdBy: owner.createdBy };
      },
      publicBaseUrl: publicBaseUrlOf(wiring),
      recordMetric: recordMetricOf(wiring),
    }),
  );
}

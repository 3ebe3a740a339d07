/**
 * `verify <transferId> [--pack <file>]`: recomputes the transfer's audit hash chain (GET
 * /api/transfers/{id}/evidence/verify) and says whether it is intact or where it breaks; with --pack, also
 * whether a downloaded evidence pack is byte for byte one the audit history records, or (an evidence record
 * downloaded with ?format=json) whether its recomputed content digest is one a pack printed. Exits 1 on a
 * break or a pack it does not know.
 */
import { Command } from 'commander';
import { canonicalJson, sha256Hex } from '../../functions/domain/audit-chain.ts';
import type { EvidenceVerification } from '../api-client.ts';
import type { CommandContext } from '../command-context.ts';
import { count } from '../output.ts';

/** SHA-256 of a JSON file's content as canonical JSON (what the pack prints); undefined when it is not JSON. */
function contentDigestOfFile(bytes: Buffer): string | undefined {
  try {
    return sha256Hex(canonicalJson(JSON.parse(bytes.toString('utf8'))));
  } catch {
    return undefined;
  }
}

export function describeVerification(transferId: string, verification: EvidenceVerification): string {
  const { intact, events, unchained, head, brokenAt } = verification;
  const where = brokenAt
    ? `event ${brokenAt.seq}${brokenAt.action ? ` (${brokenAt.action}${brokenAt.at ? ` at ${brokenAt.at}` : ''})` : ''}`
    : '';
  return [
    intact
      ? `The audit history of transfer ${transferId} is intact.`
      : `The audit history of transfer ${transferId} is BROKEN at ${where}: ${brokenAt?.reason ?? 'unknown'}.`,
    `Events:      ${count(events)}${unchained > 0 ? ` (${count(unchained)} recorded before the chain began)` : ''}`,
    `Chain head:  ${head ? `event ${head.seq}, SHA-256 ${head.hash}` : 'none (no chained events yet)'}`,
    `Packs made:  ${count(verification.packs.length)}`,
    '',
  ].join('\n');
}

export function verifyCommand(context: () => CommandContext): Command {
  return new Command('verify')
    .description("recompute a transfer's audit hash chain and say whether it is intact (exit 1 if not)")
    .argument('<transferId>', 'the id that create printed')
    .option(
      '--pack <file>',
      'also check a downloaded evidence pack (PDF, HTML or the JSON record) against the audit',
    )
    .option('--json', 'print the API answer (GET /api/transfers/{id}/evidence/verify) as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ npx transfer-desk verify 01JB2ZK3Q4W5E6R7T8Y9U0I1O2
  $ npx transfer-desk verify 01JB2ZK3Q4W5E6R7T8Y9U0I1O2 --pack evidence-adult-social-care.pdf`,
    )
    .action(async (transferId: string, options: { pack?: string; json?: boolean }) => {
      const { api, stdout, readFile, fail } = context();
      const verification = await api.verifyEvidence(transferId);
      stdout.write(
        options.json
          ? `${JSON.stringify(verification, null, 2)}\n`
          : describeVerification(transferId, verification),
      );
      if (!verification.intact) fail();
      if (options.pack === undefined) return;
      const bytes = await readFile(options.pack);
      const sha256 = sha256Hex(bytes);
      const made = verification.packs.find((pack) => pack.sha256 === sha256);
      if (made) {
        stdout.write(
          `${options.pack} matches the evidence pack (${made.format}) made at ${made.at} by ${made.by}: SHA-256 ${sha256}\n`,
        );
        return;
      }
      // An evidence record (?format=json), perhaps re-indented: its content digest is recomputed.
      const content = contentDigestOfFile(bytes);
      const recorded = verification.packs.find((pack) => pack.contentSha256 === content);
      if (content !== undefined && recorded) {
        stdout.write(
          `${options.pack} holds the evidence record of the pack made at ${recorded.at} by ${recorded.by}: content SHA-256 ${content} recomputed\n`,
        );
        return;
      }
      stdout.write(
        `${options.pack} matches no evidence pack recorded for this transfer: SHA-256 ${sha256}; it was changed or is not from this transfer\n`,
      );
      fail();
    });
}

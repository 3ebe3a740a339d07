import { afterEach, describe, expect, it } from 'vitest';
import { TransferNotFoundError } from '../../../functions/domain/errors.ts';
import { countedTransferTable } from '../../fixtures/domain/counted-transfer-table.ts';
import { storedTransfer } from '../../fixtures/domain/transfers.ts';

const tables: Array<{ restore: () => void }> = [];
afterEach(() => {
  for (const table of tables.splice(0)) table.restore();
});

function tableOf(shards: number) {
  const transfer = storedTransfer({ status: 'launched' });
  const table = countedTransferTable(transfer, shards);
  tables.push(table);
  return { transfer, ...table };
}

describe('Function: transferRepository.header', () => {
  it('reads the header item alone, one consistent read however many shards the roster has', async () => {
    // Prepare
    const { transfer, transfers, reads } = tableOf(500);

    // Act
    const header = await transfers.header(transfer.id);

    // Assess
    expect(reads).toEqual({ items: 1, capacity: 1 });
    expect(header).toMatchObject({
      id: transfer.id,
      status: 'launched',
      pension: transfer.pension,
      transferDate: transfer.transferDate,
      nextRosterIndex: 50_000,
    });
    expect(header).not.toHaveProperty('counts');
    expect(header).not.toHaveProperty('elections');
    expect(header).not.toHaveProperty('total');
    expect(header).not.toHaveProperty('pk');
  });

  it('says the transfer is not found when it has no header item', async () => {
    // Prepare
    const { transfers } = tableOf(1);

    // Act & Assess
    await expect(transfers.header('no-such-transfer')).rejects.toBeInstanceOf(TransferNotFoundError);
  });
});

describe('Function: transferRepository.get', () => {
  it("sums every shard's tally into the counts the dashboard shows", async () => {
    // Prepare
    const { transfer, transfers, reads } = tableOf(10);

    // Act
    const read = await transfers.get(transfer.id);

    // Assess
    expect(read.counts).toMatchObject({ invited: 600, elected: 380, objected: 20 });
    expect(read.elections).toEqual({ LGPS: 200, NHSPS: 180 });
    expect(read.total).toBe(1_000);
    // The header and the ten tallies.
    expect(reads.items).toBe(11);
  });
});

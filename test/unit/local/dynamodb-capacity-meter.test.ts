import { describe, expect, it } from 'vitest';
import {
  attributeValueBytes,
  type IndexShape,
  itemBytes,
  itemWriteUnits,
  writeUnitsOf,
} from '../../../infra/local/dynamodb-capacity-meter.ts';

const tableKeys = ['pk', 'sk'];
const gsi1: IndexShape = { name: 'gsi1', keys: ['gsi1pk', 'gsi1sk'], projection: 'ALL' };
const text = (value: string) => ({ S: value });

describe('item sizes by DynamoDB rules', () => {
  it('counts attribute names and UTF-8 string bytes', () => {
    // Assess: "pk" + "ab" and "sk" + "é" (2 bytes in UTF-8)
    expect(itemBytes({ pk: text('ab'), sk: text('é') })).toBe(8);
  });

  it('counts numbers at about a byte per two digits, maps and lists with their overhead', () => {
    // Assess
    expect(attributeValueBytes({ N: '12345' })).toBe(4);
    expect(attributeValueBytes({ BOOL: true })).toBe(1);
    expect(attributeValueBytes({ M: { a: text('xy') } })).toBe(3 + 1 + 1 + 2);
    expect(attributeValueBytes({ L: [text('xy'), { NULL: true }] })).toBe(3 + 1 + 2 + 1 + 1);
  });

  it('bills one write unit a kilobyte started, at least one', () => {
    // Assess
    expect(writeUnitsOf(0)).toBe(1);
    expect(writeUnitsOf(1024)).toBe(1);
    expect(writeUnitsOf(1025)).toBe(2);
  });
});

describe('itemWriteUnits', () => {
  const small = { pk: text('A'), sk: text('B') };
  const indexed = { ...small, gsi1pk: text('G'), gsi1sk: text('1') };

  it('doubles the table write of a transaction, not the index write', () => {
    // Act
    const units = itemWriteUnits({ before: undefined, after: indexed }, [gsi1], tableKeys, true);

    // Assess
    expect(units).toEqual({ table: 2, indexes: 1 });
  });

  it('writes the index twice when the item moves to another index key, and not at all when its entry is unchanged', () => {
    // Prepare
    const moved = { ...indexed, gsi1sk: text('2') };

    // Act
    const move = itemWriteUnits({ before: indexed, after: moved }, [gsi1], tableKeys, false);
    const same = itemWriteUnits({ before: indexed, after: indexed }, [gsi1], tableKeys, false);

    // Assess
    expect(move).toEqual({ table: 1, indexes: 2 });
    expect(same).toEqual({ table: 1, indexes: 0 });
  });

  it('bills the larger of the item before and after, and nothing to an index that does not hold what changed', () => {
    // Prepare
    const big = { ...indexed, body: text('x'.repeat(3_000)) };
    const keysOnly: IndexShape = { ...gsi1, projection: 'KEYS_ONLY' };

    // Act
    const shrunk = itemWriteUnits({ before: big, after: indexed }, [keysOnly], tableKeys, false);

    // Assess
    expect(shrunk.table).toBe(3);
    expect(shrunk.indexes).toBe(0);
  });

  it('bills a condition check for the table only', () => {
    // Assess
    expect(
      itemWriteUnits({ before: indexed, after: indexed, conditionCheckOnly: true }, [gsi1], tableKeys, true),
    ).toEqual({ table: 2, indexes: 0 });
  });
});

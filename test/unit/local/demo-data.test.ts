import { describe, expect, it } from 'vitest';
import { validateNewConsultation, warningsOf } from '../../../functions/domain/consultation-rules.ts';
import { validateNewContracts } from '../../../functions/domain/contract-rules.ts';
import { validateRoster } from '../../../functions/domain/roster.ts';
import { validateNewTransfer } from '../../../functions/domain/transfer-rules.ts';
import {
  demoConsultationInput,
  demoContractsInput,
  demoManagerEmail,
  demoStaffCount,
  demoTransferInput,
} from '../../../infra/local/demo-data.ts';
import { demoRoster } from '../../../infra/local/demo-roster.ts';

const today = '2026-11-23';

describe('Function: demoRoster', () => {
  it('makes 907 valid, unique people the roster rules accept', () => {
    // Act
    const roster = demoRoster(demoStaffCount, { today });

    // Assess
    expect(validateRoster(roster, new Set(), today)).toHaveLength(907);
    expect(new Set(roster.map((person) => person.email)).size).toBe(907);
    expect(roster.every((person) => person.email.endsWith('@example.org'))).toBe(true);
    expect(roster.every((person) => person.currentPensionScheme === 'LGPS')).toBe(true);
  });

  it('mixes permanent and fixed-term contracts, ending after today, and gives managers manager1.. onwards', () => {
    // Act
    const roster = demoRoster(demoStaffCount, { today });
    const fixedTerm = roster.filter((person) => person.contractType === 'fixed-term');
    const managers = new Set(roster.map((person) => person.managerEmail));

    // Assess
    expect(fixedTerm.length).toBeGreaterThan(100);
    expect(fixedTerm.length).toBeLessThan(250);
    expect(fixedTerm.every((person) => (person.contractEndDate ?? '') > today)).toBe(true);
    expect(managers.has('manager1@example.org')).toBe(true);
    expect(managers.size).toBe(Math.ceil(907 / 12));
  });

  it('gives the same people for the same count and date', () => {
    // Act, Assess
    expect(demoRoster(50, { today })).toEqual(demoRoster(50, { today }));
    expect(demoRoster(5, { today, prefix: 'BENCH' })[0]?.employeeNumber).toBe('BENCH100001');
  });
});

describe('Function: demoTransferInput', () => {
  it('is a valid transfer: election open about five weeks, transfer about ten, four weeks of consultation', () => {
    // Act
    const input = demoTransferInput(today);
    const valid = validateNewTransfer(input, today);

    // Assess
    expect(valid).toMatchObject({
      name: 'Staffordshire adult social care integration',
      transferor: 'Staffordshire County Council',
      transferee: 'Midlands Partnership NHS Foundation Trust',
      legalBasis: 'TUPE',
      consultation: { opensOn: today, closesOn: '2026-12-21' },
      pension: { defaultOption: 'LGPS', electionClosesOn: '2026-12-28' },
      transferDate: '2027-02-01',
    });
    expect(valid.pension.options.map((option) => option.code)).toEqual(['LGPS', 'NHSPS']);
  });
});

describe('Function: demoConsultationInput', () => {
  it('is a valid public consultation of four weeks from today with partners invited, apart from the transfer', () => {
    // Act
    const valid = validateNewConsultation(demoConsultationInput(today), today);

    // Assess
    expect(valid).toMatchObject({
      title: 'Integrating adult social care with the NHS partnership trust',
      opensOn: today,
      closesOn: '2026-12-21',
      public: true,
      proposalSummary: expect.stringMatching(/^About 907 staff in adult social care/),
      proposalDocumentUrl: expect.stringMatching(/^https:\/\//),
    });
    expect(valid).not.toHaveProperty('transferId');
    expect(valid.invite).toEqual(['partnership.board@example.org', 'staff.side@example.org']);
  });

  it('says why it is shorter than twelve weeks, so it carries no warning', () => {
    // Act
    const input = demoConsultationInput(today);

    // Assess
    expect(input.shortPeriodJustification).toMatch(/^Four weeks/);
    expect(warningsOf(input)).toEqual([]);
    const { shortPeriodJustification: _reason, ...unexplained } = input;
    expect(warningsOf(unexplained)).toHaveLength(1);
  });
});

describe('Function: demoContractsInput', () => {
  it('gives the demo manager valid contracts ending in 80, 30 and 5 days, the first the section 75 agreement', () => {
    // Act
    const contracts = validateNewContracts(demoContractsInput(today), today);

    // Assess
    expect(contracts.map((contract) => contract.endDate)).toEqual(['2027-02-11', '2026-12-23', '2026-11-28']);
    expect(contracts.every((contract) => contract.managerEmail === demoManagerEmail)).toBe(true);
    expect(contracts.map((contract) => contract.kind)).toEqual(['agreement', 'employment', 'employment']);
    expect(contracts[0]?.parties).toEqual([
      'Staffordshire County Council',
      'Midlands Partnership NHS Foundation Trust',
    ]);
    expect(contracts[0]?.title).toContain('Section 75');
    expect(contracts.slice(1).every((contract) => contract.employeeNumber !== undefined)).toBe(true);
  });
});

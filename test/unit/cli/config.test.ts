import { describe, expect, it } from 'vitest';
import { CliError } from '../../../cli/cli-error.ts';
import { configFrom, isLocalStack } from '../../../cli/config.ts';

describe('Function: configFrom', () => {
  it('defaults to the local stack on port 3000 and the local HR email', () => {
    // Act
    const config = configFrom({});

    // Assess
    expect(config).toEqual({ baseUrl: 'http://localhost:3000', localEmail: 'hr@example.org' });
  });

  it('reads the URL without its trailing slash, keeping a path prefix, and the token and email', () => {
    // Act
    const config = configFrom({
      TRANSFER_DESK_URL: 'https://api.example.org/prod/',
      TRANSFER_DESK_TOKEN: ' token ',
      TRANSFER_DESK_EMAIL: 'hr.lead@example.org',
    });

    // Assess
    expect(config).toEqual({
      baseUrl: 'https://api.example.org/prod',
      token: 'token',
      localEmail: 'hr.lead@example.org',
    });
  });

  it.each([
    ['not a url', 'TRANSFER_DESK_URL must be a URL, like https://transfers.example.org'],
    ['ftp://example.org', 'TRANSFER_DESK_URL must start with http:// or https://'],
    [
      'https://user:secret@example.org',
      'TRANSFER_DESK_URL must not hold a user name or password: set TRANSFER_DESK_TOKEN instead',
    ],
  ])('refuses TRANSFER_DESK_URL=%s without repeating it', (url, message) => {
    // Act / Assess
    expect(() => configFrom({ TRANSFER_DESK_URL: url })).toThrow(new CliError(message));
  });
});

describe('Function: isLocalStack', () => {
  it('takes loopback addresses for the local stack and anything else for a deployed API', () => {
    // Act / Assess
    expect(isLocalStack('http://localhost:3000')).toBe(true);
    expect(isLocalStack('http://127.0.0.1:49152')).toBe(true);
    expect(isLocalStack('http://[::1]:3000')).toBe(true);
    expect(isLocalStack('https://abc123.execute-api.eu-west-2.amazonaws.com')).toBe(false);
    expect(isLocalStack('http://localhost.example.org')).toBe(false);
  });
});

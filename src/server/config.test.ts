import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('logs warnings only in demo mode (readable start-up text), info otherwise, LOG_LEVEL wins', () => {
    expect(loadConfig({}).logLevel).toBe('warn'); // seeding on by default = demo
    expect(loadConfig({ RADVIS_SEED: 'false' }).logLevel).toBe('info');
    expect(loadConfig({ RADVIS_DEMO: 'false' }).logLevel).toBe('info');
    expect(loadConfig({ LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
  });

  it('refuses a database URL that is not PostgreSQL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
  });
});

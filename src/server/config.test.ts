import { describe, expect, it } from 'vitest';
import { CHROMIUM_HEADLESS_SHELL, chromiumPath, ConfigError, loadConfig } from './config.ts';

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

describe('chromiumPath', () => {
  it('takes CHROMIUM_PATH when set, else the headless shell when installed, else Debian’s chromium', () => {
    const asked: string[] = [];
    const installed = (f: string) => (asked.push(f), true);
    expect(chromiumPath({ CHROMIUM_PATH: '/opt/x/chrome' }, installed)).toBe('/opt/x/chrome');
    expect(asked).toEqual([]);
    expect(chromiumPath({}, installed)).toBe(CHROMIUM_HEADLESS_SHELL);
    expect(asked).toEqual([CHROMIUM_HEADLESS_SHELL]);
    expect(chromiumPath({ CHROMIUM_PATH: '' }, () => false)).toBe('/usr/bin/chromium');
  });
});

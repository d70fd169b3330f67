import { defineConfig } from 'vitest/config';

/**
 * Test projects:
 *   server    — HTTP integration tests on embedded PGlite (always)
 *   server-pg — the same files on PostgreSQL, when TEST_DATABASE_URL is set (CI sets it)
 *   web       — pure unit tests of web code (route tree / menu filtering)
 *   e2e       — Chromium flows through playwright-core (skipped when /usr/bin/chromium is absent)
 */
const serverProject = (name: string, backend: 'pglite' | 'postgres') => ({
  test: {
    name,
    include: ['server/src/**/*.test.ts'],
    environment: 'node' as const,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { FENGGUI_TEST_BACKEND: backend },
  },
});

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: a single worker on a 2-core machine,
    // where most test time is waiting (PostgreSQL, Chromium, spawned CLI processes). Three workers
    // keep both cores busy; FENGGUI_TEST_WORKERS overrides.
    maxWorkers: Number(process.env.FENGGUI_TEST_WORKERS) || 3,
    projects: [
      serverProject('server', 'pglite'),
      ...(process.env.TEST_DATABASE_URL ? [serverProject('server-pg', 'postgres')] : []),
      { test: { name: 'web', include: ['web/src/**/*.test.ts'], environment: 'node' } },
      // expect.poll waits up to 30 s: on a loaded 2-core machine a page can take longer than the default 5 s.
      // The browser flows run after the server tests, one file at a time: run beside three server
      // workers, a portal flow once missed its 15 s wait for a page on this 2-core machine.
      {
        test: {
          name: 'e2e', include: ['e2e/**/*.e2e.test.ts'], testTimeout: 120_000, hookTimeout: 180_000, expect: { poll: { timeout: 30_000 } },
          maxWorkers: 1, sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});

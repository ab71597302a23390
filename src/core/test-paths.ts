// Test and fixture paths: findings in them are reported one severity lower, since what a test
// or fixture holds rarely reaches production (`testPaths` in `.mlsec.yaml`; `[]` turns it off).

import picomatch from 'picomatch';
import { SEVERITIES, type Severity } from './model';

/** Folders and files that hold tests and their fixtures, by convention. */
export const DEFAULT_TEST_PATHS: readonly string[] = [
  '**/test/**',
  '**/tests/**',
  '**/__tests__/**',
  '**/testdata/**',
  '**/test_data/**',
  '**/test-data/**',
  '**/fixtures/**',
  '**/__fixtures__/**',
  '**/test_*.py',
  '**/*_test.py',
  '**/conftest.py',
];

/** The severity one step below `s`; info stays info. */
export function lowerSeverity(s: Severity): Severity {
  const i = SEVERITIES.indexOf(s);
  return SEVERITIES[Math.min(i + 1, SEVERITIES.length - 1)];
}

/** A matcher of workspace-relative paths against the configured test paths (the defaults when unset). */
export function testPathMatcher(patterns: readonly string[] | undefined): (file: string) => boolean {
  const list = patterns ?? DEFAULT_TEST_PATHS;
  if (!list.length) return () => false;
  const match = picomatch([...list], { dot: true });
  return (file) => match(file.replace(/\\/g, '/'));
}

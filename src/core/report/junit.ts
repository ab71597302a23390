// The JUnit XML scan report for CI systems that show test results: one failed test case per
// finding, named by where it is, with every text XML-escaped.

import type { ScanReport } from './scan-report';

/** Escapes text for XML content and attribute values, dropping characters XML 1.0 forbids. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function formatJunit(report: ScanReport): string {
  const n = report.findings.length;
  const cases = report.findings.map((f) => {
    const where = `${f.loc.file}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
    const body = [`${where} ${f.severity} ${f.message}`, ...(f.details ?? []).map((d) => `- ${d}`)].join('\n');
    return [
      `    <testcase classname="${xmlEscape(f.ruleId)}" name="${xmlEscape(where)}" file="${xmlEscape(f.loc.file)}" line="${f.range.start.line + 1}">`,
      `      <failure type="${f.severity}" message="${xmlEscape(f.message)}">${xmlEscape(body)}</failure>`,
      '    </testcase>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mlsec" tests="${n}" failures="${n}" errors="0">`,
    `  <testsuite name="mlsec scan" tests="${n}" failures="${n}" errors="0" skipped="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

// Generated documents for server tests and benchmarks: large and hostile inputs.

/** A Dockerfile of about 2,000 lines with findings spread through it. */
export function longDockerfile(lines = 2000): string {
  const out = ['FROM python:3.12-slim AS base', 'WORKDIR /app'];
  for (let i = 0; out.length < lines - 2; i++) {
    if (i % 50 === 0) out.push(`FROM base AS stage${i}`);
    out.push(i % 7 === 0 ? `RUN pip install package${i} && curl -k https://example.com/f${i} -o /tmp/f${i}` : `ENV VAR_${i}=value-${i}`);
  }
  out.push('USER root', 'CMD ["python", "-m", "app"]');
  return `${out.join('\n')}\n`;
}

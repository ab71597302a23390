// supply-chain/remote-script-execution: downloaded content piped straight into an interpreter.

import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'supply-chain/remote-script-execution',
    title: 'Downloaded script executed without verification',
    description:
      'Reports curl or wget output piped or substituted into sh, bash, python and other interpreters (`curl … | sh`, `bash <(curl …)`, `sh -c "$(wget -O- …)"`) in Dockerfile RUN, container commands, DVC stage commands and CI scripts (GitHub Actions `run:` steps, GitLab CI `script`); and a download written to a file that a later command of the same script runs (`curl -o /tmp/s URL; sh /tmp/s`, a fetched binary made executable and started) when no checksum is verified in between.',
    explanation:
      'Whatever the server returns at that moment runs with the privileges of the build or the pipeline step. A compromised or spoofed host, a moved URL or a partial download executes arbitrary code next to your training data and credentials, and nothing records what ran.',
    example: {
      language: 'dockerfile',
      bad: 'RUN curl -fsSL https://example.com/install.sh | bash',
      good: 'RUN curl -fsSLo install.sh https://example.com/install.sh \\\n && echo "<sha256>  install.sh" | sha256sum -c - \\\n && bash install.sh',
    },
    formats: ['dockerfile', 'kubernetes', 'kfp', 'argo', 'kserve', 'seldon', 'kubeflow-training', 'dvc', 'mlflow', 'compose', 'github-actions', 'gitlab-ci'],
    severity: 'high',
    fixes: [],
    stride: ['T', 'E'],
    atlas: ['AML.T0010.001', 'AML.T0011.001'],
    owasp: ['ML06'],
    references: ['https://www.idontplaydarts.com/2016/04/detecting-curl-pipe-bash-server-side/'],
  },
  *check(ctx) {
    for (const r of ctx.facts.remoteExecs) {
      const from = r.url ? ` from ${r.url.value}` : '';
      if (r.file) {
        const how = r.interpreter === r.file ? 'which is then run' : `which ${r.interpreter} then runs`;
        yield {
          message: `${r.fetcher} downloads${from} to ${r.file}, ${how} with no checksum verified, so whoever controls that server controls this step.`,
          loc: r.loc,
        };
        continue;
      }
      yield {
        message: `Output of ${r.fetcher}${from} is executed by ${r.interpreter} without any integrity check, so whoever controls that server controls this step.`,
        loc: r.loc,
      };
    }
  },
});

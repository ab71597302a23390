// supply-chain/remote-script-execution: downloaded content piped straight into an interpreter.

import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'supply-chain/remote-script-execution',
    title: 'Downloaded script executed without verification',
    description:
      'Reports curl or wget output piped or substituted into sh, bash, python and other interpreters (`curl … | sh`, `bash <(curl …)`, `sh -c "$(wget -O- …)"`) in Dockerfile RUN, container commands and DVC stage commands.',
    explanation:
      'Whatever the server returns at that moment runs with the privileges of the build or the pipeline step. A compromised or spoofed host, a moved URL or a partial download executes arbitrary code next to your training data and credentials, and nothing records what ran.',
    example: {
      language: 'dockerfile',
      bad: 'RUN curl -fsSL https://example.com/install.sh | bash',
      good: 'RUN curl -fsSLo install.sh https://example.com/install.sh \\\n && echo "<sha256>  install.sh" | sha256sum -c - \\\n && bash install.sh',
    },
    formats: ['dockerfile', 'kubernetes', 'kfp', 'argo', 'kserve', 'seldon', 'kubeflow-training', 'dvc', 'mlflow'],
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
      yield {
        message: `Output of ${r.fetcher}${from} is executed by ${r.interpreter} without any integrity check, so whoever controls that server controls this step.`,
        loc: r.loc,
      };
    }
  },
});

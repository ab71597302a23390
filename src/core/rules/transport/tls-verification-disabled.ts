// transport/tls-verification-disabled: flags and settings that turn off certificate checks.

import { defineRule } from '../rule';
import { fixOf } from '../util';

export default defineRule({
  meta: {
    id: 'transport/tls-verification-disabled',
    title: 'TLS certificate verification disabled',
    description:
      'Reports curl -k/--insecure, wget --no-check-certificate, pip --trusted-host (also before the subcommand, and `pip config set global.trusted-host`) / PIP_TRUSTED_HOST, aws --no-verify-ssl, git http.sslVerify=false, GIT_SSL_NO_VERIFY set to any value (git only checks that it is set, so `0` and `false` disable verification too), npm strict-ssl false (`npm config set strict-ssl false` or `=false`, `--no-strict-ssl`, NPM_CONFIG_STRICT_SSL=false; a package named strict-ssl is not a setting), yum/dnf `--setopt=sslverify=0`, PYTHONHTTPSVERIFY=0, NODE_TLS_REJECT_UNAUTHORIZED=0, MLFLOW_TRACKING_INSECURE_TLS=true, DVC `ssl_verify = false` and Argo/KFP artifact repositories marked insecure (in templates and in the artifact repository ConfigMaps).',
    explanation:
      'Without certificate verification anyone on the network path — a compromised proxy, a hostile Wi-Fi, a poisoned DNS answer — can impersonate the package index, the model store or the tracking server, and feed the pipeline altered packages, data or models or read the credentials sent to it.',
    example: {
      language: 'dockerfile',
      bad: 'RUN pip install --trusted-host pypi.corp.example -i http://pypi.corp.example/simple corp-lib==1.0',
      good: 'RUN pip install -i https://pypi.corp.example/simple corp-lib==1.0',
    },
    formats: ['dockerfile', 'kubernetes', 'kfp', 'argo', 'kserve', 'seldon', 'kubeflow-training', 'dvc', 'mlflow', 'requirements', 'python', 'compose', 'github-actions', 'gitlab-ci'],
    severity: 'high',
    fixes: ['review'],
    stride: ['T', 'I'],
    atlas: ['AML.T0010.001'],
    owasp: ['ML06'],
    references: ['https://curl.se/docs/sslcerts.html', 'https://pip.pypa.io/en/stable/cli/pip/#cmdoption-trusted-host'],
    equivalents: ['Checkov CKV2_DOCKER_2..6, CKV2_DOCKER_12..16'],
  },
  *check(ctx) {
    for (const t of ctx.facts.tlsDisables) {
      yield {
        message: `${t.what} turns off TLS certificate verification, so an attacker on the network can impersonate the server.`,
        loc: t.loc,
        ...(t.removal ? { fixes: [fixOf('Remove the setting that disables TLS verification', 'review', t.loc, t.removal)] } : {}),
      };
    }
  },
});

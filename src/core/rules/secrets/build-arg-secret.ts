// secrets/build-arg-secret: credentials passed as Dockerfile ARG or ENV end up in image history.

import { defineRule } from '../rule';
import { isBuildKitAllowedName, isBuildKitSecretName, settingNameKind } from '../../facts/classify';
import { isCredentialName, isPlaceholderValue } from '../util';

export default defineRule({
  meta: {
    id: 'secrets/build-arg-secret',
    title: 'Credential passed as a build argument or environment variable',
    description:
      'Reports a Dockerfile ARG or ENV whose name says it holds a credential, even without a value: BuildKit’s pattern in full (a name with `key`, `apikey`, `auth`, `credential(s)`, `password`, `passwd`, `pword`, `secret` or `token` as a whole `_`-separated word, such as `SECRET_PASSPHRASE` or `VITE_AWS_ACCESS_KEY_ID`), with BuildKit’s allow list (a `public` word: `PUBLIC_TOKEN`), plus ML platforms’ names (HF_TOKEN, WANDB_API_KEY, MLFLOW_TRACKING_PASSWORD, KAGGLE_KEY…) and `passphrase`. Unlike BuildKit, a name that points at a credential held elsewhere (`DB_PASSWORD_FILE`, `TOKEN_PATH`) is not reported: its value is a path.',
    explanation:
      'Build arguments are recorded in the image history (`docker history`, the image config) and ENV values are baked into every container started from the image. Anyone who can pull the image — a registry reader, a cluster tenant — recovers the token and with it your model hub, tracking server or cloud account.',
    example: {
      language: 'dockerfile',
      bad: 'ARG HF_TOKEN\nRUN huggingface-cli download --token $HF_TOKEN org/model',
      good: 'RUN --mount=type=secret,id=hf_token,env=HF_TOKEN huggingface-cli download org/model',
    },
    formats: ['dockerfile'],
    severity: 'medium',
    fixes: ['guided'],
    stride: ['I'],
    atlas: ['AML.T0055'],
    owasp: ['ML06'],
    references: ['https://docs.docker.com/build/building/secrets/', 'https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/'],
    equivalents: ['BuildKit SecretsUsedInArgOrEnv', 'hadolint DL3064'],
  },
  *check(ctx) {
    const models = ctx.facts.dockerfiles;
    const files = new Set(models.map((m) => m.file));
    for (const s of ctx.facts.settings) {
      if (s.origin !== 'dockerfile-arg' && s.origin !== 'dockerfile-env') continue;
      if (!files.has(s.name.loc.file) || !isSecretBuildName(s.name.value)) continue;
      // A literal value is the more serious hard-coded credential finding; do not report twice.
      if (s.value && !isPlaceholderValue(s.value.value)) continue;
      const kind = s.origin === 'dockerfile-arg' ? 'ARG' : 'ENV';
      yield {
        message: `${kind} ${s.name.value} carries a credential into the image ${kind === 'ARG' ? 'history' : 'configuration'}, where anyone who pulls the image can read it.`,
        loc: s.name.loc,
        fixes: [
          {
            title: `Pass ${s.name.value} with RUN --mount=type=secret instead (no edit; see the rule documentation)`,
            kind: 'guided',
            edits: [],
          },
        ],
      };
    }
  },
});

/**
 * A credential name by mlsec's list or by BuildKit's word pattern, less BuildKit's allow list
 * (`PUBLIC_TOKEN`). A name that refers to a credential held elsewhere (`DB_PASSWORD_FILE`) holds
 * a path, which BuildKit reports and mlsec does not.
 */
function isSecretBuildName(name: string): boolean {
  if (isBuildKitAllowedName(name)) return false;
  return isCredentialName(name) || (isBuildKitSecretName(name) && settingNameKind(name) !== 'reference');
}

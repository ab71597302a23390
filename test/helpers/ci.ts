// Small CI files for rule tables: a GitHub Actions workflow with one job and a GitLab CI job.

/** A workflow whose one job runs `steps` (YAML lines indented under `steps:`), with optional job-level lines. */
export function workflow(steps: string, job = ''): string {
  return `name: ci\non:\n  push:\n    branches: [main]\njobs:\n  train:\n    runs-on: ubuntu-latest\n${job}    steps:\n${steps}`;
}

/** A `.gitlab-ci.yml` with one job whose lines are `job`. */
export function gitlabJob(job: string, top = ''): string {
  return `${top}stages: [train]\ntrain:\n  stage: train\n${job}`;
}

export const WORKFLOW = '.github/workflows/ci.yml';
export const GITLAB = '.gitlab-ci.yml';

// The one base address of the rule documentation pages, shared by editor diagnostics and SARIF.

/** Rule pages live at docs/rules/<concern>/<name>.md in the repository. */
export const RULE_DOCS_BASE_URL = 'https://github.com/mlsec/mlsec/blob/main/docs/rules/';

/** The documentation page of a rule id such as `supply-chain/unpinned-image`. */
export function ruleDocsUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE_URL}${ruleId.split('/').map(encodeURIComponent).join('/')}.md`;
}

/** The page's path relative to the repository (and to the packaged extension). */
export function ruleDocsPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}

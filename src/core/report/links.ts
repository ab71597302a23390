// Where mlsec's rule documentation lives, so every face (SARIF, editor diagnostics, text) links
// a finding to the same page.

/** The project's home; SARIF `informationUri`. */
export const REPOSITORY_URL = 'https://github.com/mlsec/mlsec';

/** Base URL of the generated rule pages (docs/rules/ in the repository), with a trailing slash. */
export const RULE_DOCS_BASE_URL = `${REPOSITORY_URL}/blob/main/docs/rules/`;

/** The docs page of a rule relative to docs/rules/: `<concern>/<name>.md`. */
export function ruleDocRelPath(ruleId: string): string {
  const slash = ruleId.indexOf('/');
  const concern = slash < 0 ? 'general' : ruleId.slice(0, slash);
  const name = slash < 0 ? ruleId : ruleId.slice(slash + 1);
  return `${concern}/${name}.md`;
}

export function ruleDocsUrl(ruleId: string): string {
  return RULE_DOCS_BASE_URL + ruleDocRelPath(ruleId);
}

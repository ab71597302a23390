// Archive formats mlsec does not read (7z, RAR): no maintained reader in npm reads them through
// the workspace's byte ranges without a native binary, so a file in one is reported as not
// inspected instead of being passed over as if it held nothing.

/** Extensions of the archive formats whose contents are never inspected. */
const UNREAD_ARCHIVES = new Set(['7z', 'rar']);

/** How the download report names the format of such a file. */
export const UNREAD_ARCHIVE_FORMAT = 'an archive mlsec does not read';

export const UNREAD_ARCHIVE_NOTE = 'This is an archive format mlsec does not read (7z or RAR); its contents were not inspected, so a model or pickle inside it was not scanned.';

/** Whether a file of this name is an archive whose contents mlsec cannot inspect. */
export function isUnreadArchive(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 && UNREAD_ARCHIVES.has(base.slice(dot + 1).toLowerCase());
}

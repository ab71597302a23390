// The documents the extension hands to the language server: by language, and by the file names
// mlsec reads whatever language the editor gives them (Dockerfile variants, MLproject, DVC files).
// The server ignores any it has no reader for, and checks the content of the looser names.

export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'dockerfile' },
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', language: 'json' },
  { scheme: 'file', language: 'pip-requirements' },
  { scheme: 'file', language: 'ini' },
  { scheme: 'file', language: 'python' },
  { scheme: 'file', pattern: '**/{MLproject,MLmodel}{,.*,-*}' },
  { scheme: 'file', pattern: '**/{Dockerfile,Containerfile}{,.*,-*,_*}' },
  { scheme: 'file', pattern: '**/Containerfile*' },
  { scheme: 'file', pattern: '**/*.{dockerfile,Dockerfile,containerfile,docker,dvc}' },
  { scheme: 'file', pattern: '**/.dvc/config{,.local}' },
  // docker-compose files, which the Docker extension gives the `dockercompose` language.
  { scheme: 'file', pattern: '**/{docker-compose*,compose,compose.*}.{yml,yaml}' },
  { scheme: 'file', pattern: '**/*requirements*.txt' },
];

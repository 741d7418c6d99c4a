import { useState } from 'react';
import type { ImportError, PresentedHostKey } from '../../../src/services/contract.ts';
import type { ImportSource } from '../fileCommands.ts';
import { importDesign } from '../fileCommands.ts';
import { FileModal, closeFileDialog } from './FileModal.tsx';

type Tab = 'files' | 'paths' | 'ssh';

interface Text {
  readonly path: string;
  readonly content: string;
}

/** Larger files are not configuration (the backend refuses them too). */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

/**
 * Import existing configuration: uploaded or pasted files, paths on the machine the backend
 * runs on, or live nodes over SSH (with host keys confirmed by their fingerprints).
 */
export function ImportDialog() {
  const [tab, setTab] = useState<Tab>('files');
  const [texts, setTexts] = useState<readonly Text[]>([]);
  const [pasteName, setPasteName] = useState('');
  const [pasteText, setPasteText] = useState('');
  const [paths, setPaths] = useState('');
  const [urls, setUrls] = useState('');
  const [identity, setIdentity] = useState('');
  const [trusted, setTrusted] = useState<readonly PresentedHostKey[]>([]);
  const [errors, setErrors] = useState<readonly ImportError[]>([]);
  const [unknownKeys, setUnknownKeys] = useState<readonly PresentedHostKey[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const addFiles = async (list: FileList | null): Promise<void> => {
    if (!list) return;
    const read: Text[] = [];
    for (const file of Array.from(list)) {
      if (file.size > MAX_FILE_BYTES) {
        setProblem(`${file.name}: larger than 16 MiB; not a configuration file`);
        return;
      }
      read.push({ path: file.webkitRelativePath || file.name, content: await file.text() });
    }
    setTexts([...texts.filter((t) => !read.some((r) => r.path === t.path)), ...read]);
    setProblem(null);
  };
  const addPaste = (): void => {
    const name = pasteName.trim();
    if (name === '' || pasteText.trim() === '') {
      setProblem('Give the pasted text the name its file has on the node (e.g. corosync.conf)');
      return;
    }
    setTexts([...texts.filter((t) => t.path !== name), { path: name, content: pasteText }]);
    setPasteName('');
    setPasteText('');
    setProblem(null);
  };

  const source = (trust: readonly PresentedHostKey[]): ImportSource | string => {
    if (tab === 'files')
      return texts.length > 0
        ? { kind: 'texts', request: { files: [...texts] } }
        : 'Choose or paste at least one configuration file';
    if (tab === 'paths') {
      const list = lines(paths);
      return list.length > 0
        ? { kind: 'paths', request: { paths: list } }
        : 'Give at least one path (a file or a folder such as /etc/drbd.d)';
    }
    const list = lines(urls);
    if (list.length === 0) return 'Give at least one node as ssh://user@host';
    return {
      kind: 'ssh',
      request: {
        urls: list,
        ...(identity.trim() !== '' ? { identity: identity.trim() } : {}),
        trust: trust.map((k) => ({ host: k.host, port: k.port, fingerprint: k.fingerprint })),
      },
    };
  };

  const run = async (trust: readonly PresentedHostKey[]): Promise<void> => {
    const chosen = source(trust);
    if (typeof chosen === 'string') return setProblem(chosen);
    setBusy(true);
    setProblem(null);
    setErrors([]);
    setUnknownKeys([]);
    try {
      const result = await importDesign(chosen);
      if (!result.ok) {
        setTrusted(trust);
        // A refused host key is asked about below, not listed as an error too.
        setErrors(
          result.unknownHostKeys.length > 0
            ? result.errors.filter((e) => !/host key of .* is not known/.test(e.message))
            : result.errors,
        );
        setUnknownKeys(result.unknownHostKeys);
      }
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <FileModal title="Import an existing cluster" testid="import-dialog">
      <div className="tabs" role="tablist">
        {(
          [
            ['files', 'Files'],
            ['paths', 'Paths on the host'],
            ['ssh', 'Live node (SSH)'],
          ] as const
        ).map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            data-testid={`import-tab-${id}`}
            onClick={() => {
              setTab(id);
              setProblem(null);
            }}
          >
            {label}
          </button>
        ))}
      </div>

      {tab === 'files' ? (
        <div className="import-pane">
          <label>
            Configuration files: DRBD .res and global_common.conf, corosync.conf, the CIB (cib.xml
            or cibadmin -Q), libvirt XML, xl.cfg, OpenVZ, tgt, IET, LIO
            <input
              type="file"
              multiple
              data-testid="import-files-input"
              onChange={(e) => void addFiles(e.currentTarget.files)}
            />
          </label>
          <details>
            <summary>Paste a file</summary>
            <input
              data-testid="import-paste-name"
              placeholder="its name on the node, e.g. corosync.conf"
              value={pasteName}
              onChange={(e) => setPasteName(e.currentTarget.value)}
            />
            <textarea
              rows={6}
              data-testid="import-paste-text"
              value={pasteText}
              onChange={(e) => setPasteText(e.currentTarget.value)}
            />
            <button type="button" data-testid="import-paste-add" onClick={addPaste}>
              Add
            </button>
          </details>
          <ul className="import-files" data-testid="import-files">
            {texts.map((t) => (
              <li key={t.path} data-testid="import-file">
                <span>{t.path}</span>
                <button
                  type="button"
                  aria-label={`remove ${t.path}`}
                  onClick={() => setTexts(texts.filter((x) => x.path !== t.path))}
                >
                  ✕
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {tab === 'paths' ? (
        <label className="import-pane">
          Files or folders on the machine Clusterwright runs on, one per line (a folder stands for
          every file in it; DRBD includes are followed)
          <textarea
            rows={5}
            data-testid="import-paths"
            placeholder={
              '/etc/drbd.conf\n/etc/corosync/corosync.conf\n/var/lib/pacemaker/cib/cib.xml'
            }
            value={paths}
            onChange={(e) => setPaths(e.currentTarget.value)}
          />
        </label>
      ) : null}

      {tab === 'ssh' ? (
        <div className="import-pane">
          <label>
            Nodes, one per line: the configuration files and the live CIB (cibadmin -Q) of each are
            read over SSH
            <textarea
              rows={3}
              data-testid="import-ssh-urls"
              placeholder="ssh://root@node1.example.com"
              value={urls}
              onChange={(e) => setUrls(e.currentTarget.value)}
            />
          </label>
          <label>
            Private key file on the host (empty: the SSH agent)
            <input
              data-testid="import-ssh-identity"
              placeholder="/home/me/.ssh/id_ed25519"
              value={identity}
              onChange={(e) => setIdentity(e.currentTarget.value)}
            />
          </label>
        </div>
      ) : null}

      {problem ? (
        <p className="inline-error" data-testid="import-problem">
          {problem}
        </p>
      ) : null}
      {errors.length > 0 ? (
        <ul className="import-errors" data-testid="import-errors">
          {errors.map((e, i) => (
            <li key={i} className="inline-error">
              {e.file}
              {e.line !== undefined ? `:${e.line}` : ''}: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
      {unknownKeys.length > 0 ? (
        <div className="host-keys" data-testid="import-host-keys">
          <p>
            These nodes present host keys seen for the first time. Compare each fingerprint with
            what <code>ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub</code> prints on the node itself
            before you trust it:
          </p>
          <ul>
            {unknownKeys.map((k) => (
              <li key={`${k.host}:${k.port}`} data-testid="import-host-key">
                {k.host}:{k.port} {k.keyType}{' '}
                <code data-testid="import-host-key-fingerprint">{k.fingerprint}</code>
              </li>
            ))}
          </ul>
          <button
            type="button"
            data-testid="import-trust"
            disabled={busy}
            onClick={() => void run([...trusted, ...unknownKeys])}
          >
            Trust these keys and import
          </button>
        </div>
      ) : null}

      <div className="modal-buttons">
        <button
          type="button"
          data-testid="import-run"
          disabled={busy}
          onClick={() => void run(trusted)}
        >
          {busy ? 'Importing…' : 'Import'}
        </button>
        <button type="button" onClick={closeFileDialog}>
          Cancel
        </button>
      </div>
    </FileModal>
  );
}

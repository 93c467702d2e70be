// A disk that can lose power, in memory: FileOps with the rules a real file system gives you,
// and no more. The crash tests run FileStorage on it, cut the power after any operation, and
// look at every disk image a restarted machine could find. Given (course infrastructure): read
// it for the rules, they are what your FileStorage must be written against.
//
// The rules (what POSIX and the common Linux file systems promise, in the spirit of the ALICE and
// CrashMonkey studies):
//   1. A file's contents and size change in the page cache at once (reads see them), but they
//      are durable only once an fsync of THAT file completes. At a power cut, the operations on a
//      file since its last fsync survive as a prefix, in order: the first k of them whole, and the
//      next one, if it is a write, possibly torn at ANY byte (only its first bytes arrived), or
//      with the file already extended to the write's end but filled with zeros after them.
//   2. A file's NAME lives in its directory: a create, rename or remove is durable only once an
//      fsync of the directory completes. At a power cut, the name changes in a directory since its
//      last fsync survive as a prefix, in order. fsync of a file does not make its name durable.
//   3. A rename is atomic: the name points at the old file or the new one, never at a mix.
//   4. Directories themselves (mkdir) never vanish: a simplification, FileStorage's directory is
//      made once.
// Keeping a prefix, in order, is kinder than some disks (which can persist a later page of an
// unsynced write without an earlier one); the log format's recovery rule relies on it (see the
// README's stretch goal on telling "never synced" from "damaged").
import { basename, dirname } from "node:path";
import type { FileOps, OpenFlags } from "./file-ops.ts";

type ContentOp =
  | { readonly kind: "write"; readonly position: number; readonly bytes: Uint8Array }
  | { readonly kind: "truncate"; readonly bytes: number };

type NameOp =
  | { readonly kind: "link"; readonly name: string; readonly inode: number }
  | { readonly kind: "rename"; readonly from: string; readonly to: string }
  | { readonly kind: "remove"; readonly name: string };

interface Inode {
  durable: Uint8Array;
  current: Uint8Array;
  pending: ContentOp[];
}

interface Directory {
  durable: Map<string, number>;
  current: Map<string, number>;
  pending: NameOp[];
}

interface OpenFile {
  readonly inode: number;
  readonly flags: OpenFlags;
  readonly path: string;
}

/** One disk a restarted machine could find, and how it came about (for failure messages). */
export interface CrashImage {
  readonly disk: PowerLossDisk;
  readonly description: string;
}

/** Thrown by every operation once the power is cut: the program stops where it was. */
export class PowerCut extends Error {
  constructor(operation: string) {
    super(`power cut: ${operation} did not happen`);
    this.name = "PowerCut";
  }
}

const defaultMaxImages = 50_000;

export class PowerLossDisk implements FileOps {
  private readonly inodes = new Map<number, Inode>();
  private readonly dirs = new Map<string, Directory>();
  private readonly fds = new Map<number, OpenFile>();
  private nextInode = 1;
  private nextFd = 3;
  /** Operations that change the disk or its durability, done so far. */
  private changes = 0;
  private cutAfter = Number.POSITIVE_INFINITY;

  /** Changing operations done so far (creates, writes, truncates, fsyncs, renames, removes). */
  get operations(): number {
    return this.changes;
  }

  /** The power goes out after `count` more changing operations: the next one throws PowerCut. */
  cutPowerAfter(count: number): void {
    this.cutAfter = this.changes + count;
  }

  get powered(): boolean {
    return this.changes < this.cutAfter;
  }

  mkdir(dir: string): void {
    for (let at = dir; !this.dirs.has(at); at = dirname(at)) {
      this.dirs.set(at, { durable: new Map(), current: new Map(), pending: [] });
      if (dirname(at) === at) break;
    }
  }

  open(path: string, flags: OpenFlags): number {
    const dir = this.dirOf(path, "open");
    const name = basename(path);
    let inode = dir.current.get(name);
    const creates = inode === undefined && (flags === "a+" || flags === "w");
    if (inode === undefined && !creates) throw fsError("ENOENT", "open", path);
    if (creates || flags === "w") this.change(`open ${path} ${flags}`);
    if (inode === undefined) {
      inode = this.nextInode++;
      this.inodes.set(inode, {
        durable: new Uint8Array(0),
        current: new Uint8Array(0),
        pending: [],
      });
      this.nameChange(dir, { kind: "link", name, inode });
    } else if (flags === "w") {
      this.contentChange(this.inode(inode), { kind: "truncate", bytes: 0 });
    }
    const fd = this.nextFd++;
    this.fds.set(fd, { inode, flags, path });
    return fd;
  }

  close(fd: number): void {
    this.file(fd, "close");
    this.fds.delete(fd);
  }

  read(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number {
    const file = this.file(fd, "read");
    const content = this.inode(file.inode).current;
    const count = Math.max(0, Math.min(length, content.length - position));
    buffer.set(content.subarray(position, position + count), offset);
    return count;
  }

  write(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number {
    const file = this.writable(fd, "write");
    this.change(`write ${length} bytes at ${position} of ${file.path}`);
    const inode = this.inode(file.inode);
    const at = file.flags === "a+" ? inode.current.length : position;
    const bytes = Uint8Array.from(buffer.subarray(offset, offset + length));
    this.contentChange(inode, { kind: "write", position: at, bytes });
    return length;
  }

  size(fd: number): number {
    return this.inode(this.file(fd, "size").inode).current.length;
  }

  truncate(fd: number, bytes: number): void {
    const file = this.writable(fd, "truncate");
    this.change(`truncate ${file.path} to ${bytes}`);
    this.contentChange(this.inode(file.inode), { kind: "truncate", bytes });
  }

  fsync(fd: number): void {
    const file = this.file(fd, "fsync");
    this.change(`fsync ${file.path}`);
    const inode = this.inode(file.inode);
    inode.durable = inode.current;
    inode.pending = [];
  }

  fsyncDir(dir: string): void {
    const directory = this.dirs.get(dir);
    if (directory === undefined) throw fsError("ENOENT", "fsync", dir);
    this.change(`fsync directory ${dir}`);
    directory.durable = new Map(directory.current);
    directory.pending = [];
  }

  rename(from: string, to: string): void {
    const dir = this.dirOf(from, "rename");
    if (dirname(from) !== dirname(to)) throw new Error("PowerLossDisk: rename across directories");
    if (!dir.current.has(basename(from))) throw fsError("ENOENT", "rename", from);
    this.change(`rename ${from} to ${to}`);
    this.nameChange(dir, { kind: "rename", from: basename(from), to: basename(to) });
  }

  remove(path: string): void {
    const dir = this.dirOf(path, "remove");
    if (!dir.current.has(basename(path))) return;
    this.change(`remove ${path}`);
    this.nameChange(dir, { kind: "remove", name: basename(path) });
  }

  readFile(path: string): Uint8Array | undefined {
    const inode = this.dirOf(path, "readFile").current.get(basename(path));
    return inode === undefined ? undefined : Uint8Array.from(this.inode(inode).current);
  }

  /** Names in dir as the running machine sees them (durable or not). */
  list(dir: string): string[] {
    return [...this.dirOf(`${dir}/x`, "list").current.keys()].sort();
  }

  /** True when nothing is waiting for an fsync: a crash now would lose nothing. */
  isClean(): boolean {
    for (const inode of this.inodes.values()) if (inode.pending.length > 0) return false;
    for (const dir of this.dirs.values()) if (dir.pending.length > 0) return false;
    return true;
  }

  /**
   * Every disk a restarted machine could find if the power went out now (rules 1-3), each a new,
   * powered PowerLossDisk with nothing pending. Throws if there would be more than maxImages.
   */
  crashImages(maxImages = defaultMaxImages): CrashImage[] {
    const dirPaths = [...this.dirs.keys()];
    const dirChoices = dirPaths.map((path) => nameChoices(this.dirs.get(path)!));
    // Only files some name can point at after the crash matter (a replaced file is gone).
    const named = new Set(
      dirChoices.flatMap((choices) => choices.flatMap((c) => [...c.names.values()])),
    );
    const inodeIds = [...this.inodes.keys()].filter((id) => named.has(id));
    const inodeChoices = inodeIds.map((id) => contentChoices(this.inode(id)));
    let count = 1;
    for (const choices of [...inodeChoices, ...dirChoices]) count *= choices.length;
    if (count > maxImages) {
      throw new Error(
        `PowerLossDisk: ${count} crash images, more than ${maxImages}: a smaller workload`,
      );
    }
    const images: CrashImage[] = [];
    const pick = new Array<number>(inodeChoices.length + dirChoices.length).fill(0);
    for (let n = 0; n < count; n++) {
      let rest = n;
      for (let i = 0; i < pick.length; i++) {
        const size = (inodeChoices[i] ?? dirChoices[i - inodeChoices.length]!).length;
        pick[i] = rest % size;
        rest = Math.floor(rest / size);
      }
      const disk = new PowerLossDisk();
      const notes: string[] = [];
      inodeIds.forEach((id, i) => {
        const choice = inodeChoices[i]![pick[i]!]!;
        disk.inodes.set(id, { durable: choice.content, current: choice.content, pending: [] });
        if (this.inode(id).pending.length > 0) notes.push(`${this.nameOf(id)}: ${choice.note}`);
      });
      dirPaths.forEach((path, j) => {
        const choice = dirChoices[j]![pick[inodeChoices.length + j]!]!;
        disk.dirs.set(path, { durable: choice.names, current: new Map(choice.names), pending: [] });
        if (this.dirs.get(path)!.pending.length > 0)
          notes.push(`directory ${path}: ${choice.note}`);
      });
      disk.nextInode = this.nextInode;
      images.push({ disk, description: notes.join("; ") || "nothing was waiting for an fsync" });
    }
    return images;
  }

  private nameOf(id: number): string {
    for (const [path, dir] of this.dirs) {
      for (const [name, inode] of dir.current) if (inode === id) return `${path}/${name}`;
    }
    return `unnamed file #${id}`;
  }

  private change(operation: string): void {
    if (this.changes >= this.cutAfter) throw new PowerCut(operation);
    this.changes++;
  }

  private contentChange(inode: Inode, op: ContentOp): void {
    inode.current = applyContent(inode.current, op, Number.POSITIVE_INFINITY, false);
    inode.pending.push(op);
  }

  private nameChange(dir: Directory, op: NameOp): void {
    applyName(dir.current, op);
    dir.pending.push(op);
  }

  private dirOf(path: string, operation: string): Directory {
    const dir = this.dirs.get(dirname(path));
    if (dir === undefined) throw fsError("ENOENT", operation, path);
    return dir;
  }

  private inode(id: number): Inode {
    const inode = this.inodes.get(id);
    if (inode === undefined) throw new Error(`PowerLossDisk: no file #${id}`);
    return inode;
  }

  private file(fd: number, operation: string): OpenFile {
    const file = this.fds.get(fd);
    if (file === undefined) throw fsError("EBADF", operation, `fd ${fd}`);
    return file;
  }

  private writable(fd: number, operation: string): OpenFile {
    const file = this.file(fd, operation);
    if (file.flags === "r") throw fsError("EBADF", operation, `${file.path} (opened read-only)`);
    return file;
  }
}

/** The contents a file can have after a crash: a prefix of its pending operations, the next one torn. */
function contentChoices(inode: Inode): Array<{ content: Uint8Array; note: string }> {
  const choices: Array<{ content: Uint8Array; note: string }> = [];
  const seen = new Set<string>();
  const add = (content: Uint8Array, note: string) => {
    const key = Buffer.from(content).toString("latin1");
    if (seen.has(key)) return;
    seen.add(key);
    choices.push({ content, note });
  };
  const total = inode.pending.length;
  let content = inode.durable;
  for (let kept = 0; kept <= total; kept++) {
    const lost = `${kept === total ? "all" : kept} of ${total} unsynced changes kept`;
    add(content, lost);
    const next = inode.pending[kept];
    if (next === undefined) break;
    if (next.kind === "write") {
      for (let bytes = 0; bytes < next.bytes.length; bytes++) {
        const torn = `${lost}, then ${bytes} of ${next.bytes.length} bytes of the next write`;
        if (bytes > 0) add(applyContent(content, next, bytes, false), torn);
        add(applyContent(content, next, bytes, true), `${torn}, zeros after them`);
      }
    }
    content = applyContent(content, next, Number.POSITIVE_INFINITY, false);
  }
  return choices;
}

/** The names a directory can hold after a crash: a prefix of its pending changes. */
function nameChoices(dir: Directory): Array<{ names: Map<string, number>; note: string }> {
  const choices: Array<{ names: Map<string, number>; note: string }> = [];
  const names = new Map(dir.durable);
  for (let kept = 0; kept <= dir.pending.length; kept++) {
    const total = dir.pending.length;
    const note = `${kept === total ? "all" : kept} of ${total} unsynced name changes kept`;
    choices.push({ names: new Map(names), note });
    const next = dir.pending[kept];
    if (next !== undefined) applyName(names, next);
  }
  return choices;
}

/**
 * The file after op, with only the first `keepBytes` bytes of a write; `zeroFill` extends the
 * file to the write's end anyway (the size reached the disk, the data did not).
 */
function applyContent(
  content: Uint8Array,
  op: ContentOp,
  keepBytes: number,
  zeroFill: boolean,
): Uint8Array {
  if (op.kind === "truncate") {
    const result = new Uint8Array(op.bytes);
    result.set(content.subarray(0, Math.min(op.bytes, content.length)));
    return result;
  }
  const kept = op.bytes.subarray(0, Math.min(keepBytes, op.bytes.length));
  const end = zeroFill ? op.position + op.bytes.length : op.position + kept.length;
  const result = new Uint8Array(Math.max(content.length, end));
  result.set(content);
  result.set(kept, op.position); // a new array is zeros: the rest of a zero-filled write

  return result;
}

function applyName(names: Map<string, number>, op: NameOp): void {
  if (op.kind === "link") names.set(op.name, op.inode);
  else if (op.kind === "remove") names.delete(op.name);
  else {
    const inode = names.get(op.from);
    if (inode === undefined) throw new Error(`PowerLossDisk: rename of missing ${op.from}`);
    names.delete(op.from);
    names.set(op.to, inode);
  }
}

function fsError(code: string, operation: string, path: string): Error {
  return Object.assign(new Error(`${code}: ${operation} '${path}'`), { code });
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BLOCK = 64 * 1024;
/** 64 blocks: 4 MiB of the string file in memory at most. */
const MAX_BLOCKS = 64;

/**
 * The shared-string table of a workbook, kept on disk instead of in memory: a big sheet has one
 * entry per distinct text (every name, ID number, phone…), so caching it in memory would make the
 * server grow with the file. Strings are appended to a temporary file; memory holds one 8-byte
 * offset per string, a small LRU of recent look-ups (dictionary values repeat a lot) and a few
 * blocks of the file.
 */
export class SharedStrings {
  private readonly dir: string;
  private readonly file: string;
  private fd: number;
  private offsets = new Float64Array(1024);
  private count = 0;
  private written = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /**
   * A direct-mapped cache of decoded strings (slot = index mod size). Not an LRU over a Map: V8's
   * ordered hash maps keep deleted entries until they rehash, so "delete the oldest" over a busy
   * Map made every look-up walk tombstones (7 s of 20,000 rows in a profile).
   */
  private readonly slotIndex: Int32Array;
  private readonly slotText: (string | undefined)[];
  private readonly blocks = new Map<number, Buffer>();

  /** `parentDir`: where its temporary directory goes (default the system's). */
  constructor(private readonly cacheSize = 16_384, parentDir = os.tmpdir()) {
    this.slotIndex = new Int32Array(cacheSize).fill(-1);
    this.slotText = new Array<string | undefined>(cacheSize);
    this.dir = fs.mkdtempSync(path.join(parentDir, 'fenggui-ss-'));
    this.file = path.join(this.dir, 'strings');
    this.fd = fs.openSync(this.file, 'w+', 0o600);
  }

  add(text: string): void {
    if (this.count + 1 >= this.offsets.length) {
      const bigger = new Float64Array(this.offsets.length * 2);
      bigger.set(this.offsets);
      this.offsets = bigger;
    }
    const buf = Buffer.from(text, 'utf8');
    this.offsets[this.count] = this.written + this.pendingBytes;
    this.count++;
    this.offsets[this.count] = this.written + this.pendingBytes + buf.length;
    this.pending.push(buf);
    this.pendingBytes += buf.length;
    if (this.pendingBytes >= 64 * 1024) this.flush();
  }

  private flush(): void {
    if (!this.pendingBytes) return;
    const buf = Buffer.concat(this.pending);
    fs.writeSync(this.fd, buf, 0, buf.length, this.written);
    this.written += buf.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  get(index: number): string {
    if (index < 0 || index >= this.count) return '';
    const slot = index % this.cacheSize;
    if (this.slotIndex[slot] === index) return this.slotText[slot]!;
    this.flush();
    const start = this.offsets[index]!;
    const text = this.read(start, this.offsets[index + 1]! - start).toString('utf8');
    this.slotIndex[slot] = index;
    this.slotText[slot] = text;
    return text;
  }

  /**
   * Bytes [start, start + len) of the file, through a small LRU of 64 KiB blocks: rows mostly use
   * strings that were added near each other, so one read serves thousands of look-ups instead of
   * one system call per cell. Only complete blocks are cached (the last one may still grow).
   */
  private read(start: number, len: number): Buffer {
    if (!len) return Buffer.alloc(0);
    const first = Math.floor(start / BLOCK);
    const last = Math.floor((start + len - 1) / BLOCK);
    const parts: Buffer[] = [];
    for (let b = first; b <= last; b++) {
      const block = this.block(b);
      const from = b === first ? start - b * BLOCK : 0;
      const to = b === last ? start + len - b * BLOCK : BLOCK;
      parts.push(block.subarray(from, to));
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  private block(b: number): Buffer {
    const hit = this.blocks.get(b);
    if (hit) {
      this.blocks.delete(b);
      this.blocks.set(b, hit);
      return hit;
    }
    const size = Math.min(BLOCK, this.written - b * BLOCK);
    const buf = Buffer.alloc(size);
    fs.readSync(this.fd, buf, 0, size, b * BLOCK);
    if (size === BLOCK) {
      this.blocks.set(b, buf);
      if (this.blocks.size > MAX_BLOCKS) this.blocks.delete(this.blocks.keys().next().value!);
    }
    return buf;
  }

  close(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      /* already closed */
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

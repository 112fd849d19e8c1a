/**
 * Just enough of the Compound File Binary format ([MS-CFB], "OLE2") to pull one stream out of
 * the root storage: the container of .xls workbooks (and of .doc files and encrypted Office files).
 * Every offset and chain is checked, so a damaged file raises CompoundFileError instead of
 * reading out of bounds or looping.
 */

export class CompoundFileError extends Error {
  override name = 'CompoundFileError';
}

const SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const HEADER_SIZE = 512;
const HEADER_DIFAT_ENTRIES = 109;
const END_OF_CHAIN = 0xfffffffe;
const FREE_SECTOR = 0xffffffff;
const DIRECTORY_ENTRY_SIZE = 128;
const STREAM_OBJECT = 2;
const ROOT_OBJECT = 5;

interface Header {
  sectorSize: number;
  miniSectorSize: number;
  miniStreamCutoff: number;
  fatSectorCount: number;
  firstDirectorySector: number;
  firstMiniFatSector: number;
  firstDifatSector: number;
  difatSectorCount: number;
}

interface DirectoryEntry {
  name: string;
  type: number;
  left: number;
  right: number;
  child: number;
  startSector: number;
  size: number;
}

interface CompoundFile {
  buf: Buffer;
  header: Header;
  fat: Uint32Array;
  directory: DirectoryEntry[];
}

export function isCompoundFile(buf: Buffer): boolean {
  return buf.length >= SIGNATURE.length && SIGNATURE.equals(buf.subarray(0, SIGNATURE.length));
}

/**
 * Returns the contents of the stream called `name` (compared case-insensitively, as CFB does)
 * directly under the root storage, or null when there is none.
 * Throws CompoundFileError when `buf` is not a compound file or is damaged.
 */
export function readCompoundStream(buf: Buffer, name: string): Buffer | null {
  const file = openCompoundFile(buf);
  const entry = findRootStream(file.directory, name);
  return entry ? readEntryContents(file, entry) : null;
}

function openCompoundFile(buf: Buffer): CompoundFile {
  const header = readHeader(buf);
  const fat = readFat(buf, header);
  const regularSector = (sector: number) => sectorBytes(buf, header.sectorSize, sector);
  const directoryBytes = readChain(fat, header.firstDirectorySector, null, regularSector);
  return { buf, header, fat, directory: parseDirectory(directoryBytes) };
}

function readHeader(buf: Buffer): Header {
  if (!isCompoundFile(buf)) throw new CompoundFileError('not a compound file (no OLE2 signature)');
  if (buf.length < HEADER_SIZE) throw new CompoundFileError('compound file header is truncated');
  const majorVersion = buf.readUInt16LE(0x1a);
  const sectorShift = buf.readUInt16LE(0x1e);
  const miniSectorShift = buf.readUInt16LE(0x20);
  // Version 3 files use 512-byte sectors and version 4 files 4096-byte ones; nothing else exists.
  if (!((majorVersion === 3 && sectorShift === 9) || (majorVersion === 4 && sectorShift === 12))) {
    throw new CompoundFileError(`unsupported compound file version ${majorVersion}, sector shift ${sectorShift}`);
  }
  if (miniSectorShift !== 6) throw new CompoundFileError(`unsupported mini sector shift ${miniSectorShift}`);
  return {
    sectorSize: 1 << sectorShift,
    miniSectorSize: 1 << miniSectorShift,
    fatSectorCount: buf.readUInt32LE(0x2c),
    firstDirectorySector: buf.readUInt32LE(0x30),
    miniStreamCutoff: buf.readUInt32LE(0x38),
    firstMiniFatSector: buf.readUInt32LE(0x3c),
    firstDifatSector: buf.readUInt32LE(0x44),
    difatSectorCount: buf.readUInt32LE(0x48),
  };
}

/** Sector n starts right after the header, which always occupies one sector's worth of space. */
function sectorBytes(buf: Buffer, sectorSize: number, sector: number): Buffer {
  return sliceSector(buf, (sector + 1) * sectorSize, sectorSize, sector);
}

/** Mini sectors are numbered from the start of the mini stream. */
function miniSectorBytes(miniStream: Buffer, miniSectorSize: number, sector: number): Buffer {
  return sliceSector(miniStream, sector * miniSectorSize, miniSectorSize, sector);
}

function sliceSector(data: Buffer, start: number, size: number, sector: number): Buffer {
  if (start >= data.length) {
    throw new CompoundFileError(`sector ${sector} lies beyond the end of the file (truncated?)`);
  }
  // Some writers drop the padding of the last sector, so a short final sector is accepted here;
  // readChain checks that the stream it assembles is long enough.
  return data.subarray(start, Math.min(start + size, data.length));
}

function sectorsInFile(buf: Buffer, sectorSize: number): number {
  return Math.ceil(buf.length / sectorSize) - 1;
}

/** The FAT is spread over sectors listed in the DIFAT: 109 entries in the header, then a chain. */
function readFat(buf: Buffer, header: Header): Uint32Array {
  const { sectorSize, fatSectorCount } = header;
  if (fatSectorCount > sectorsInFile(buf, sectorSize)) {
    throw new CompoundFileError('the header counts more FAT sectors than the file holds (truncated?)');
  }
  const fatSectors = readDifat(buf, header);
  const entriesPerSector = sectorSize / 4;
  const fat = new Uint32Array(fatSectorCount * entriesPerSector).fill(FREE_SECTOR);
  for (let i = 0; i < fatSectorCount; i++) {
    const sector = sectorBytes(buf, sectorSize, fatSectors[i]);
    const count = Math.floor(sector.length / 4);
    for (let j = 0; j < count; j++) fat[i * entriesPerSector + j] = sector.readUInt32LE(j * 4);
  }
  checkAllocatedSectorsExist(buf, sectorSize, fat);
  return fat;
}

/**
 * A file cut short usually still holds the streams near its start; catching the cut here reports
 * it even when the missing sectors are not ones we read. Only a short final sector is tolerated.
 */
function checkAllocatedSectorsExist(buf: Buffer, sectorSize: number, fat: Uint32Array): void {
  let last = fat.length - 1;
  while (last >= 0 && fat[last] === FREE_SECTOR) last--;
  if (last >= 0 && (last + 1) * sectorSize >= buf.length) {
    throw new CompoundFileError(`the file ends before sector ${last} (truncated?)`);
  }
}

function readDifat(buf: Buffer, header: Header): number[] {
  const { sectorSize, fatSectorCount, difatSectorCount } = header;
  const fatSectors: number[] = [];
  for (let i = 0; i < HEADER_DIFAT_ENTRIES && fatSectors.length < fatSectorCount; i++) {
    fatSectors.push(buf.readUInt32LE(0x4c + i * 4));
  }
  // Each DIFAT sector holds entries plus, in its last four bytes, the next DIFAT sector.
  const entriesPerSector = sectorSize / 4 - 1;
  let next = header.firstDifatSector;
  for (let n = 0; n < difatSectorCount && fatSectors.length < fatSectorCount; n++) {
    const sector = sectorBytes(buf, sectorSize, next);
    if (sector.length < sectorSize) throw new CompoundFileError('DIFAT sector is truncated');
    for (let i = 0; i < entriesPerSector && fatSectors.length < fatSectorCount; i++) {
      fatSectors.push(sector.readUInt32LE(i * 4));
    }
    next = sector.readUInt32LE(entriesPerSector * 4);
  }
  if (fatSectors.length < fatSectorCount) {
    throw new CompoundFileError('the DIFAT lists fewer FAT sectors than the header says');
  }
  return fatSectors;
}

/** Concatenates the sectors of a chain; `size` (when known) caps the result and must be reached. */
function readChain(
  table: Uint32Array,
  start: number,
  size: number | null,
  sectorAt: (sector: number) => Buffer,
): Buffer {
  const parts: Buffer[] = [];
  const visited = new Uint8Array(table.length);
  let total = 0;
  let sector = start;
  while (sector !== END_OF_CHAIN && (size === null || total < size)) {
    if (sector >= table.length) throw new CompoundFileError(`a sector chain points at invalid sector ${sector}`);
    if (visited[sector]) throw new CompoundFileError('a sector chain loops');
    visited[sector] = 1;
    const part = sectorAt(sector);
    parts.push(part);
    total += part.length;
    sector = table[sector];
  }
  if (size !== null && total < size) {
    throw new CompoundFileError('a stream is shorter than its directory entry says (truncated?)');
  }
  const whole = Buffer.concat(parts, total);
  return size === null ? whole : whole.subarray(0, size);
}

function parseDirectory(bytes: Buffer): DirectoryEntry[] {
  const entries: DirectoryEntry[] = [];
  for (let off = 0; off + DIRECTORY_ENTRY_SIZE <= bytes.length; off += DIRECTORY_ENTRY_SIZE) {
    const nameLength = Math.min(bytes.readUInt16LE(off + 0x40), 64);
    entries.push({
      // The stored length counts the terminating NUL character.
      name: bytes.toString('utf16le', off, off + Math.max(nameLength - 2, 0)),
      type: bytes[off + 0x42],
      left: bytes.readUInt32LE(off + 0x44),
      right: bytes.readUInt32LE(off + 0x48),
      child: bytes.readUInt32LE(off + 0x4c),
      startSector: bytes.readUInt32LE(off + 0x74),
      // Version 3 files may leave garbage in the high half of the size; real streams are < 4 GB anyway.
      size: bytes.readUInt32LE(off + 0x78),
    });
  }
  if (entries.length === 0 || entries[0].type !== ROOT_OBJECT) {
    throw new CompoundFileError('the compound file has no root directory entry');
  }
  return entries;
}

/** Walks the root's children (a red-black tree of siblings) without trusting it to be acyclic. */
function findRootStream(directory: DirectoryEntry[], name: string): DirectoryEntry | null {
  const wanted = name.toUpperCase();
  const seen = new Uint8Array(directory.length);
  const pending = [directory[0].child];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (id >= directory.length || seen[id]) continue;
    seen[id] = 1;
    const entry = directory[id];
    if (entry.type === STREAM_OBJECT && entry.name.toUpperCase() === wanted) return entry;
    pending.push(entry.left, entry.right);
  }
  return null;
}

function readEntryContents(file: CompoundFile, entry: DirectoryEntry): Buffer {
  const { buf, header, fat } = file;
  const regularSector = (sector: number) => sectorBytes(buf, header.sectorSize, sector);
  if (entry.size > buf.length) {
    throw new CompoundFileError(`stream "${entry.name}" is larger than the file (truncated?)`);
  }
  if (entry.size >= header.miniStreamCutoff) return readChain(fat, entry.startSector, entry.size, regularSector);
  if (entry.size === 0) return Buffer.alloc(0);
  // Small streams live in 64-byte mini sectors inside the mini stream, which is the root entry's data.
  const root = file.directory[0];
  if (root.size > buf.length) throw new CompoundFileError('the mini stream is larger than the file (truncated?)');
  const miniStream = readChain(fat, root.startSector, root.size, regularSector);
  const miniFat = toUint32Array(readChain(fat, header.firstMiniFatSector, null, regularSector));
  const miniSector = (sector: number) => miniSectorBytes(miniStream, header.miniSectorSize, sector);
  return readChain(miniFat, entry.startSector, entry.size, miniSector);
}

function toUint32Array(bytes: Buffer): Uint32Array {
  const table = new Uint32Array(Math.floor(bytes.length / 4));
  for (let i = 0; i < table.length; i++) table[i] = bytes.readUInt32LE(i * 4);
  return table;
}

import { maskedCrc32c } from './crc32c.js';

/**
 * Frames records as TFRecord: per record a little-endian uint64 length, the masked CRC-32C
 * of those 8 bytes, the data, and the masked CRC-32C of the data.
 */
export function encodeTFRecords(records: readonly Uint8Array[]): Uint8Array {
  const total = records.reduce((n, r) => n + r.length + 16, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const record of records) {
    view.setBigUint64(at, BigInt(record.length), true);
    view.setUint32(at + 8, maskedCrc32c(out.subarray(at, at + 8)), true);
    out.set(record, at + 12);
    view.setUint32(at + 12 + record.length, maskedCrc32c(record), true);
    at += record.length + 16;
  }
  return out;
}

/** Reads TFRecord framing back, checking both CRCs; a bad file is an `Error` saying where. */
export function decodeTFRecords(bytes: Uint8Array): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) throw new Error(`TFRecord truncated in a header at byte ${at}`);
    const length = Number(view.getBigUint64(at, true));
    if (view.getUint32(at + 8, true) !== maskedCrc32c(bytes.subarray(at, at + 8))) {
      throw new Error(`TFRecord length CRC mismatch at byte ${at}`);
    }
    const end = at + 12 + length;
    if (end + 4 > bytes.length) throw new Error(`TFRecord truncated in a record at byte ${at}`);
    const data = bytes.subarray(at + 12, end);
    if (view.getUint32(end, true) !== maskedCrc32c(data)) {
      throw new Error(`TFRecord data CRC mismatch at byte ${at}`);
    }
    records.push(data);
    at = end + 4;
  }
  return records;
}

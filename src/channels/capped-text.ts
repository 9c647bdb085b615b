/**
 * Reads a web body stream as UTF-8 text, but stops — and cancels the stream — once it passes `max` bytes,
 * returning `null`: a huge body costs neither memory nor time. Used for relay requests and pull answers.
 *
 * @example
 * const text = await readCappedText(response.body, 64 * 1024); // null when larger
 */
export async function readCappedText(
  body: ReadableStream<Uint8Array> | null,
  max: number,
): Promise<string | null> {
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      // Not awaited: whoever feeds the stream discards the rest.
      reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

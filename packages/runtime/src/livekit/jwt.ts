// What signing and verifying LiveKit's HS256 JWTs share: unpadded base64url (RFC 4648 §5) both
// ways, without `btoa`/`atob`, which not every runtime has, and the secret as an HMAC key
// (Web Crypto).

const base64urlChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Bytes as unpadded base64url. */
export function base64url(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += base64urlChars[n >>> 18]! + base64urlChars[(n >>> 12) & 63]! + base64urlChars[(n >>> 6) & 63]! + base64urlChars[n & 63]!;
  }
  if (i < bytes.length) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += base64urlChars[n >>> 18]! + base64urlChars[(n >>> 12) & 63]!;
    if (i + 1 < bytes.length) out += base64urlChars[(n >>> 6) & 63]!;
  }
  return out;
}

const base64urlValues = /*@__PURE__*/ new Map([...base64urlChars].map((char, value) => [char, value]));

/** The bytes of an unpadded base64url segment, or undefined if it is not one. */
export function decodeBase64url(segment: string): Uint8Array<ArrayBuffer> | undefined {
  if (segment.length % 4 === 1) return undefined;
  const bytes = new Uint8Array(Math.floor((segment.length * 3) / 4));
  let bits = 0;
  let buffered = 0;
  let at = 0;
  for (const char of segment) {
    const value = base64urlValues.get(char);
    if (value === undefined) return undefined;
    bits = (bits << 6) | value;
    buffered += 6;
    if (buffered >= 8) {
      buffered -= 8;
      bytes[at++] = (bits >> buffered) & 0xff;
    }
  }
  return bytes;
}

/** An API secret as an HMAC-SHA256 key for one use (typed without the DOM lib's `CryptoKey`). */
export function hmacKey(secret: string, use: "sign" | "verify"): ReturnType<typeof crypto.subtle.importKey> {
  return crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [use]);
}

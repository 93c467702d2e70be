// Redis keeps counters as strings and reads them as signed 64-bit integers, strictly: no sign
// '+', no spaces, no leading zeros, no "-0". JavaScript numbers are exact only to 2^53, so the
// arithmetic is done with bigint.

export const int64Min = -(2n ** 63n);
export const int64Max = 2n ** 63n - 1n;

/** The integer a string spells in Redis's strict form, or undefined if it is not one in range. */
export function parseInt64(text: string): bigint | undefined {
  // solution:begin
  if (!/^(0|-?[1-9][0-9]{0,18})$/.test(text)) return undefined;
  const value = BigInt(text);
  return value >= int64Min && value <= int64Max ? value : undefined;
  // solution:end
  // starter: throw new Error("not implemented: parseInt64 (strict decimal, no '+', spaces or leading zeros; 64-bit range)");
}

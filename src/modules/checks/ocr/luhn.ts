/** Luhn check digit for a string of decimal digits (the payload, without its check digit). */
export function luhnCheckDigit(payload: string): number {
  if (!/^\d+$/.test(payload)) throw new TypeError('luhnCheckDigit expects decimal digits');
  let sum = 0;
  // Walking from the right, the digit next to the (future) check digit is doubled first.
  for (let i = payload.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = payload.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** True for exactly 15 decimal digits whose last digit is the Luhn check digit of the first 14. */
export function isValidImei(digits: string): boolean {
  return /^\d{15}$/.test(digits) && luhnCheckDigit(digits.slice(0, 14)) === Number(digits[14]);
}

/** A device CSV that cannot be imported; the message starts with the offending line ("line 12: ..."). */
export class DeviceCsvError extends Error {
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`line ${line}: ${detail}`);
    this.name = 'DeviceCsvError';
  }
}

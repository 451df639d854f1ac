/** What OCR of an "About phone" screenshot yielded. */
export interface ScreenshotReading {
  /** Every distinct Luhn-valid IMEI, in reading order (dual-SIM phones show two). */
  imeis: string[];
  /** The first of `imeis`, or null when none was read. */
  imei: string | null;
  serial: string | null;
  model: string | null;
  /** The OCR engine's mean word confidence, 0..1. */
  confidence: number;
  /** The raw recognised text, kept so an inspector can see what the machine saw. */
  text: string;
}

export interface ScreenshotReader {
  read(image: Buffer): Promise<ScreenshotReading>;
  close(): Promise<void>;
}

/**
 * Tesseract's legacy engine as a tie-breaker for the serial number. The LSTM line passes misread a
 * few glyphs the same way on every pass (NanumGothic's 8 as S; a narrow 9 swallowed by the C after
 * it), and the legacy engine reads those right, yet misreads other serials (12 of 48 fixtures) on
 * its own. So its reading is taken only where the LSTM itself was unsure: at a character where the
 * LSTM listed the legacy's character as a strong alternative, or across a gap next to a weak LSTM
 * character where the legacy reading has one character more. Pure: readings in, serial out.
 */

/** One character position of an LSTM reading: its candidates, best first, with confidences 0..100. */
export type CharChoices = ReadonlyArray<readonly [char: string, confidence: number]>;

/** An LSTM line reading with the candidates of each of its characters. */
export interface LinePass {
  text: string;
  choices: readonly CharChoices[];
}

// On the fixture set any value from 20 to 83 keeps every serial right; 50 sits in the middle.
const BACKED_ALTERNATIVE = 50;
// A character below this has probably swallowed a neighbour (the swallowing C above: 27–42).
const WEAK_CHARACTER = 50;

/**
 * The per-character candidates in Tesseract's hOCR with `lstm_choice_mode` 2: one `lstm_choices`
 * span per character, holding `choice` spans titled `x_confs <confidence>`.
 */
export function choicesFromHocr(hocr: string): CharChoices[] {
  return hocr
    .split("id='lstm_choices_")
    .slice(1)
    .map((group) =>
      [...group.matchAll(/x_confs ([\d.]+)'>([^<]*)</g)].map(
        ([, confidence, char]) => [char as string, Number(confidence)] as const,
      ),
    );
}

/** Passes that line up character by character with `reading`. */
function alignedPasses(reading: string, passes: readonly LinePass[]): LinePass[] {
  return passes.filter((p) => p.text.length === reading.length && p.choices.length === reading.length);
}

/** The best candidate's confidence; a position without candidates is not taken for weak. */
const bestConfidence = (candidates: CharChoices | undefined) =>
  candidates?.[0]?.[1] ?? Number.POSITIVE_INFINITY;

/** The LSTM's strong second thoughts at a position: candidates after the best, at BACKED_ALTERNATIVE or more. */
const strongAlternatives = (candidates: CharChoices | undefined) =>
  (candidates ?? []).slice(1).filter(([, confidence]) => confidence >= BACKED_ALTERNATIVE);

/** Whether a legacy reading could change `reading`: some position has a strong alternative or a weak best. */
export function isUnsure(reading: string, passes: readonly LinePass[]): boolean {
  return alignedPasses(reading, passes).some((p) =>
    p.choices.some(
      (candidates) =>
        bestConfidence(candidates) < WEAK_CHARACTER || strongAlternatives(candidates).length > 0,
    ),
  );
}

/** `reading` (the merged LSTM serial) corrected by the legacy engine's reading of the same line. */
export function tieBreakSerial(reading: string, passes: readonly LinePass[], legacy: string | null): string {
  if (!legacy || legacy === reading) return reading;
  const aligned = alignedPasses(reading, passes);
  if (legacy.length === reading.length) {
    // Only a second thought counts: the best candidate is what a pass already read, and the merge
    // of the passes may have overruled it (a digit wins over its look-alike letter).
    const backed = (at: number, char: string) =>
      aligned.some((p) => strongAlternatives(p.choices[at]).some(([c]) => c === char));
    return [...reading].map((char, at) => (backed(at, legacy[at] as string) ? legacy[at] : char)).join('');
  }
  if (legacy.length !== reading.length + 1) return reading;
  const weak = (at: number) => aligned.some((p) => bestConfidence(p.choices[at]) < WEAK_CHARACTER);
  for (let gap = 0; gap < legacy.length; gap++) {
    const fitsGap = legacy.slice(0, gap) + legacy.slice(gap + 1) === reading;
    if (fitsGap && (weak(gap - 1) || weak(gap))) return legacy;
  }
  return reading;
}

export type DeviceOs = 'ios' | 'aos';

/** One insurable phone model as the catalog (and the devices table) knows it. */
export interface CatalogDevice {
  os: DeviceOs;
  /** Korean marketing name, as in the API spec: "삼성 갤럭시 노트 10", "아이폰 SE". */
  name: string;
  /** The representative code shown as `model_name`: Android Build.MODEL, iOS first machine identifier. */
  modelName: string;
  /**
   * Every code a phone of this model may report, already in the form `normaliseDeviceCode` produces,
   * so a repository can store them in a key column and compare with the normalised request value.
   */
  identifiers: string[];
  /** YYYY-MM-DD (Korean launch), null when only the year is known. */
  releaseDate: string | null;
  eligible: boolean;
  /** KRW per year, integer. */
  premiumLumpSum: number;
  /** KRW per month, integer. */
  premiumMonthly: number;
}

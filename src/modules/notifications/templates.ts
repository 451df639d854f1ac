/**
 * Every KakaoTalk alimtalk we send, in one place. Kakao delivers an alimtalk only when its text is
 * the registered template with each #{변수} replaced, so `body` and the button URLs here must stay
 * byte-for-byte what was registered: changing a wording means registering a new template with the
 * vendor and a new code (bump the `_V1` suffix), then setting it in config.
 */
export type NotificationKind = 'payment_guidance' | 'reinspection' | 'completion' | 'rejection';

export const NOTIFICATION_KINDS: readonly NotificationKind[] = [
  'payment_guidance',
  'reinspection',
  'completion',
  'rejection',
];

/** What each kind needs. Deadlines are instants; insurance dates are the spec's calendar days. */
export interface NotificationVars {
  payment_guidance: { customerName: string; deviceName: string; checkoutUrl: string; deadline: Date };
  reinspection: { customerName: string; reason: string; reinspectionUrl: string; deadline: Date };
  /** `insuranceStart` and `insuranceEnd` are "YYYY-MM-DD", as in the inspection webhook. */
  completion: { customerName: string; contractUrl: string; insuranceStart: string; insuranceEnd: string };
  rejection: { customerName: string; reason: string };
}

/** Kakao's "WL" (web link) button: the same URL opens on phones and on KakaoTalk for PC. */
export interface NotificationButton {
  name: string;
  type: 'WL';
  url_mobile: string;
  url_pc: string;
}

export interface RenderedNotification {
  kind: NotificationKind;
  /** The code this text is registered under; an adapter may map the kind to its vendor's own code. */
  templateCode: string;
  /** Shown as the emphasised title, and the subject when the message falls back to LMS. */
  title: string;
  text: string;
  buttons: NotificationButton[];
}

/** Kakao rejects an alimtalk whose text, variables included, is longer than this. */
export const ALIMTALK_MAX_TEXT_LENGTH = 1000;

type Field<V> = { from: keyof V & string; maxLength?: number };

interface Template<V> {
  templateCode: string;
  title: string;
  /** #{변수} name → the variable that fills it. */
  fields: Record<string, Field<V>>;
  body: string;
  buttons: { name: string; url: string }[];
}

// Inspectors write reasons freely; clipping keeps a long one from making the message undeliverable.
const REASON_MAX_LENGTH = 300;

const TEMPLATES: { [K in NotificationKind]: Template<NotificationVars[K]> } = {
  payment_guidance: {
    templateCode: 'CPI_PAYMENT_GUIDANCE_V1',
    title: '휴대폰 보험 결제 안내',
    fields: {
      고객명: { from: 'customerName' },
      기기명: { from: 'deviceName' },
      결제기한: { from: 'deadline' },
      결제링크: { from: 'checkoutUrl' },
    },
    body: [
      '#{고객명} 고객님, 휴대폰 보험 가입 신청이 접수되었습니다.',
      '',
      '■ 가입 기기: #{기기명}',
      '■ 결제 기한: #{결제기한}',
      '',
      '결제 기한까지 아래 [결제하기] 버튼을 눌러 보험료를 결제해 주세요.',
      '기한이 지나면 가입 신청이 취소되어 처음부터 다시 신청하셔야 합니다.',
    ].join('\n'),
    buttons: [{ name: '결제하기', url: '#{결제링크}' }],
  },
  reinspection: {
    templateCode: 'CPI_REINSPECTION_V1',
    title: '휴대폰 사진 재촬영 요청',
    fields: {
      고객명: { from: 'customerName' },
      사유: { from: 'reason', maxLength: REASON_MAX_LENGTH },
      재등록기한: { from: 'deadline' },
      재등록링크: { from: 'reinspectionUrl' },
    },
    body: [
      '#{고객명} 고객님, 보내주신 휴대폰 사진을 검수한 결과 다시 촬영이 필요합니다.',
      '',
      '■ 사유: #{사유}',
      '■ 재등록 기한: #{재등록기한}',
      '',
      '기한까지 아래 [사진 다시 등록하기] 버튼을 눌러 사진을 다시 등록해 주세요.',
    ].join('\n'),
    buttons: [{ name: '사진 다시 등록하기', url: '#{재등록링크}' }],
  },
  completion: {
    templateCode: 'CPI_COMPLETION_V1',
    title: '휴대폰 보험 가입 완료',
    fields: {
      고객명: { from: 'customerName' },
      보험시작일: { from: 'insuranceStart' },
      보험종료일: { from: 'insuranceEnd' },
      가입정보링크: { from: 'contractUrl' },
    },
    body: [
      '#{고객명} 고객님, 휴대폰 보험 가입이 완료되었습니다.',
      '',
      '■ 보험 기간: #{보험시작일} ~ #{보험종료일}',
      '',
      '가입 내용은 아래 [가입정보 보기] 버튼에서 확인하실 수 있습니다.',
    ].join('\n'),
    buttons: [{ name: '가입정보 보기', url: '#{가입정보링크}' }],
  },
  rejection: {
    templateCode: 'CPI_REJECTION_V1',
    title: '휴대폰 보험 가입 불가 안내',
    fields: {
      고객명: { from: 'customerName' },
      사유: { from: 'reason', maxLength: REASON_MAX_LENGTH },
    },
    body: [
      '#{고객명} 고객님, 신청하신 휴대폰 보험은 검수 결과 가입이 어렵게 되었습니다.',
      '',
      '■ 사유: #{사유}',
      '',
      '자세한 내용은 가입을 신청하신 서비스의 고객센터로 문의해 주세요.',
    ].join('\n'),
    buttons: [],
  },
};

const koreanDateTime = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Seoul',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `YYYY-MM-DD HH:mm` in Korean time, whatever the server's time zone. */
export function formatKoreanDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('Cannot format an invalid date');
  const parts = Object.fromEntries(koreanDateTime.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

function fieldValue<V>(kind: NotificationKind, vars: V, field: Field<V>): string {
  const value: unknown = vars[field.from];
  if (value instanceof Date) return formatKoreanDateTime(value);
  // Vars may come back from a JSON outbox payload, so the types alone do not guarantee them.
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`Notification ${kind}: missing variable ${field.from}`);
  }
  const text = value.trim();
  if (field.maxLength === undefined) return text;
  const chars = Array.from(text); // by code point, so no emoji or surrogate is cut in half
  return chars.length <= field.maxLength ? text : `${chars.slice(0, field.maxLength - 1).join('')}…`;
}

function fill(kind: NotificationKind, pattern: string, values: Map<string, string>): string {
  return pattern.replace(/#\{([^}]+)\}/g, (_, name: string) => {
    const value = values.get(name);
    if (value === undefined) throw new Error(`Notification ${kind}: template uses undeclared #{${name}}`);
    return value;
  });
}

export function renderNotification<K extends NotificationKind>(
  kind: K,
  vars: NotificationVars[K],
): RenderedNotification {
  const template: Template<NotificationVars[K]> = TEMPLATES[kind];
  const values = new Map(
    Object.entries(template.fields).map(([name, field]) => [name, fieldValue(kind, vars, field)]),
  );
  const text = fill(kind, template.body, values);
  if (text.length > ALIMTALK_MAX_TEXT_LENGTH) {
    throw new RangeError(`Notification ${kind}: text is ${text.length} characters, over Kakao's limit`);
  }
  return {
    kind,
    templateCode: template.templateCode,
    title: template.title,
    text,
    buttons: template.buttons.map(({ name, url }) => {
      const filled = fill(kind, url, values);
      return { name, type: 'WL', url_mobile: filled, url_pc: filled };
    }),
  };
}

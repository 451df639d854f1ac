import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ALIMTALK_MAX_TEXT_LENGTH,
  formatKoreanDateTime,
  type NotificationVars,
  renderNotification,
} from '../../src/modules/notifications/templates.js';

const deadline = new Date('2026-11-27T15:30:00Z'); // 2026-11-28 00:30 in Korea

function assertNoPlaceholders(text: string) {
  assert.doesNotMatch(text, /#\{/, `unfilled variable in: ${text}`);
}

describe('formatKoreanDateTime', () => {
  it('renders in Korean time, across the date line', () => {
    assert.equal(formatKoreanDateTime(deadline), '2026-11-28 00:30');
    assert.equal(formatKoreanDateTime(new Date('2026-01-01T00:05:00+09:00')), '2026-01-01 00:05');
    assert.equal(formatKoreanDateTime(new Date('2026-06-30T14:59:59Z')), '2026-06-30 23:59');
  });

  it('refuses an invalid date', () => {
    assert.throws(() => formatKoreanDateTime(new Date('nope')), RangeError);
  });
});

describe('renderNotification', () => {
  it('payment guidance: full name, device, Korean-time deadline, a pay button', () => {
    const rendered = renderNotification('payment_guidance', {
      customerName: '홍길동',
      deviceName: '삼성 갤럭시 노트 10',
      checkoutUrl: 'https://partner.example/pay?c=1',
      deadline,
    });
    assert.equal(rendered.kind, 'payment_guidance');
    assert.equal(rendered.templateCode, 'CPI_PAYMENT_GUIDANCE_V1');
    assert.ok(rendered.title.length > 0);
    assert.match(rendered.text, /홍길동 고객님/);
    assert.match(rendered.text, /삼성 갤럭시 노트 10/);
    assert.match(rendered.text, /결제 기한: 2026-11-28 00:30/);
    assertNoPlaceholders(rendered.text);
    assert.deepEqual(rendered.buttons, [
      {
        name: '결제하기',
        type: 'WL',
        url_mobile: 'https://partner.example/pay?c=1',
        url_pc: 'https://partner.example/pay?c=1',
      },
    ]);
  });

  it('re-inspection: reason, deadline and the re-upload link', () => {
    const rendered = renderNotification('reinspection', {
      customerName: '김철수',
      reason: '전면 액정이 손가락에 가려져 있습니다',
      reinspectionUrl: 'https://partner.example/re/9',
      deadline,
    });
    assert.equal(rendered.templateCode, 'CPI_REINSPECTION_V1');
    assert.match(rendered.text, /김철수 고객님/);
    assert.match(rendered.text, /사유: 전면 액정이 손가락에 가려져 있습니다/);
    assert.match(rendered.text, /2026-11-28 00:30/);
    assertNoPlaceholders(rendered.text);
    assert.equal(rendered.buttons.length, 1);
    assert.equal(rendered.buttons[0]?.type, 'WL');
    assert.equal(rendered.buttons[0]?.url_mobile, 'https://partner.example/re/9');
    assert.equal(rendered.buttons[0]?.url_pc, 'https://partner.example/re/9');
  });

  it('completion: insurance period and the contract link', () => {
    const rendered = renderNotification('completion', {
      customerName: '홍길동',
      contractUrl: 'https://partner.example/contract/7',
      insuranceStart: '2026-11-29',
      insuranceEnd: '2027-11-28',
    });
    assert.equal(rendered.templateCode, 'CPI_COMPLETION_V1');
    assert.match(rendered.text, /보험 기간: 2026-11-29 ~ 2027-11-28/);
    assertNoPlaceholders(rendered.text);
    assert.equal(rendered.buttons[0]?.url_mobile, 'https://partner.example/contract/7');
  });

  it('rejection: the reason, no buttons', () => {
    const rendered = renderNotification('rejection', {
      customerName: '홍길동',
      reason: '전면액정 파손으로 가입이 거절되었습니다.',
    });
    assert.equal(rendered.templateCode, 'CPI_REJECTION_V1');
    assert.match(rendered.text, /사유: 전면액정 파손으로 가입이 거절되었습니다\./);
    assertNoPlaceholders(rendered.text);
    assert.deepEqual(rendered.buttons, []);
  });

  it('throws for a missing or blank variable, naming it', () => {
    // As a payload read back from JSON could be: the types cannot catch it.
    const withoutUrl = {
      customerName: '홍길동',
      deviceName: 'iPhone 15',
      deadline,
    } as unknown as NotificationVars['payment_guidance'];
    assert.throws(() => renderNotification('payment_guidance', withoutUrl), /missing variable checkoutUrl/);
    assert.throws(
      () => renderNotification('rejection', { customerName: '  ', reason: '파손' }),
      /missing variable customerName/,
    );
    const withoutDeadline = {
      customerName: '홍길동',
      reason: '흐림',
      reinspectionUrl: 'https://partner.example/re',
    } as unknown as NotificationVars['reinspection'];
    assert.throws(() => renderNotification('reinspection', withoutDeadline), /missing variable deadline/);
  });

  it('clips a very long reason so the text stays within the alimtalk limit', () => {
    const rendered = renderNotification('rejection', { customerName: '홍길동', reason: '가'.repeat(5000) });
    assert.ok(rendered.text.length <= ALIMTALK_MAX_TEXT_LENGTH);
    assert.match(rendered.text, /가…/);
  });

  it('refuses a text over the limit rather than sending one Kakao would reject', () => {
    assert.throws(
      () => renderNotification('rejection', { customerName: '김'.repeat(1000), reason: '파손' }),
      RangeError,
    );
  });
});

import { type FormEvent, useMemo, useState } from 'react';
import { api } from '../../api/client';
import type { Dashboard } from '../../api/types';
import { FormField } from '../../components/FormField';
import { ErrorNotice, Loading, Notice } from '../../components/Notice';
import { useT } from '../../i18n';
import { addCalendar, isWireDate, kstDate } from '../../lib/time';
import { useApi } from '../../lib/use-api';
import { ChartCanvas } from './ChartCanvas';
import { DashboardSummary } from './DashboardSummary';
import { dailyChart, decisionsChart, funnelChart, turnaroundChart, webhooksChart } from './dashboard-charts';

function lastDays(days: number) {
  const to = kstDate(new Date());
  return { from: addCalendar(to, { days: -(days - 1) }), to };
}

/** Admins: funnel, daily volume by partner, turnaround, decision rates and webhook success over a period. */
export function DashboardPage() {
  const t = useT();
  const [period, setPeriod] = useState(() => lastDays(30));
  const [draft, setDraft] = useState(period);
  const [invalid, setInvalid] = useState(false);
  const dashboard = useApi(
    (signal) => api.get<Dashboard>('/dashboard', { query: period, signal }),
    [period.from, period.to],
  );
  const data = dashboard.data;
  const charts = useMemo(
    () =>
      data && {
        funnel: funnelChart(data, t),
        daily: dailyChart(data, period.from, period.to),
        turnaround: turnaroundChart(data, t),
        decisions: decisionsChart(data, t),
        webhooks: webhooksChart(data, t),
      },
    [data, t, period.from, period.to],
  );

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const ok = isWireDate(draft.from) && isWireDate(draft.to) && draft.from <= draft.to;
    setInvalid(!ok);
    if (ok) setPeriod(draft);
  };
  const quick = (days: number) => {
    const next = lastDays(days);
    setDraft(next);
    setPeriod(next);
    setInvalid(false);
  };

  return (
    <section className="page" aria-labelledby="dashboard-title">
      <div className="page-head">
        <h1 id="dashboard-title">{t('dash.title')}</h1>
      </div>
      <form className="filters" onSubmit={apply}>
        <FormField id="dash-from" label={t('dash.from')}>
          <input
            type="date"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </FormField>
        <FormField id="dash-to" label={t('dash.to')}>
          <input type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </FormField>
        <button type="submit" className="primary">
          {t('dash.apply')}
        </button>
        {[7, 30, 90].map((days) => (
          <button key={days} type="button" onClick={() => quick(days)}>
            {t('dash.lastDays', { n: days })}
          </button>
        ))}
      </form>
      {invalid && <Notice kind="error">{t('dash.badPeriod')}</Notice>}
      <ErrorNotice error={dashboard.error} />
      {!data && dashboard.loading && <Loading />}
      {data && charts && (
        <>
          <p className="muted">{t('dash.period', { from: period.from, to: period.to })}</p>
          <DashboardSummary data={data} />
          <div className="charts">
            <figure className="chart card chart-wide">
              <figcaption>{t('dash.daily')}</figcaption>
              <ChartCanvas id="chart-daily" config={charts.daily} label={t('dash.daily')} />
            </figure>
            <figure className="chart card">
              <figcaption>{t('dash.funnel')}</figcaption>
              <ChartCanvas id="chart-funnel" config={charts.funnel} label={t('dash.funnel')} />
            </figure>
            <figure className="chart card">
              <figcaption>{t('dash.turnaround')}</figcaption>
              <ChartCanvas id="chart-turnaround" config={charts.turnaround} label={t('dash.turnaround')} />
            </figure>
            <figure className="chart card">
              <figcaption>{t('dash.decisionRates')}</figcaption>
              <ChartCanvas id="chart-decisions" config={charts.decisions} label={t('dash.decisionRates')} />
            </figure>
            <figure className="chart card">
              <figcaption>{t('dash.webhookSuccess')}</figcaption>
              <ChartCanvas id="chart-webhooks" config={charts.webhooks} label={t('dash.webhookSuccess')} />
            </figure>
          </div>
        </>
      )}
    </section>
  );
}

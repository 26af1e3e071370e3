import { describe, expect, it } from 'vitest';
import { EMPTY_QUEUE_FILTERS, queueApiQuery, queueStateFromUrl, queueUrl } from './queue-state.ts';

describe('booking queue state in the URL', () => {
  it('reads filters and page back from what it wrote', () => {
    const f = { ...EMPTY_QUEUE_FILTERS, q: 'Kari Nordmann', deadline: 'overdue', priority: 'cancer_pathway', modality: 'MR', exam: 'SNG0AG', site: 'site-1' };
    const url = queueUrl(f, 50, 25);
    expect(url).toBe('q=Kari+Nordmann&deadline=overdue&priority=cancer_pathway&modality=MR&exam=SNG0AG&site=site-1&page=3');
    expect(queueStateFromUrl(url, 25)).toEqual({ filters: f, offset: 50 });
  });

  it('drops values the API would refuse, so an old link still opens the queue', () => {
    expect(queueStateFromUrl('deadline=soonish&modality=XX&exam=knee&priority=DROP TABLE&site=a/b&page=0', 25)).toEqual({
      filters: EMPTY_QUEUE_FILTERS,
      offset: 0,
    });
  });

  it('builds the API query with the page size and offset', () => {
    expect(queueApiQuery({ ...EMPTY_QUEUE_FILTERS, q: ' 12345 ' }, { limit: 25, offset: 25 })).toBe('?q=12345&limit=25&offset=25');
    expect(queueApiQuery(EMPTY_QUEUE_FILTERS, { limit: 25, offset: 0 })).toBe('?limit=25');
  });
});

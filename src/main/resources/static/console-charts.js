// Draws a dashboard's charts from the figures the page carries as JSON (the same numbers as its table).
(function () {
  const buckets = window.kontorBuckets;
  const labels = buckets.map(b => b.start.replace('T', ' ').substring(0, 16));
  // lags of seconds (stock to the channels) in seconds, hours of work in minutes
  const seconds = Math.max(0, ...buckets.map(b => b.p95Seconds || 0)) < 120;
  const shown = s => s == null ? null : seconds ? Math.round(s * 100) / 100 : Math.round(s / 6) / 10;
  if (seconds) {
    document.getElementById('latency-unit').textContent = 'seconds';
  }
  const options = { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true } } };
  new Chart(document.getElementById('volume'), { type: 'bar', options, data: { labels, datasets: [
    { label: 'volume', data: buckets.map(b => b.volume), backgroundColor: '#9bb7e0' },
    { label: 'touchless', data: buckets.map(b => b.touchless), backgroundColor: '#1f5fbf' } ] } });
  new Chart(document.getElementById('latency'), { type: 'line', options, data: { labels, datasets: [
    { label: 'p50', data: buckets.map(b => shown(b.p50Seconds)), borderColor: '#1f5fbf', spanGaps: true },
    { label: 'p95', data: buckets.map(b => shown(b.p95Seconds)), borderColor: '#d4a017', spanGaps: true } ] } });
  new Chart(document.getElementById('errors'), { type: 'bar', options, data: { labels, datasets: [
    { label: 'errors', data: buckets.map(b => b.errors), backgroundColor: '#b42318' },
    { label: 'exceptions', data: buckets.map(b => b.exceptions), backgroundColor: '#d4a017' } ] } });
})();

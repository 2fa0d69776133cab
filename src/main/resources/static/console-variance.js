// Draws the stock variance's 30-day trend from the figures the page carries as JSON (the same as the report's).
(function () {
  const days = window.kontorTrend;
  const labels = days.map(d => d.day);
  const options = { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true } } };
  new Chart(document.getElementById('trend'), { type: 'bar', options, data: { labels, datasets: [
    { label: 'units different', data: days.map(d => d.units), backgroundColor: '#9bb7e0' },
    { label: 'differences', data: days.map(d => d.lines), backgroundColor: '#1f5fbf' } ] } });
})();

/* review.js — the review page's behaviour (embedded in review.html):
 * hovering a block shows its role, size and text; #page-N and #art-ID
 * fragments bring a page or an article into view and highlight the article
 * on every page it covers, so a link can point a colleague at one problem. */
(function () {
  'use strict';
  var status = document.getElementById('status');
  var blocks = document.querySelectorAll('rect.b');
  for (var i = 0; i < blocks.length; i++) {
    blocks[i].addEventListener('mouseenter', function (ev) {
      var r = ev.currentTarget;
      status.textContent = r.getAttribute('data-id') + ' · ' + r.getAttribute('data-role') +
        ' · ' + r.getAttribute('data-size') + ' pt · ' + r.getAttribute('data-text');
    });
  }
  function clear() {
    var hl = document.querySelectorAll('.hl');
    for (var i = 0; i < hl.length; i++) hl[i].classList.remove('hl');
  }
  function apply() {
    var h = decodeURIComponent(location.hash.slice(1));
    clear();
    if (h.indexOf('art-') === 0) {
      var id = h.slice(4);
      var parts = document.querySelectorAll('g.art');
      var first = null;
      for (var i = 0; i < parts.length; i++) {
        if (parts[i].getAttribute('data-article') !== id) continue;
        parts[i].classList.add('hl');
        if (!first) first = parts[i];
      }
      var links = document.querySelectorAll('#panel li[data-article]');
      for (var j = 0; j < links.length; j++)
        if (links[j].getAttribute('data-article') === id) links[j].classList.add('hl');
      if (first) first.closest('section.page').scrollIntoView();
      status.textContent = first ? 'article ' + id : 'article ' + id + ' is not drawn on any page';
    } else if (h.indexOf('page-') === 0) {
      var pg = document.getElementById(h);
      if (pg) pg.scrollIntoView();
    }
  }
  window.addEventListener('hashchange', apply);
  // a link to the fragment already in the URL changes nothing: apply again
  document.addEventListener('click', function (ev) {
    var a = ev.target.closest ? ev.target.closest('a[href^="#"]') : null;
    if (a && a.getAttribute('href') === location.hash) {
      ev.preventDefault();
      apply();
    }
  });
  apply();
})();

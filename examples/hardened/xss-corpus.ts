/**
 * Hostile strings: each would bump `window.__xss` if any element turned it into markup or code.
 * Shared by the hardened page's hostile adapter and its end-to-end test.
 */
export const XSS_CORPUS: readonly string[] = [
  '<script>window.__xss++</script>',
  '<img src=x onerror="window.__xss++">',
  '"><img src=x onerror=window.__xss++>',
  "'><svg onload=window.__xss++>",
  '<svg><script>window.__xss++</script></svg>',
  '<svg><animate onbegin=window.__xss++ attributeName=x dur=1s>',
  '<a href="javascript:window.__xss++">click</a>',
  'javascript:window.__xss++',
  '<iframe srcdoc="<script>parent.__xss++</script>"></iframe>',
  '<details open ontoggle=window.__xss++>',
  '<body onload=window.__xss++>',
  '${window.__xss++}',
  '`;window.__xss++;`',
  "{{constructor.constructor('window.__xss++')()}}",
  '<!--<img src="--><img src=x onerror=window.__xss++>',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss++>',
];

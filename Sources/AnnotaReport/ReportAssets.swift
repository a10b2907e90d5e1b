// SPDX-License-Identifier: Apache-2.0

/// The page's style and script, inline: no font, stylesheet or script is fetched.
enum ReportAssets {
  /// The style: system fonts, high-contrast text, visible focus, cards in a grid.
  static let style = """
    [hidden]{display:none!important}:root{color-scheme:light;--fg:#1a1a1a;--muted:#555;--line:#d0d0d0;--bg:#fff;--soft:#f5f5f5;--accent:#0072b2}
    *{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;\
    color:var(--fg);background:var(--bg)}
    header{padding:1rem 1.5rem;border-bottom:1px solid var(--line);background:var(--soft)}h1{margin:0 0 .5rem;font-size:1.4rem}
    nav ul{list-style:none;margin:0;padding:0;display:flex;gap:1rem;flex-wrap:wrap}
    main{padding:0 1.5rem 2rem;max-width:1400px}section{margin-top:1.5rem}h2{border-bottom:2px solid var(--accent)}
    a{color:var(--accent)}a:focus,button:focus,select:focus,input:focus,summary:focus,.card:focus{outline:3px solid #0072b2;outline-offset:2px;box-shadow:0 0 0 5px #fff}
    .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:9}
    table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid var(--line);padding:.2rem .5rem;text-align:left;vertical-align:top}
    th{background:var(--soft)}code{font-size:.9em;word-break:break-all}
    .facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:1.5rem}
    dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;margin:.5rem 0}dt{font-weight:600}dd{margin:0}
    .verdict{padding:.6rem .9rem;border-left:6px solid;font-weight:600}.verdict.pass{border-color:#009e73;background:#e8f6f1}
    .verdict.fail{border-color:#d55e00;background:#fbece4}.verdict.partial{border-color:#e69f00;background:#fdf5e6}
    .sev{display:inline-block;min-width:4.5em;padding:0 .3em;border-radius:3px;font-size:.8em;font-weight:700;text-align:center}
    .sev.error{background:#a63d00;color:#fff}.sev.warning{background:#f0e442;color:#000}.sev.info{background:#56b4e9;color:#000}.sev.unchecked{background:#555;color:#fff}
    details{margin:.3rem 0}summary{cursor:pointer}.hint{color:var(--muted)}.more{color:var(--muted);font-style:italic}
    .plots{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,560px),1fr));gap:1rem}
    .plot{margin:0;border:1px solid var(--line);padding:.5rem;overflow-x:auto}.plot h3{margin:0;font-size:1rem}
    .plot p{margin:.2rem 0;color:var(--muted);font-size:.9em}.batch{grid-column:1/-1}
    .chart{max-width:100%;height:auto}.chart text{font-size:11px;fill:#222}footer{padding:1rem 1.5rem;color:var(--muted)}
    .controls{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.5rem;background:var(--soft);border:1px solid var(--line)}
    .controls fieldset{border:1px solid var(--line);padding:.2rem .6rem}
    #cards,.compare-cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:1rem;margin-top:1rem}
    .card,.compare-card{border:1px solid var(--line);padding:.5rem;border-radius:4px;background:#fff}
    .card:target{box-shadow:0 0 0 4px #0072b2}.card h3,.compare-card h3{margin:0 0 .3rem;font-size:.95rem;word-break:break-all}
    .card dl{font-size:.85em}.card-findings{font-size:.85em;padding-left:1rem}.notes{font-size:.8em;color:var(--muted)}
    .pic{position:relative;margin:0;background:#000}.pic img,.pic svg{position:absolute;left:0;top:0;width:100%;height:100%}
    .pic img.thumb{position:static;display:block}.pic [hidden]{display:none}
    .shapes path.shape{fill-opacity:.12;stroke-width:1.5px;vector-effect:non-scaling-stroke}
    .shapes path.line,.shapes path.track{fill:none;stroke-width:1.5px;vector-effect:non-scaling-stroke}
    .unreadable{max-width:100%;min-height:120px;padding:.5rem;background:#fbece4;border:2px dashed #a63d00;overflow-wrap:anywhere}
    .swatch{display:inline-block;width:1em;height:1em;vertical-align:middle;border:1px solid #000}
    .sampling{font-weight:600}
    """

  /// The script: filters, sorting and set switches on the gallery; a finding's link shows its card
  /// even when a filter hid it.
  static let script = """
    (function(){
    "use strict";
    var controls=document.getElementById("controls");if(!controls)return;controls.hidden=false;
    var box=document.getElementById("cards"),cards=Array.prototype.slice.call(box.querySelectorAll("article.card"));
    var split=document.getElementById("filter-split"),cls=document.getElementById("filter-class"),
    findings=document.getElementById("filter-findings"),sort=document.getElementById("sort"),
    shown=document.getElementById("shown");
    function apply(){var n=0;cards.forEach(function(c){
    var ok=(!split.value||c.dataset.split===split.value)&&
    (!cls.value||c.dataset.classes.split("\\n").indexOf(cls.value)>=0)&&
    (!findings.checked||Number(c.dataset.findings)>0);c.hidden=!ok;if(ok)n++;});
    shown.textContent=n+" of "+cards.length+" cards shown";}
    function order(){var key=sort.value,list=cards.slice();list.sort(function(a,b){
    if(key==="name")return a.dataset.name<b.dataset.name?-1:a.dataset.name>b.dataset.name?1:0;
    if(key==="objects-desc")return b.dataset.objects-a.dataset.objects||a.dataset.order-b.dataset.order;
    if(key==="objects-asc")return a.dataset.objects-b.dataset.objects||a.dataset.order-b.dataset.order;
    return 0;});list.forEach(function(c){box.appendChild(c);});}
    [split,cls,findings].forEach(function(e){e.addEventListener("change",apply);});
    sort.addEventListener("change",order);
    Array.prototype.forEach.call(document.querySelectorAll(".layer-toggle"),function(t){
    t.addEventListener("change",function(){Array.prototype.forEach.call(
    document.querySelectorAll('#cards [data-set]'),function(l){if(l.dataset.set===t.dataset.set)l.toggleAttribute("hidden",!t.checked);});});});
    function reveal(){var id=location.hash.slice(1),c=id&&document.getElementById(id);
    if(c&&c.classList.contains("card")&&c.hidden){split.value="";cls.value="";findings.checked=false;apply();}
    if(c&&c.classList.contains("card")){c.scrollIntoView({block:"center"});c.focus({preventScroll:true});}}
    Array.prototype.forEach.call(document.querySelectorAll("a.finding-link"),function(a){
    a.addEventListener("click",function(){setTimeout(reveal,0);});});
    window.addEventListener("hashchange",reveal);apply();
    })();
    """
}

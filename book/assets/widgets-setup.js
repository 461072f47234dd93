// Loaded between require.js and the ipywidgets HTML manager (book/_config.yml, nb_ipywidgets_js).

// 1. The manager's modules find their fonts (Font Awesome: the Play buttons' icons) next to their
//    module path, which require.js resolves against the page's folder by default; the site keeps
//    them under _static/ (scripts/build_book.py copies them to _static/@jupyter-widgets/...).
require.config({ paths: { "@jupyter-widgets": "_static/@jupyter-widgets" } });

// 2. ipywidgets' controls typeset a widget's description with MathJax 2's call,
//    MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]), whenever window.MathJax exists, and the
//    book loads MathJax 3 (no Hub: "Cannot read properties of undefined (reading 'Queue')").
//    Give MathJax 3 that one call. The widgets render on window "load", after this.
document.addEventListener("DOMContentLoaded", function () {
  var mathjax = window.MathJax;
  if (!mathjax || mathjax.Hub) return;
  mathjax.Hub = {
    Queue: function (command) {
      var element = command && command[2];
      var ready = (mathjax.startup && mathjax.startup.promise) || Promise.resolve();
      ready.then(function () {
        if (element && mathjax.typesetPromise) return mathjax.typesetPromise([element]);
      });
    },
  };
});

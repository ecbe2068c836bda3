/* The editor's own script, run after Decap CMS (campaign-site edit; never part of the site).
   The preview pane beside each form shows the entry's page in the live preview
   (campaign-site serve), which reloads itself after every rebuild. */
(function () {
  "use strict";
  var CMS = window.CMS, h = window.h, createClass = window.createClass;
  if (!CMS || !h || !createClass) { return; }
  var request = new XMLHttpRequest();
  request.open("GET", "/preview.json", false);  // tiny and local: read once before the forms show
  request.send();
  var preview = request.status === 200 ? JSON.parse(request.responseText) : {url: null, paths: {}};
  if (!preview.url) { return; }

  function pagePath(collection, entry) {
    var template = preview.paths[collection] || "";
    return template.replace(/\{(\w+)\}/g, function (_, name) {
      var value = name === "slug" ? entry.get("slug") : entry.getIn(["data", name]);
      return value ? encodeURIComponent(String(value)) : "";
    }).replace(/^\/+/, "");
  }

  function template(collection) {
    return createClass({
      render: function () {
        var path = pagePath(collection, this.props.entry);
        var url = preview.url.replace(/\/?$/, "/") + (path.indexOf("{") === -1 ? path : "");
        return h("div", {className: "campaign-preview"},
          h("p", {className: "campaign-preview-note"},
            "Trang như người đọc sẽ thấy, sau khi lưu / The page as readers will see it, once saved: ",
            h("a", {href: url, target: "_blank", rel: "noopener"}, url)),
          h("iframe", {src: url, title: "preview", style: {width: "100%", height: "85vh", border: "0"}}));
      }
    });
  }

  var config = new XMLHttpRequest();
  config.open("GET", "/config.yml", false);
  config.send();
  JSON.parse(config.responseText).collections.forEach(function (collection) {
    CMS.registerPreviewTemplate(collection.name, template(collection.name));
  });
})();

/* The editor's own script, run after Decap CMS (campaign-site edit; never part of the site).

   1. Decap CMS's interface in the editor's language: its own Vietnamese phrases completed
      with ours (decap-vi.json, data; Decap leaves some phrases in English).
   2. Every problem the backend finds when saving is shown next to its field, as Decap CMS
      shows its own "required" and "pattern" problems: each widget learns its field's path
      (phones[0].number), the backend's answer lists the problems by path, and the widgets
      concerned validate again with the backend's message (Decap's ControlErrorsList, inside
      the field's own container). Problems of no field on this form stay in the notification.
   3. Translatable texts: the languages of one field side by side (widget "translatable").
   4. The preview pane beside each form shows the entry's page in the live preview
      (campaign-site serve), which reloads itself after every rebuild. */
(function () {
  "use strict";
  var CMS = window.CMS, h = window.h, createClass = window.createClass;
  if (!CMS || !h || !createClass) { return; }

  function get(url) {  // tiny and local: read once before the forms show
    var request = new XMLHttpRequest();
    request.open("GET", url, false);
    request.send();
    return request.status === 200 ? JSON.parse(request.responseText) : null;
  }

  // -- 1. Decap CMS's phrases in Vietnamese ----------------------------------------------------
  function merged(base, extra) {
    var out = {};
    Object.keys(base || {}).forEach(function (key) { out[key] = base[key]; });
    Object.keys(extra || {}).forEach(function (key) {
      var value = extra[key];
      out[key] = value && typeof value === "object" && !Array.isArray(value) ? merged(out[key], value) : value;
    });
    return out;
  }
  var phrases = get("/decap-vi.json");
  if (phrases) { CMS.registerLocale("vi", merged(CMS.getLocale("vi"), phrases)); }
  // Decap CMS's notifications show an error as "API_ERROR: <message>": the message alone is for people
  var errorText = Error.prototype.toString;
  Error.prototype.toString = function () {
    return this && this.name === "API_ERROR" && this.message ? String(this.message) : errorText.call(this);
  };

  // -- 2. The backend's problems next to their fields ------------------------------------------
  var mounted = {};        // forID → the widget's control (ours, below)
  var showing = null;      // while the backend's problems are shown: {path: message}
  var marked = [];         // controls showing a problem of the backend now

  function pathOf(control) {
    /* The path of control's field in the entry, as the models name it: name, name.vi,
       phones[0].number. Decap CMS gives each control the ids of the controls it sits in
       (parentIds); a list's items are known by a key of the list's own. */
    var path = "", list = null, skipName = false;
    (control.props.parentIds || []).concat([control.props.forID]).forEach(function (id) {
      if (id === undefined || id === null) { return; }
      var known = mounted[id];
      if (known) {
        if (!skipName) { path += (path ? "." : "") + known.props.field.get("name"); }
        skipName = false;
        list = known.state && Array.isArray(known.state.keys) ? known : null;
      } else if (list) {
        var index = list.state.keys.indexOf(id);
        if (index >= 0) { path += "[" + index + "]"; }
        skipName = !!list.props.field.get("field");  // a list of single values: its item has no name
        list = null;
      }
    });
    return path;
  }

  function problemOf(control) {
    var message = showing && showing[pathOf(control)];
    return message ? {type: "CUSTOM", parentIds: control.props.parentIds, message: message} : null;
  }

  function checked(original) {
    /* original (a widget's control class) that also reports the backend's problem of its field */
    var Control = original.control;
    class Checked extends Control {
      constructor(props) {
        super(props);
        var own = this.isValid, control = this, validate = this.validate;
        this.isValid = function () {
          var found = problemOf(control);
          if (found) { return {error: found}; }
          return own ? own.apply(control, arguments) : {error: false};
        };
        if (typeof validate === "function") {  // objects and lists: Decap validates their fields only
          this.validate = function () {
            var at = marked.indexOf(control);
            if (at >= 0) { marked.splice(at, 1); control.props.validate(); }
            return validate.apply(control, arguments);
          };
        }
      }
      componentDidMount() {
        if (this.props.forID) { mounted[this.props.forID] = this; }
        if (super.componentDidMount) { super.componentDidMount(); }
      }
      componentWillUnmount() {
        if (mounted[this.props.forID] === this) { delete mounted[this.props.forID]; }
        var at = marked.indexOf(this);
        if (at >= 0) { marked.splice(at, 1); }
        if (super.componentWillUnmount) { super.componentWillUnmount(); }
      }
    }
    return Checked;
  }

  function place(problems) {
    /* Each problem on the mounted control of its field or, failing that, of the nearest
       field holding it (phones[0] → phones); the problems placed nowhere are returned. */
    var controls = Object.keys(mounted).map(function (id) { return mounted[id]; });
    var paths = controls.map(pathOf), messages = {}, unplaced = [];
    problems.forEach(function (problem) {
      var field = problem.field, target = null;
      while (field) {
        if (paths.indexOf(field) >= 0) { target = field; break; }
        field = field.replace(/(\[\d+\]|\.[^.\[]*|^[^.\[]*)$/, "");
      }
      if (target === null) { unplaced.push(problem); return; }
      messages[target] = messages[target] ? messages[target] + " · " + problem.message : problem.message;
    });
    showing = messages;
    try {
      controls.forEach(function (control, index) {
        if (messages[paths[index]] && control.props.validate) {
          control.props.validate();
          marked.push(control);
        }
      });
    } finally {
      showing = null;
    }
    return unplaced;
  }

  function forget() {  // a new save: the backend's earlier problems no longer stand
    marked.splice(0).forEach(function (control) {
      if (control.props.validate) { control.props.validate(); }
    });
  }

  var originalFetch = window.fetch.bind(window);
  window.fetch = function (resource, options) {
    var body = options && typeof options.body === "string" ? options.body : "";
    if (body.indexOf('"action":"persistEntry"') < 0) { return originalFetch(resource, options); }
    forget();
    return originalFetch(resource, options).then(function (response) {
      if (response.status !== 422) { return response; }
      return response.clone().json().then(function (answer) {
        if (!answer || !Array.isArray(answer.problems)) { return response; }
        var unplaced = place(answer.problems);
        var lines = [answer.summary].concat(unplaced.map(function (problem) { return problem.line; }));
        return new Response(JSON.stringify({error: lines.join("\n")}),
                            {status: response.status, headers: {"Content-Type": "application/json"}});
      }, function () { return response; });
    });
  };

  ["string", "text", "select", "boolean", "number", "datetime", "file", "image", "markdown", "object", "list"]
    .forEach(function (name) {
      var original = CMS.getWidget(name);
      if (!original || !original.control || !original.control.prototype || !original.control.prototype.render) {
        return;  // not a class: Decap CMS's own checks only
      }
      CMS.registerWidget({name: name, controlComponent: checked(original), previewComponent: original.preview,
                          schema: original.schema, globalStyles: original.globalStyles,
                          allowMapValue: original.allowMapValue});
    });

  // -- 3. Translatable texts: one input per language, side by side ----------------------------
  var objectWidget = CMS.getWidget("object");
  var ObjectControl = objectWidget.control;
  class Translatable extends ObjectControl {
    render() {
      return h("div", {className: "campaign-translatable"}, super.render());
    }
  }
  CMS.registerWidget({name: "translatable", controlComponent: Translatable, previewComponent: objectWidget.preview,
                      schema: objectWidget.schema, globalStyles: objectWidget.globalStyles,
                      allowMapValue: objectWidget.allowMapValue});

  // -- 4. The preview -----------------------------------------------------------------------
  var preview = get("/preview.json") || {url: null, paths: {}};
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
          h("p", {className: "campaign-preview-note"}, preview.note + " ",
            h("a", {href: url, target: "_blank", rel: "noopener"}, url)),
          h("iframe", {src: url, title: preview.title, style: {width: "100%", height: "85vh", border: "0"}}));
      }
    });
  }

  (get("/config.yml") || {collections: []}).collections.forEach(function (collection) {
    CMS.registerPreviewTemplate(collection.name, template(collection.name));
  });
})();

// The desk's arrange screen: reorder the stories (and the section blocks) by drag and
// drop or by keyboard ("Monter" / "Descendre" buttons, or Alt+Arrow keys on an item),
// announce each move to screen readers, and keep the form's "Position" fields and each
// story's zone in step with what the screen shows. Without this script the editor
// types the positions and picks the zones: the form works the same.
(function () {
  "use strict";
  var form = document.getElementById("desk-form");
  if (!form) { return; }
  var announcer = document.getElementById("desk-announcer");
  var lists = Array.prototype.slice.call(form.querySelectorAll("[data-reorder]"));
  document.documentElement.classList.add("desk-js");

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, name) {
      return values[name] === undefined ? match : values[name];
    });
  }

  function titleOf(item) {
    var title = item.querySelector("[data-item-title]");
    return title ? title.textContent.trim() : "";
  }

  function announce(text) {
    // Emptied first so that the same sentence twice is announced twice.
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function items(list) {
    return Array.prototype.slice.call(list.querySelectorAll(":scope > [data-reorder-item]"));
  }

  // Positions follow the order on screen, each formset on its own (slots-, blocks-).
  function renumber() {
    var counters = {};
    lists.forEach(function (list) {
      items(list).forEach(function (item) {
        var order = item.querySelector("input[data-order]");
        if (!order) { return; }
        var prefix = order.name.split("-")[0];
        counters[prefix] = (counters[prefix] || 0) + 1;
        order.value = counters[prefix];
        var zone = item.querySelector("select[name$='-zone']");
        if (zone && list.dataset.zone) { zone.value = list.dataset.zone; }
      });
      list.classList.toggle("desk-list--empty", items(list).length === 0);
    });
  }

  function announceMoved(item) {
    var list = item.parentElement;
    var all = items(list);
    announce(format(form.dataset.announceMoved, {
      title: titleOf(item),
      position: all.indexOf(item) + 1,
      count: all.length,
      zone: list.dataset.zoneLabel || ""
    }));
  }

  function move(item, step) {
    var list = item.parentElement;
    var all = items(list);
    var index = all.indexOf(item);
    var target = index + step;
    if (target < 0 || target >= all.length) {
      announce(format(form.dataset.announceEdge, {
        title: titleOf(item),
        edge: step < 0 ? form.dataset.edgeTop : form.dataset.edgeBottom
      }));
      return;
    }
    if (step < 0) {
      list.insertBefore(item, all[target]);
    } else {
      list.insertBefore(item, all[target].nextSibling);
    }
    renumber();
    announceMoved(item);
  }

  lists.forEach(function (list) {
    items(list).forEach(prepare);
    // Dropping on the list itself (an empty zone, or below its last story).
    list.addEventListener("dragover", function (event) {
      if (dragged && dragged.dataset.group === list.dataset.group) { event.preventDefault(); }
    });
    list.addEventListener("drop", function (event) {
      if (!dragged || dragged.dataset.group !== list.dataset.group) { return; }
      event.preventDefault();
      if (event.target === list) { list.appendChild(dragged); }
      finishDrop();
    });
    // Stories move between the three zones; section blocks stay among themselves.
    list.dataset.group = list.dataset.zone ? "slots" : "blocks";
  });

  var dragged = null;

  function finishDrop() {
    var item = dragged;
    item.classList.remove("desk-item--dragging");
    dragged = null;
    renumber();
    announceMoved(item);
  }

  function prepare(item) {
    var title = titleOf(item);
    item.querySelectorAll("[data-item-title-copy]").forEach(function (copy) {
      copy.textContent = title;
    });
    item.querySelector("[data-move=up]").addEventListener("click", function (event) {
      move(item, -1);
      event.currentTarget.focus();
    });
    item.querySelector("[data-move=down]").addEventListener("click", function (event) {
      move(item, 1);
      event.currentTarget.focus();
    });
    item.addEventListener("keydown", function (event) {
      if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) { return; }
      event.preventDefault();
      // Moving an element takes the focus away from what it holds: give it back.
      var focused = document.activeElement;
      move(item, event.key === "ArrowUp" ? -1 : 1);
      if (focused) { focused.focus(); }
    });
    // Choosing another zone in the list moves the story to the end of that zone.
    var zone = item.querySelector("select[name$='-zone']");
    if (zone) {
      zone.addEventListener("change", function () {
        var target = lists.filter(function (l) { return l.dataset.zone === zone.value; })[0];
        if (target && target !== item.parentElement) {
          target.appendChild(item);
          renumber();
          announceMoved(item);
          zone.focus();
        }
      });
    }
    // Dragged by its head; the fields stay usable with the mouse.
    var head = item.querySelector(".desk-item__head");
    head.setAttribute("draggable", "true");
    item.dataset.group = item.parentElement.dataset.zone ? "slots" : "blocks";
    head.addEventListener("dragstart", function (event) {
      dragged = item;
      item.classList.add("desk-item--dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", title);
    });
    head.addEventListener("dragend", function () {
      if (dragged) {
        dragged.classList.remove("desk-item--dragging");
        dragged = null;
      }
    });
    item.addEventListener("dragover", function (event) {
      if (!dragged || dragged === item || dragged.dataset.group !== item.dataset.group) {
        return;
      }
      event.preventDefault();
      var box = item.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      item.parentElement.insertBefore(dragged, after ? item.nextSibling : item);
    });
    item.addEventListener("drop", function (event) {
      if (!dragged || dragged.dataset.group !== item.dataset.group) { return; }
      event.preventDefault();
      event.stopPropagation();
      finishDrop();
    });
  }

  // The admin's autocomplete (Select2) shows a combobox of its own, named by nothing:
  // it gets the name of its field's label and of the story its row is about.
  function nameComboboxes() {
    form.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = form.querySelector("label[for='" + select.id + "']");
      var combobox = select.parentElement.querySelector(".select2-selection[role=combobox]");
      if (!label || !combobox) { return; }
      var item = select.closest(".desk-item");
      var title = item ? titleOf(item) : "";
      var name = label.textContent.replace(/\s*:\s*$/, "");
      // Its own labelledby points at the shown value, empty when none is chosen, and
      // that value is a nameless "textbox" inside it: the combobox's name says it all.
      combobox.removeAttribute("aria-labelledby");
      var shown = combobox.querySelector(".select2-selection__rendered");
      if (shown) {
        shown.removeAttribute("role");
        shown.removeAttribute("aria-readonly");
      }
      combobox.setAttribute("aria-label", title ? name + " : " + title : name);
    });
  }
  window.addEventListener("load", function () { window.setTimeout(nameComboboxes, 0); });

  renumber();
})();

// The body editor's blocks (articles/editor.py, articles/body.py), loaded like
// body-editor.js by django-prose-editor's "configurable" preset.
//
// Photo and Gallery: markers naming library images, shown as cards; the page
// fills them from the library when a reader asks (a corrected credit or a
// withdrawn picture shows at once). Embed: a marker with the content's address;
// the preview comes from the server, which fetches the provider's answer in a task.
// Quote and Box: editable text with their author or title in a field above.
//
// Each block writes exactly the markup articles.body keeps; the server cleans the
// body again on save. Every text shown comes from Django (translated) through the
// extension's options.
import { Node } from "django-prose-editor/editor"

function element(tag, className, text) {
  const node = document.createElement(tag)
  if (className) node.className = className
  if (text) node.textContent = text
  return node
}

function uid(prefix) {
  return `${prefix}-${Math.random().toString(36).slice(2, 9)}`
}

function fetchJSON(url, { signal, method = "GET", body } = {}) {
  const headers = { Accept: "application/json" }
  if (method !== "GET") {
    const token = document.querySelector("[name=csrfmiddlewaretoken]")
    headers["X-CSRFToken"] = token ? token.value : ""
  }
  return fetch(url, { method, body, headers, credentials: "same-origin", signal }).then(
    (response) => {
      if (!response.ok) throw new Error(`${response.status} ${url}`)
      return response.json()
    },
  )
}

function withParams(base, params) {
  const url = new URL(base, window.location.href)
  for (const [key, value] of params) url.searchParams.append(key, value)
  return url
}

// The position of a node view's node, or null once it left the document.
function position(getPos) {
  const pos = getPos()
  return typeof pos === "number" ? pos : null
}

function setAttrs(editor, getPos, attrs) {
  const pos = position(getPos)
  if (pos === null) return
  const { tr } = editor.state
  const node = tr.doc.nodeAt(pos)
  if (!node) return
  editor.view.dispatch(tr.setNodeMarkup(pos, undefined, { ...node.attrs, ...attrs }))
}

function removeButton(labels, editor, getPos, nodeSize) {
  const remove = element("button", "body-block__remove", labels.remove)
  remove.type = "button"
  remove.addEventListener("click", (event) => {
    event.preventDefault()
    const from = position(getPos)
    if (from === null) return
    editor
      .chain()
      .focus()
      .deleteRange({ from, to: from + nodeSize() })
      .run()
  })
  return remove
}

function labelled(labelText, control) {
  const id = uid("block-field")
  control.id = id
  const wrapper = element("div", "body-block__field")
  const label = element("label", "", labelText)
  label.htmlFor = id
  wrapper.append(label, control)
  return wrapper
}

// A text field bound to one attribute of the block (no name: not sent with the form).
function attributeInput(value, onChange) {
  const input = element("input", "body-block__input")
  input.type = "text"
  input.value = value || ""
  input.autocomplete = "off"
  input.addEventListener("change", () => onChange(input.value))
  input.addEventListener("keydown", (event) => {
    // Enter would otherwise submit the article form.
    if (event.key === "Enter") {
      event.preventDefault()
      onChange(input.value)
    }
  })
  return input
}

// Library images by id, shared by every block of the page: a promise of the search
// endpoint's result, or of null when it is no longer usable.
const images = new Map()

function lookupImages(searchUrl, ids) {
  const missing = ids.filter((id) => !images.has(id))
  if (missing.length) {
    const request = fetchJSON(withParams(searchUrl, missing.map((id) => ["id", id]))).then(
      ({ results }) => new Map(results.map((image) => [image.id, image])),
      () => null,
    )
    for (const id of missing) {
      images.set(
        id,
        request.then((found) => {
          if (found === null) {
            images.delete(id)
            return undefined
          }
          return found.get(id) || null
        }),
      )
    }
  }
  return Promise.all(ids.map((id) => images.get(id)))
}

function thumbnail(image, labels) {
  const figure = element("figure", "body-block__image")
  const img = element("img")
  img.src = image.thumbnail
  img.alt = image.alt
  img.loading = "lazy"
  const caption = element("figcaption")
  caption.append(
    element("span", "body-block__caption", image.caption),
    element("span", "body-block__credit", labels.credit.replace("%(credit)s", image.credit)),
  )
  figure.append(img, caption)
  return figure
}

// The library picker: search as you type, pick with a click or Enter. ``onPick``
// returns true to keep the dialog open (a gallery takes several photos).
function openImagePicker(editor, { searchUrl, labels }, onPick, footer) {
  const id = uid("image-picker")
  const dialog = element("dialog", "prose-editor-dialog image-picker")
  dialog.setAttribute("aria-labelledby", `${id}-title`)
  const heading = element("h3", "prose-editor-dialog-title", labels.dialogTitle)
  heading.id = `${id}-title`
  const input = element("input", "image-picker__query")
  Object.assign(input, { type: "search", autocomplete: "off", placeholder: labels.placeholder })
  const field = labelled(labels.search, input)
  field.className = "prose-editor-dialog-field"
  const status = element("p", "image-picker__status")
  status.setAttribute("aria-live", "polite")
  const list = element("ul", "image-picker__results")
  list.setAttribute("aria-labelledby", heading.id)
  const buttons = element("div", "prose-editor-dialog-buttons")
  const close = element("button", "", footer ? labels.done : labels.cancel)
  close.type = "button"
  if (footer) buttons.append(footer)
  buttons.append(close)
  dialog.append(heading, field, status, list, buttons)

  let controller = null
  let timer = null

  function render(results) {
    list.replaceChildren(
      ...results.map((image) => {
        const item = element("li")
        const button = element("button", "image-picker__option")
        button.type = "button"
        button.dataset.imageId = String(image.id)
        button.append(thumbnail(image, labels))
        button.addEventListener("click", () => {
          images.set(image.id, Promise.resolve(image))
          if (!onPick(image)) dialog.close()
        })
        item.append(button)
        return item
      }),
    )
    status.textContent = results.length ? "" : labels.noResult
  }

  function search() {
    controller?.abort()
    controller = new AbortController()
    status.textContent = labels.searching
    fetchJSON(withParams(searchUrl, [["q", input.value.trim()]]), { signal: controller.signal })
      .then(({ results }) => render(results))
      .catch((error) => {
        if (error.name === "AbortError") return
        list.replaceChildren()
        status.textContent = labels.error
      })
  }

  input.addEventListener("input", () => {
    window.clearTimeout(timer)
    timer = window.setTimeout(search, 250)
  })
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault()
      list.querySelector("button")?.click()
    }
  })
  close.addEventListener("click", () => dialog.close())
  dialog.addEventListener("close", () => {
    window.clearTimeout(timer)
    controller?.abort()
    dialog.remove()
    if (!editor.isDestroyed) editor.commands.focus()
  })
  editor.view.dom.parentElement.append(dialog)
  dialog.showModal()
  search()
  return dialog
}

// Insert an atom block and put the cursor in the paragraph after it.
function insertAtom(editor, type, attrs) {
  return editor
    .chain()
    .focus()
    .insertContent({ type, attrs })
    .command(({ tr, commands }) => {
      const { selection } = tr
      if (selection.node?.type.name !== type) return true
      const after = selection.to
      if (!tr.doc.resolve(after).nodeAfter?.isTextblock) {
        tr.insert(after, tr.doc.type.schema.nodes.paragraph.create())
      }
      return commands.setTextSelection(after + 1)
    })
    .run()
}

const atomView = {
  stopEvent: (dom) => (event) =>
    dom.contains(event.target) && event.target.closest("input, select, button, textarea"),
  ignoreMutation: () => true,
}

// --- Photo ------------------------------------------------------------------------

function photoView({ node, editor, getPos, options }) {
  const { labels, searchUrl } = options
  const dom = element("figure", "body-block photo-block")
  dom.contentEditable = "false"
  const header = element("div", "body-block__header")
  header.append(
    element("span", "body-block__label", labels.blockLabel),
    removeButton(labels, editor, getPos, () => node.nodeSize),
  )
  const preview = element("div", "body-block__preview", labels.loading)
  const alt = attributeInput(node.attrs.alt, (value) => setAttrs(editor, getPos, { alt: value }))
  alt.required = true
  const altHint = element("p", "body-block__error", labels.altMissing)
  altHint.id = uid("alt-hint")
  const caption = attributeInput(node.attrs.caption, (value) =>
    setAttrs(editor, getPos, { caption: value }),
  )
  const width = element("select", "body-block__select")
  for (const value of ["column", "wide"]) {
    const option = element("option", "", labels[value])
    option.value = value
    width.append(option)
  }
  width.addEventListener("change", () => setAttrs(editor, getPos, { width: width.value }))
  const fields = element("div", "body-block__fields")
  fields.append(
    labelled(labels.alt, alt),
    altHint,
    labelled(labels.caption, caption),
    labelled(labels.width, width),
  )
  dom.append(header, preview, fields)

  let shown = null
  function show(current) {
    alt.value = current.attrs.alt || ""
    caption.value = current.attrs.caption || ""
    width.value = current.attrs.width || "column"
    const missing = !alt.value.trim()
    alt.setAttribute("aria-invalid", String(missing))
    if (missing) alt.setAttribute("aria-describedby", altHint.id)
    else alt.removeAttribute("aria-describedby")
    altHint.hidden = !missing
    const imageId = current.attrs.imageId
    if (imageId === shown) return
    shown = imageId
    dom.setAttribute("data-photo", String(imageId))
    lookupImages(searchUrl, [imageId]).then(([image]) => {
      if (shown !== imageId) return
      if (image) {
        preview.replaceChildren(thumbnail(image, labels))
        caption.placeholder = image.caption
      } else {
        preview.replaceChildren(element("p", "body-block__error", labels.missing))
      }
    })
  }
  show(node)

  return {
    dom,
    update(updated) {
      if (updated.type !== node.type) return false
      node = updated
      show(updated)
      return true
    },
    stopEvent: atomView.stopEvent(dom),
    ignoreMutation: atomView.ignoreMutation,
  }
}

export const Photo = Node.create({
  name: "photo",
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,

  addOptions() {
    return { searchUrl: "", labels: {} }
  },

  addAttributes() {
    return {
      imageId: { default: null, parseHTML: (dom) => Number(dom.getAttribute("data-photo")) },
      alt: { default: "", parseHTML: (dom) => dom.getAttribute("data-alt") || "" },
      caption: { default: "", parseHTML: (dom) => dom.getAttribute("data-caption") || "" },
      width: {
        default: "column",
        parseHTML: (dom) => (dom.getAttribute("data-width") === "wide" ? "wide" : "column"),
      },
    }
  },

  parseHTML() {
    return [{ tag: "figure[data-photo]" }]
  },

  // Exactly the marker articles.body expects.
  renderHTML({ node }) {
    const { imageId, width, alt, caption } = node.attrs
    return [
      "figure",
      {
        "data-photo": String(imageId),
        "data-width": width,
        "data-alt": alt,
        "data-caption": caption,
      },
    ]
  },

  addNodeView() {
    const options = this.options
    return ({ node, editor, getPos }) => photoView({ node, editor, getPos, options })
  },

  addMenuItems({ buttons, menu }) {
    const options = this.options
    menu.defineItem({
      name: "photo",
      groups: "blocks",
      command: (editor) =>
        openImagePicker(editor, options, (image) => {
          insertAtom(editor, "photo", {
            imageId: image.id,
            alt: image.alt,
            caption: "",
            width: "column",
          })
          return false
        }),
      button: buttons.text(options.labels.button, options.labels.buttonTitle),
      enabled: (editor) => editor.isEditable,
    })
  },
})

// --- Gallery ----------------------------------------------------------------------

function galleryView({ node, editor, getPos, options }) {
  const { labels, searchUrl } = options
  const dom = element("div", "body-block gallery-block")
  dom.contentEditable = "false"
  const header = element("div", "body-block__header")
  const count = element("span", "body-block__count")
  header.append(
    element("span", "body-block__label", labels.blockLabel),
    count,
    removeButton(labels, editor, getPos, () => node.nodeSize),
  )
  const list = element("ol", "gallery-block__list")
  const add = element("button", "body-block__button", labels.add)
  add.type = "button"
  add.addEventListener("click", () => {
    const chosen = element("span", "image-picker__chosen")
    chosen.setAttribute("aria-live", "polite")
    const say = () => {
      chosen.textContent = labels.chosen.replace("%(count)s", String(node.attrs.imageIds.length))
    }
    say()
    openImagePicker(
      editor,
      options,
      (image) => {
        if (!node.attrs.imageIds.includes(image.id)) {
          setAttrs(editor, getPos, { imageIds: [...node.attrs.imageIds, image.id] })
        }
        say()
        return true
      },
      chosen,
    )
  })
  dom.append(header, list, add)

  function move(index, step) {
    const ids = [...node.attrs.imageIds]
    const [id] = ids.splice(index, 1)
    if (step !== null) ids.splice(index + step, 0, id)
    setAttrs(editor, getPos, { imageIds: ids })
  }

  let shown = ""
  function show(current) {
    const ids = current.attrs.imageIds
    const key = ids.join(",")
    if (key === shown) return
    shown = key
    dom.setAttribute("data-gallery", key)
    count.textContent = labels.chosen.replace("%(count)s", String(ids.length))
    if (!ids.length) {
      list.replaceChildren(element("li", "body-block__error", labels.empty))
      return
    }
    lookupImages(searchUrl, ids).then((found) => {
      if (shown !== key) return
      list.replaceChildren(
        ...found.map((image, index) => {
          const item = element("li", "gallery-block__item")
          item.append(
            image ? thumbnail(image, labels) : element("p", "body-block__error", labels.missing),
          )
          const actions = element("div", "gallery-block__actions")
          for (const [text, step, disabled] of [
            [labels.earlier, -1, index === 0],
            [labels.later, 1, index === ids.length - 1],
            [labels.remove, null, false],
          ]) {
            const button = element("button", "body-block__small", text)
            button.type = "button"
            button.disabled = disabled
            button.addEventListener("click", () => move(index, step))
            actions.append(button)
          }
          item.append(actions)
          return item
        }),
      )
    })
  }
  show(node)

  return {
    dom,
    update(updated) {
      if (updated.type !== node.type) return false
      node = updated
      show(updated)
      return true
    },
    stopEvent: atomView.stopEvent(dom),
    ignoreMutation: atomView.ignoreMutation,
  }
}

export const Gallery = Node.create({
  name: "gallery",
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,

  addOptions() {
    return { searchUrl: "", labels: {} }
  },

  addAttributes() {
    return {
      imageIds: {
        default: [],
        parseHTML: (dom) =>
          (dom.getAttribute("data-gallery") || "")
            .split(",")
            .filter((id) => /^\d+$/.test(id))
            .map(Number),
      },
    }
  },

  parseHTML() {
    return [{ tag: "figure[data-gallery]" }]
  },

  renderHTML({ node }) {
    return ["figure", { "data-gallery": node.attrs.imageIds.join(",") }]
  },

  addNodeView() {
    const options = this.options
    return ({ node, editor, getPos }) => galleryView({ node, editor, getPos, options })
  },

  addMenuItems({ buttons, menu }) {
    const options = this.options
    menu.defineItem({
      name: "gallery",
      groups: "blocks",
      command: (editor) => {
        // Photos picked go into the gallery at once; it shows them as they come.
        let pos = null
        const chosen = element("span", "image-picker__chosen")
        chosen.setAttribute("aria-live", "polite")
        chosen.textContent = options.labels.chosen.replace("%(count)s", "0")
        openImagePicker(
          editor,
          options,
          (image) => {
            if (pos === null) {
              insertAtom(editor, "gallery", { imageIds: [image.id] })
              // The cursor is now in the paragraph right after the new gallery.
              const { $from } = editor.state.selection
              const before = editor.state.doc.resolve($from.before()).nodeBefore
              pos = $from.before() - (before ? before.nodeSize : 0)
            } else {
              const current = editor.state.doc.nodeAt(pos)
              if (current && !current.attrs.imageIds.includes(image.id)) {
                setAttrs(editor, () => pos, { imageIds: [...current.attrs.imageIds, image.id] })
              }
            }
            const count = editor.state.doc.nodeAt(pos)?.attrs.imageIds.length || 0
            chosen.textContent = options.labels.chosen.replace("%(count)s", String(count))
            return true
          },
          chosen,
        )
      },
      button: buttons.text(options.labels.button, options.labels.buttonTitle),
      enabled: (editor) => editor.isEditable,
    })
  },
})

// --- Embed ------------------------------------------------------------------------

const previews = new Map()

function previewEmbed(previewUrl, url) {
  if (!previews.has(url)) {
    const body = new FormData()
    body.append("url", url)
    previews.set(
      url,
      fetchJSON(previewUrl, { method: "POST", body }).catch(() => ({ status: "failed" })),
    )
  }
  return previews.get(url)
}

// Asks again while the server's task fetches the answer (a second, then more).
function waitForPreview(previewUrl, url, onResult, tries = 0) {
  previewEmbed(previewUrl, url).then((result) => {
    onResult(result)
    if (result.status === "pending" && tries < 8) {
      window.setTimeout(() => {
        previews.delete(url)
        waitForPreview(previewUrl, url, onResult, tries + 1)
      }, 1000 * (tries + 1))
    }
  })
}

function describeEmbed(result, labels) {
  const box = element("div", "embed-preview")
  if (result.status === "unknown") {
    box.append(
      element("p", "body-block__error", labels.unknown.replace("%(names)s", labels.providers)),
    )
    return box
  }
  box.append(element("p", "embed-preview__provider", result.provider))
  if (result.status === "ready") {
    box.append(element("p", "embed-preview__title", result.title || result.url))
    if (result.author) box.append(element("p", "embed-preview__author", result.author))
  } else {
    box.append(
      element(
        "p",
        result.status === "failed" ? "body-block__error" : "embed-preview__pending",
        result.status === "failed" ? labels.failed : labels.pending,
      ),
    )
  }
  return box
}

function embedView({ node, editor, getPos, options }) {
  const { labels, previewUrl } = options
  const dom = element("div", "body-block embed-block")
  dom.contentEditable = "false"
  const header = element("div", "body-block__header")
  header.append(
    element("span", "body-block__label", labels.blockLabel),
    removeButton(labels, editor, getPos, () => node.nodeSize),
  )
  const preview = element("div", "body-block__preview", labels.loading)
  const address = element("p", "embed-block__url", node.attrs.url)
  dom.append(header, preview, address)
  dom.setAttribute("data-embed", node.attrs.url)
  waitForPreview(previewUrl, node.attrs.url, (result) =>
    preview.replaceChildren(describeEmbed(result, labels)),
  )
  return {
    dom,
    update: (updated) => updated.type === node.type && updated.attrs.url === node.attrs.url,
    stopEvent: atomView.stopEvent(dom),
    ignoreMutation: atomView.ignoreMutation,
  }
}

function openEmbedDialog(editor, { previewUrl, labels }) {
  const id = uid("embed-dialog")
  const dialog = element("dialog", "prose-editor-dialog embed-dialog")
  dialog.setAttribute("aria-labelledby", `${id}-title`)
  const heading = element("h3", "prose-editor-dialog-title", labels.dialogTitle)
  heading.id = `${id}-title`
  const input = element("input", "embed-dialog__url")
  Object.assign(input, { type: "url", autocomplete: "off", placeholder: labels.placeholder })
  const field = labelled(labels.url, input)
  field.className = "prose-editor-dialog-field"
  const result = element("div", "embed-dialog__preview")
  result.setAttribute("aria-live", "polite")
  const buttons = element("div", "prose-editor-dialog-buttons")
  const previewButton = element("button", "", labels.preview)
  previewButton.type = "button"
  const insert = element("button", "", labels.insert)
  insert.type = "button"
  insert.disabled = true
  const cancel = element("button", "", labels.cancel)
  cancel.type = "button"
  buttons.append(previewButton, insert, cancel)
  dialog.append(heading, field, result, buttons)

  let current = ""
  function preview() {
    const url = input.value.trim()
    if (!url) return
    current = url
    insert.disabled = true
    result.replaceChildren(element("p", "", labels.loading))
    waitForPreview(previewUrl, url, (answer) => {
      if (current !== url) return
      result.replaceChildren(describeEmbed(answer, labels))
      insert.disabled = answer.status === "unknown"
    })
  }

  previewButton.addEventListener("click", preview)
  input.addEventListener("paste", () => window.setTimeout(preview, 0))
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault()
      preview()
    }
  })
  insert.addEventListener("click", () => {
    dialog.close()
    insertAtom(editor, "embed", { url: current })
  })
  cancel.addEventListener("click", () => dialog.close())
  dialog.addEventListener("close", () => {
    dialog.remove()
    if (!editor.isDestroyed) editor.commands.focus()
  })
  editor.view.dom.parentElement.append(dialog)
  dialog.showModal()
}

export const Embed = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,

  addOptions() {
    return { previewUrl: "", labels: {} }
  },

  addAttributes() {
    return { url: { default: "", parseHTML: (dom) => dom.getAttribute("data-embed") || "" } }
  },

  parseHTML() {
    return [{ tag: "figure[data-embed]" }]
  },

  renderHTML({ node }) {
    return ["figure", { "data-embed": node.attrs.url }]
  },

  addNodeView() {
    const options = this.options
    return ({ node, editor, getPos }) => embedView({ node, editor, getPos, options })
  },

  addMenuItems({ buttons, menu }) {
    const options = this.options
    menu.defineItem({
      name: "embed",
      groups: "blocks",
      command: (editor) => openEmbedDialog(editor, options),
      button: buttons.text(options.labels.button, options.labels.buttonTitle),
      enabled: (editor) => editor.isEditable,
    })
  },
})

// --- Quote and Box: text with a labelled field above it ------------------------------

function textBlockView({ node, editor, getPos, labels, attribute, fieldLabel, tag, className }) {
  const dom = element("div", `body-block ${className}`)
  const header = element("div", "body-block__header")
  header.contentEditable = "false"
  const input = attributeInput(node.attrs[attribute], (value) =>
    setAttrs(editor, getPos, { [attribute]: value }),
  )
  const field = labelled(fieldLabel, input)
  header.append(
    element("span", "body-block__label", labels.blockLabel),
    field,
    removeButton(labels, editor, getPos, () => node.nodeSize),
  )
  const contentDOM = element(tag, `${className}__content`)
  dom.append(header, contentDOM)
  return {
    dom,
    contentDOM,
    update(updated) {
      if (updated.type !== node.type) return false
      node = updated
      if (document.activeElement !== input) input.value = updated.attrs[attribute] || ""
      return true
    },
    stopEvent: (event) => header.contains(event.target),
    ignoreMutation: (mutation) => header.contains(mutation.target),
  }
}

export const Quote = Node.create({
  name: "quote",
  group: "block",
  content: "paragraph+",
  defining: true,
  priority: 110,

  addOptions() {
    return { labels: {} }
  },

  addAttributes() {
    return { author: { default: "", parseHTML: (dom) => dom.getAttribute("data-quote") || "" } }
  },

  parseHTML() {
    return [{ tag: "blockquote[data-quote]", priority: 60 }]
  },

  renderHTML({ node }) {
    return ["blockquote", { "data-quote": node.attrs.author }, 0]
  },

  addNodeView() {
    const labels = this.options.labels
    return ({ node, editor, getPos }) =>
      textBlockView({
        node,
        editor,
        getPos,
        labels,
        attribute: "author",
        fieldLabel: labels.author,
        tag: "blockquote",
        className: "quote-block",
      })
  },

  addMenuItems({ buttons, menu }) {
    const labels = this.options.labels
    menu.defineItem({
      name: "quote",
      groups: "blocks",
      command: (editor) =>
        editor
          .chain()
          .focus()
          .insertContent({ type: "quote", attrs: { author: "" }, content: [{ type: "paragraph" }] })
          .run(),
      button: buttons.text(labels.button, labels.buttonTitle),
      enabled: (editor) => editor.isEditable,
    })
  },
})

export const Box = Node.create({
  name: "box",
  group: "block",
  content: "(paragraph | bulletList | orderedList)+",
  defining: true,

  addOptions() {
    return { labels: {} }
  },

  addAttributes() {
    return { title: { default: "", parseHTML: (dom) => dom.getAttribute("data-box") || "" } }
  },

  parseHTML() {
    return [{ tag: "section[data-box]" }]
  },

  renderHTML({ node }) {
    return ["section", { "data-box": node.attrs.title }, 0]
  },

  addNodeView() {
    const labels = this.options.labels
    return ({ node, editor, getPos }) =>
      textBlockView({
        node,
        editor,
        getPos,
        labels,
        attribute: "title",
        fieldLabel: labels.title,
        tag: "div",
        className: "box-block",
      })
  },

  addMenuItems({ buttons, menu }) {
    const labels = this.options.labels
    menu.defineItem({
      name: "box",
      groups: "blocks",
      command: (editor) =>
        editor
          .chain()
          .focus()
          .insertContent({
            type: "box",
            attrs: { title: labels.defaultTitle },
            content: [{ type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph" }] }] }],
          })
          .run(),
      button: buttons.text(labels.button, labels.buttonTitle),
      enabled: (editor) => editor.isEditable,
    })
  },
})

// Extensions of the article body editor, loaded by django-prose-editor's
// "configurable" preset: the widget lists this module in its config's
// js_modules, the preset imports it and finds the extensions by export name.
//
// ReadAlso: the "Lire aussi" block, stored as <aside data-read-also="ID"></aside>
// and shown as a non-editable card with the target's title, section and date.
// NoInjectedStyles: keeps Tiptap from adding a <style> element, which the CSP
// refuses; css/admin-editor.css carries the same rules.
//
// Every text shown comes from Django (translated) through the extension's options.
import { Extension, Node } from "django-prose-editor/editor"

// Articles by id, shared by every editor on the page: a promise of the search
// endpoint's result for that id, or of null when it is not published (any more).
const articles = new Map()
// Ids waiting for the next batched request, with the resolvers of their promises.
const queued = new Map()
const BATCH_SIZE = 20

function element(tag, className, text) {
  const node = document.createElement(tag)
  if (className) node.className = className
  if (text) node.textContent = text
  return node
}

function fetchJSON(url, signal) {
  return fetch(url, {
    headers: { Accept: "application/json" },
    credentials: "same-origin",
    signal,
  }).then((response) => {
    if (!response.ok) throw new Error(`${response.status} ${url}`)
    return response.json()
  })
}

function searchURL(base, params) {
  const url = new URL(base, window.location.href)
  for (const [key, value] of params) url.searchParams.append(key, value)
  return url
}

function flush(searchUrl) {
  const ids = [...queued.keys()].slice(0, BATCH_SIZE)
  const batch = ids.map((id) => [id, queued.get(id)])
  for (const id of ids) queued.delete(id)
  if (queued.size) window.setTimeout(() => flush(searchUrl), 0)
  fetchJSON(searchURL(searchUrl, ids.map((id) => ["id", id])))
    .then(({ results }) => {
      const found = new Map(results.map((article) => [article.id, article]))
      for (const [id, resolve] of batch) resolve(found.get(id) || null)
    })
    .catch(() => {
      // Unknown rather than missing: forget it so that the next view asks again.
      for (const [id, resolve] of batch) {
        articles.delete(id)
        resolve(undefined)
      }
    })
}

// The blocks of a body ask together: one request per 20 of them (the endpoint's limit).
function lookup(searchUrl, id) {
  if (!articles.has(id)) {
    articles.set(
      id,
      new Promise((resolve) => {
        if (!queued.size) window.setTimeout(() => flush(searchUrl), 0)
        queued.set(id, resolve)
      }),
    )
  }
  return articles.get(id)
}

function describe(article) {
  return [article.section, article.date].filter(Boolean).join(" · ")
}

function readAlsoView({ node, editor, getPos, options }) {
  const { labels, searchUrl } = options
  const dom = element("aside", "read-also-block")
  dom.contentEditable = "false"
  const label = element("span", "read-also-block__label", labels.blockLabel)
  const title = element("span", "read-also-block__title")
  const meta = element("span", "read-also-block__meta")
  const remove = element("button", "read-also-block__remove", labels.remove)
  remove.type = "button"
  remove.title = labels.removeTitle
  remove.addEventListener("click", (event) => {
    event.preventDefault()
    const from = getPos()
    if (typeof from !== "number") return
    editor
      .chain()
      .focus()
      .deleteRange({ from, to: from + node.nodeSize })
      .run()
  })
  dom.append(label, title, meta, remove)

  let current = null
  function show(articleId) {
    current = articleId
    dom.setAttribute("data-read-also", String(articleId))
    dom.classList.remove("read-also-block--missing")
    title.textContent = labels.loading
    meta.textContent = ""
    lookup(searchUrl, articleId).then((article) => {
      if (current !== articleId) return
      if (article) {
        title.textContent = article.title
        meta.textContent = describe(article)
      } else {
        dom.classList.add("read-also-block--missing")
        title.textContent = article === null ? labels.missing : labels.unavailable
        meta.textContent = labels.articleNumber.replace("%(id)s", String(articleId))
      }
    })
  }
  show(node.attrs.articleId)

  return {
    dom,
    update(updated) {
      if (updated.type !== node.type) return false
      node = updated
      if (updated.attrs.articleId !== current) show(updated.attrs.articleId)
      return true
    },
    stopEvent: (event) => remove.contains(event.target),
    ignoreMutation: () => true,
  }
}

// The search dialog: type words of a title, pick a published article.
function openPicker(editor, { searchUrl, labels }) {
  const uid = `read-also-${Math.random().toString(36).slice(2, 9)}`
  const dialog = element("dialog", "prose-editor-dialog read-also-picker")
  dialog.setAttribute("aria-labelledby", `${uid}-title`)
  const heading = element("h3", "prose-editor-dialog-title", labels.dialogTitle)
  heading.id = `${uid}-title`
  const field = element("div", "prose-editor-dialog-field")
  const label = element("label", "", labels.search)
  label.htmlFor = `${uid}-query`
  // No name: this input sits inside the article form and must not be sent with it.
  const input = element("input", "read-also-picker__query")
  Object.assign(input, { type: "search", id: `${uid}-query`, autocomplete: "off" })
  input.placeholder = labels.placeholder
  input.setAttribute("role", "combobox")
  input.setAttribute("aria-autocomplete", "list")
  input.setAttribute("aria-controls", `${uid}-results`)
  input.setAttribute("aria-expanded", "false")
  field.append(label, input)
  const status = element("p", "read-also-picker__status")
  status.setAttribute("aria-live", "polite")
  const list = element("ul", "read-also-picker__results")
  list.id = `${uid}-results`
  list.setAttribute("role", "listbox")
  list.setAttribute("aria-label", labels.search)
  const buttons = element("div", "prose-editor-dialog-buttons")
  const cancel = element("button", "", labels.cancel)
  cancel.type = "button"
  buttons.append(cancel)
  dialog.append(heading, field, status, list, buttons)

  let results = []
  let active = -1
  let controller = null
  let timer = null

  function highlight(index) {
    active = index
    list.querySelectorAll("[role=option]").forEach((option, i) => {
      option.setAttribute("aria-selected", String(i === index))
      if (i === index) {
        input.setAttribute("aria-activedescendant", option.id)
        option.scrollIntoView({ block: "nearest" })
      }
    })
    if (index < 0) input.removeAttribute("aria-activedescendant")
  }

  function render() {
    list.replaceChildren(
      ...results.map((article, index) => {
        const option = element("li", "read-also-picker__option")
        option.id = `${uid}-option-${index}`
        option.setAttribute("role", "option")
        option.dataset.articleId = String(article.id)
        option.append(
          element("span", "read-also-picker__title", article.title),
          element("span", "read-also-picker__meta", describe(article)),
        )
        option.addEventListener("mousedown", (event) => event.preventDefault())
        option.addEventListener("click", () => pick(article))
        return option
      }),
    )
    input.setAttribute("aria-expanded", String(results.length > 0))
    highlight(results.length ? 0 : -1)
    status.textContent = results.length ? "" : labels.noResult
  }

  function search() {
    controller?.abort()
    controller = new AbortController()
    status.textContent = labels.searching
    fetchJSON(searchURL(searchUrl, [["q", input.value.trim()]]), controller.signal)
      .then((data) => {
        results = data.results
        render()
      })
      .catch((error) => {
        if (error.name === "AbortError") return
        results = []
        list.replaceChildren()
        status.textContent = labels.error
      })
  }

  function pick(article) {
    // The block shows the title at once, without asking the server again.
    articles.set(article.id, Promise.resolve(article))
    dialog.close()
    editor.chain().focus().insertReadAlso(article.id).run()
  }

  input.addEventListener("input", () => {
    window.clearTimeout(timer)
    timer = window.setTimeout(search, 250)
  })
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault()
      if (!results.length) return
      const step = event.key === "ArrowDown" ? 1 : -1
      highlight((active + step + results.length) % results.length)
    } else if (event.key === "Enter") {
      // Enter would otherwise submit the article form around the dialog.
      event.preventDefault()
      if (results[active]) pick(results[active])
    }
  })
  cancel.addEventListener("click", () => dialog.close())
  dialog.addEventListener("close", () => {
    window.clearTimeout(timer)
    controller?.abort()
    dialog.remove()
    if (!editor.isDestroyed) editor.commands.focus()
  })

  editor.view.dom.parentElement.append(dialog)
  dialog.showModal()
  search()
}

export const ReadAlso = Node.create({
  name: "readAlso",
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,

  addOptions() {
    return { searchUrl: "", labels: {} }
  },

  addAttributes() {
    return {
      articleId: {
        default: null,
        parseHTML: (dom) => Number(dom.getAttribute("data-read-also")),
        renderHTML: (attributes) => ({ "data-read-also": String(attributes.articleId) }),
      },
    }
  },

  parseHTML() {
    return [
      {
        tag: "aside[data-read-also]",
        getAttrs: (dom) => (/^\d+$/.test(dom.getAttribute("data-read-also")) ? null : false),
      },
    ]
  },

  // Exactly the marker articles.body expects: <aside data-read-also="ID"></aside>.
  renderHTML({ HTMLAttributes }) {
    return ["aside", { "data-read-also": HTMLAttributes["data-read-also"] }]
  },

  addNodeView() {
    const options = this.options
    return ({ node, editor, getPos }) => readAlsoView({ node, editor, getPos, options })
  },

  addCommands() {
    return {
      insertReadAlso:
        (articleId) =>
        ({ chain }) =>
          chain()
            .insertContent({ type: this.name, attrs: { articleId } })
            .command(({ tr, commands }) => {
              // The new block ends up selected, and typing would replace it: put
              // the cursor in the paragraph after it (a new one at the very end).
              const { selection } = tr
              if (selection.node?.type.name !== this.name) return true
              const after = selection.to
              if (!tr.doc.resolve(after).nodeAfter?.isTextblock) {
                tr.insert(after, tr.doc.type.schema.nodes.paragraph.create())
              }
              return commands.setTextSelection(after + 1)
            })
            .run(),
    }
  },

  addMenuItems({ buttons, menu }) {
    const options = this.options
    menu.defineItem({
      name: "readAlso",
      groups: "readAlso",
      command: (editor) => openPicker(editor, options),
      button: buttons.text(options.labels.button, options.labels.buttonTitle),
      enabled: (editor) => editor.isEditable,
    })
  },
})

export const NoInjectedStyles = Extension.create({
  name: "noInjectedStyles",

  onBeforeCreate() {
    this.editor.setOptions({ injectCSS: false })
  },
})

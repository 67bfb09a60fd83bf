"""The app's annotation behaviour: create, show, edit, delete/undo, re-attach.

A mixin of ``BriefingApp`` so app.py stays a table of contents; the store
is the only state, the reading pane and lists just show it.
"""

from __future__ import annotations

from textual.binding import Binding

from tui.annotations import Annotation, StoreError, open_store
from tui.model.document import Span
from tui.model.sanitize import sanitize
from tui.ui.dialogs.annotate import AnnotationDialog, AnnotationDraft
from tui.ui.screens.annotations import AnnotationsScreen
from tui.ui.widgets.annotations import AnnotationList
from tui.ui.widgets.positions import plural
from tui.ui.widgets.reader import ReadingPane

ANNOTATION_BINDINGS = [
    Binding("M", "all_annotations", "All annotations", show=False, id="app.annotations"),
    Binding("E", "export_annotations", "Export annotations to Markdown", show=False, id="app.export-annotations"),
]


class AnnotationsMixin:
    """Reads and changes the app's ``model`` (AppState): the store, anchors, undo list."""

    def open_annotation_store(self) -> None:
        try:
            self.store = open_store()
        except StoreError as error:  # e.g. a database from a newer version: refuse, don't touch it
            self.store = None
            self.notify(str(error), title="Annotations are off", severity="error", markup=False, timeout=15)
            return
        if self.store.notice:
            self.notify(self.store.notice, title="Annotations", severity="warning", markup=False, timeout=15)

    # Showing --------------------------------------------------------------
    def refresh_annotations(self) -> None:
        """Re-anchor the open document's annotations and show them everywhere."""
        if self.store is None or self.current is None:
            return
        self.model.anchors = self.store.for_document(self.current)
        placed = [a for a in self.model.anchors if a.start is not None]
        self.reader.set_layer("annotation", [Span(a.start, a.end, "annotation", a.annotation.colour) for a in placed])
        self.side_panel.show_anchors(self.model.anchors)

    # Creating -------------------------------------------------------------
    def on_reading_pane_annotate_requested(self, message: ReadingPane.AnnotateRequested) -> None:
        if self.store is None or self.current is None:
            self.bell()
            return
        if self.model.reattaching is not None:
            self._finish_reattach(message.start, message.end)
            return
        if not message.with_note:
            self.store.add(self.current, message.start, message.end)
            self.refresh_annotations()
            self.notify("Highlighted", timeout=2)
            return
        quote = self.current.text[message.start : message.end]
        document, start, end = self.current, message.start, message.end

        def save(draft: AnnotationDraft | None) -> None:
            if draft is not None:
                self.store.add(document, start, end, note=draft.note, tags=draft.tags, colour=draft.colour)
                self.refresh_annotations()
                tags = " ".join("#" + tag for tag in draft.tags)
                self.notify(sanitize(f"Annotation saved {tags}".rstrip()) + " — M lists them all", markup=False,
                            timeout=3)

        self.push_screen(AnnotationDialog(quote, known_tags=self.store.tags()), save)

    # List commands ----------------------------------------------------------
    def on_annotation_list_command(self, message: AnnotationList.Command) -> None:
        if self.store is None:
            return
        handler = getattr(self, f"_annotation_{message.command}")
        handler(message.annotation_id)

    def _annotation_edit(self, annotation_id: str | None) -> None:
        annotation = self.store.get(annotation_id) if annotation_id else None
        if annotation is None:
            return

        def save(draft: AnnotationDraft | None) -> None:
            if draft is not None:
                self.store.update(annotation.id, note=draft.note, tags=draft.tags, colour=draft.colour)
                self._after_annotation_change()
                self.notify("Annotation saved", timeout=2)

        self.push_screen(AnnotationDialog(annotation.exact, note=annotation.note, tags=annotation.tags,
                                          colour=annotation.colour, known_tags=self.store.tags(),
                                          title="Edit annotation"), save)

    def _annotation_delete(self, annotation_id: str | None) -> None:
        if not annotation_id:
            return
        self.model.deleted.append(self.store.delete(annotation_id))
        self._after_annotation_change()
        self.notify("Annotation deleted — press u to undo", timeout=4)

    def _annotation_undo(self, _annotation_id: str | None) -> None:
        if not self.model.deleted:
            self.bell()
            return
        self.store.restore(self.model.deleted.pop())
        self._after_annotation_change()
        self.notify("Annotation restored", timeout=2)

    def _annotation_reattach(self, annotation_id: str | None) -> None:
        annotation = self.store.get(annotation_id) if annotation_id else None
        if annotation is None or not annotation.orphaned:
            self.notify("Only an orphaned annotation needs re-attaching", timeout=3)
            return
        if isinstance(self.screen, AnnotationsScreen):
            self.screen.dismiss(None)
        self._open_annotation_document(annotation)
        self.model.reattaching = annotation.id
        self.notify("Select the passage (v, then j/k/w) and press a to re-attach it", timeout=8)

    def _finish_reattach(self, start: int, end: int) -> None:
        self.store.reattach(self.model.reattaching, self.current, start, end)
        self.model.reattaching = None
        self.refresh_annotations()
        self.notify("Annotation re-attached", timeout=3)

    def _after_annotation_change(self) -> None:
        self.refresh_annotations()
        if isinstance(self.screen, AnnotationsScreen):
            self.screen.refresh_list()

    def action_export_annotations(self) -> None:
        """Write every annotation as Markdown into the data folder's exports/, under a new name."""
        if self.store is None:
            self.bell()
            return
        from tui.annotations.export import to_markdown
        from tui.ui.exports import export_path

        annotations = self.store.all()
        try:
            target = export_path()
            with open(target, "x", encoding="utf-8") as out:  # never overwrites an export
                out.write(to_markdown(annotations))
        except OSError as error:
            self.notify(sanitize(f"Could not write the export: {error}"), severity="error", markup=False)
            return
        self.notify(sanitize(f"Exported {plural(len(annotations), 'annotation')} to {target}"), markup=False,
                    timeout=8)

    # Corpus-wide screen ---------------------------------------------------
    def action_all_annotations(self) -> None:
        if self.store is None:
            self.bell()
            return

        def jump(annotation: Annotation | None) -> None:
            if annotation is not None:
                self.remember_jump()
                self._open_annotation_document(annotation)

        self.push_screen(AnnotationsScreen(self.store), jump)

    def _open_annotation_document(self, annotation: Annotation) -> None:
        document = self.documents_by_id.get(annotation.document_id)
        if document is None:
            document = next((d for d in self.documents if d.content_hash == annotation.content_hash), None)
        if document is None:
            self.notify(sanitize(f"{annotation.document_path} is not in the open corpus"), severity="warning",
                        markup=False)
            return
        if document is not self.current:
            self.open_document(document)
        anchor = next((a for a in self.model.anchors if a.annotation.id == annotation.id), None)
        if anchor is not None and anchor.start is not None:
            self.reader.move_cursor(anchor.start)
        self.reader.focus()

package org.cordon.eclipse.editor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.cordon.eclipse.services.PolicySnapshot;
import org.cordon.model.Diagnostic;
import org.cordon.model.SourcePos;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;

/**
 * Shows what {@code cordon check} reports as problem markers on the policy's workspace files (the
 * Problems view lists them; a counterexample's path is in the marker's {@code related} attribute),
 * or, for a file outside the workspace, as annotations in its editor.
 */
final class Problems {

    /** The marker type, declared in plugin.xml. */
    static final String MARKER = "org.cordon.eclipse.problem";
    /** Marker attributes: the diagnostic's code (as in {@code cordon check --format json}) and its notes. */
    static final String CODE = "code";
    static final String RELATED = "related";

    private static final Map<IAnnotationModel, List<Annotation>> SHOWN = new HashMap<>();

    private Problems() {
    }

    static void show(EditedFile edited, PolicySnapshot snapshot, List<Diagnostic> diagnostics) {
        Map<Path, List<Diagnostic>> byFile = new LinkedHashMap<>();
        snapshot.texts().keySet().forEach(p -> byFile.put(p, new ArrayList<>()));
        for (Diagnostic d : diagnostics) {
            Path file = knownFile(d.pos(), snapshot);
            byFile.get(file).add(file.toString().equals(d.pos().file()) ? d
                    : new Diagnostic(d.severity(), d.code(), d.message(), new SourcePos(file.toString(), 1, 1, 0, 0), d.related()));
        }
        Map<IFile, List<Diagnostic>> markers = new LinkedHashMap<>();
        byFile.forEach((path, ds) -> {
            IFile f = path.equals(edited.path()) ? edited.resource() : EditedFile.workspaceFile(path);
            if (f != null) {
                markers.put(f, ds);
            }
        });
        if (!markers.isEmpty()) {
            mark(markers);
        }
        if (edited.resource() == null) {
            annotate(edited, byFile.getOrDefault(edited.path(), List.of()));
        }
    }

    /** Diagnostics not in one of the policy's files (built-in definitions) are shown on the edited file. */
    private static Path knownFile(SourcePos pos, PolicySnapshot snapshot) {
        return snapshot.texts().keySet().stream().filter(p -> p.toString().equals(pos.file())).findFirst()
                .orElse(snapshot.focus());
    }

    private static void mark(Map<IFile, List<Diagnostic>> markers) {
        IWorkspace workspace = ResourcesPlugin.getWorkspace();
        try {
            workspace.run(monitor -> {
                for (var e : markers.entrySet()) {
                    IFile file = e.getKey();
                    if (!file.isAccessible()) {
                        continue;
                    }
                    file.deleteMarkers(MARKER, true, IResource.DEPTH_ZERO);
                    for (Diagnostic d : e.getValue()) {
                        file.createMarker(MARKER, attributes(d));
                    }
                }
            }, null, IWorkspace.AVOID_UPDATE, null);
        } catch (CoreException e) {
            ILog.of(Problems.class).error("Cordon: cannot update problem markers", e);
        }
    }

    static Map<String, Object> attributes(Diagnostic d) {
        Map<String, Object> a = new HashMap<>();
        a.put(IMarker.SEVERITY, switch (d.severity()) {
            case ERROR -> IMarker.SEVERITY_ERROR;
            case WARNING -> IMarker.SEVERITY_WARNING;
            case INFO -> IMarker.SEVERITY_INFO;
        });
        a.put(IMarker.MESSAGE, d.message());
        a.put(IMarker.LINE_NUMBER, Math.max(1, d.pos().line()));
        a.put(IMarker.CHAR_START, d.pos().offset());
        a.put(IMarker.CHAR_END, d.pos().offset() + d.pos().length());
        a.put(IMarker.SOURCE_ID, "Cordon");
        a.put(CODE, d.code().id());
        if (!d.related().isEmpty()) {
            a.put(RELATED, d.related().stream().map(r -> r.pos() + ": " + r.message()).collect(Collectors.joining("\n")));
        }
        return a;
    }

    private static void annotate(EditedFile edited, List<Diagnostic> diagnostics) {
        IAnnotationModel model = edited.buffer().getAnnotationModel();
        if (model == null) {
            return;
        }
        synchronized (SHOWN) {
            SHOWN.getOrDefault(model, List.of()).forEach(model::removeAnnotation);
            List<Annotation> added = new ArrayList<>();
            for (Diagnostic d : diagnostics) {
                String type = switch (d.severity()) {
                    case ERROR -> "org.eclipse.ui.workbench.texteditor.error";
                    case WARNING -> "org.eclipse.ui.workbench.texteditor.warning";
                    case INFO -> "org.eclipse.ui.workbench.texteditor.info";
                };
                Annotation a = new Annotation(type, false, d.message());
                model.addAnnotation(a, new Position(d.pos().offset(), d.pos().length()));
                added.add(a);
            }
            SHOWN.put(model, added);
        }
    }
}

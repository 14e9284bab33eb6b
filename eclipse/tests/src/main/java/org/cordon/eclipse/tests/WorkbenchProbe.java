package org.cordon.eclipse.tests;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextOperationTarget;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.quickassist.IQuickAssistProcessor;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.jface.text.source.TextInvocationContext;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IStartup;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.part.PageBookView;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * Runs inside the workbench once it is up: imports a policy folder as a project, opens one of its
 * files, and writes what the workbench shows (the editor, Cordon's markers, content assist, hover,
 * outline, colouring, a screenshot) to a JSON file that the JUnit side checks. Then closes the
 * workbench. Driven by system properties {@code cordon.test.*}.
 */
public class WorkbenchProbe implements IStartup {

    private static final String MARKER = "org.cordon.eclipse.problem";
    private static final long TIMEOUT_MS = 120_000;

    @Override
    public void earlyStartup() {
        Path result = Path.of(System.getProperty("cordon.test.result"));
        JsonObject out = new JsonObject();
        try {
            probe(out);
        } catch (Throwable t) {
            java.io.StringWriter w = new java.io.StringWriter();
            t.printStackTrace(new java.io.PrintWriter(w));
            out.addProperty("error", w.toString());
        }
        try {
            Path tmp = result.resolveSibling(result.getFileName() + ".tmp");
            Files.writeString(tmp, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(out),
                    StandardCharsets.UTF_8);
            Files.move(tmp, result, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            e.printStackTrace();
        }
        Display.getDefault().asyncExec(() -> {
            // the edit leaves the editor dirty: close it unsaved, or closing the workbench would ask
            var window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
            if (window != null && window.getActivePage() != null) {
                window.getActivePage().closeAllEditors(false);
            }
            PlatformUI.getWorkbench().close();
        });
    }

    private void probe(JsonObject out) throws Exception {
        Path folder = Path.of(System.getProperty("cordon.test.policy"));
        String open = System.getProperty("cordon.test.open");
        Display display = Display.getDefault();

        JsonArray unresolved = new JsonArray();
        for (Bundle b : FrameworkUtil.getBundle(getClass()).getBundleContext().getBundles()) {
            if (b.getState() == Bundle.INSTALLED) {
                unresolved.add(b.getSymbolicName());
            }
        }
        out.add("unresolvedBundles", unresolved);

        // the policy folder as a project, as a user would import it
        IWorkspace workspace = ResourcesPlugin.getWorkspace();
        IProject project = workspace.getRoot().getProject("policy");
        IProjectDescription description = workspace.newProjectDescription("policy");
        description.setLocationURI(folder.toUri());
        project.create(description, null);
        project.open(null);
        project.setDefaultCharset("UTF-8", null);
        IFile file = project.getFile(open);

        IEditorPart editor = ui(display, () -> {
            try {
                // no window manager under Xvfb: fill the screen by hand
                PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell().setBounds(display.getBounds());
                IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
                page.showView("org.eclipse.ui.views.ContentOutline");
                page.showView("org.eclipse.ui.views.ProblemView");
                return IDE.openEditor(page, file, true);
            } catch (CoreException e) {
                throw new IllegalStateException(e);
            }
        });
        out.addProperty("editorId", ui(display, () -> editor.getSite().getId()));
        out.addProperty("editorClass", editor.getClass().getName());
        out.addProperty("contentType", file.getContentDescription().getContentType().getId());
        ITextEditor text = (ITextEditor) editor;
        ITextViewer viewer = (ITextViewer) editor.getAdapter(ITextOperationTarget.class);
        IDocument document = text.getDocumentProvider().getDocument(text.getEditorInput());

        // markers: the reconciler checks when the editor opens; wait for its verdict on the whole policy
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (file.findMarkers(MARKER, false, IResource.DEPTH_ZERO).length == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(1500);
        JsonArray markers = markers(project);
        out.add("markers", markers);
        // every other problem in the workspace, for the record (the Problems view shows them too)
        JsonArray others = new JsonArray();
        for (IMarker m : workspace.getRoot().findMarkers(IMarker.PROBLEM, true, IResource.DEPTH_INFINITE)) {
            if (!m.getType().equals(MARKER)) {
                others.add(m.getType() + " on " + m.getResource().getFullPath() + ": " + m.getAttribute(IMarker.MESSAGE, ""));
            }
        }
        out.add("otherProblems", others);

        // colouring: the first keyword is styled by Cordon's presentation reconciler
        String content = document.get();
        int keyword = firstWord(content, "layer");
        out.addProperty("keywordStyle", ui(display, () -> {
            StyledText widget = viewer.getTextWidget();
            StyleRange r = widget.getStyleRangeAtOffset(keyword);
            return r == null || r.foreground == null ? "none"
                    : r.foreground.getRGB() + ((r.fontStyle & SWT.BOLD) != 0 ? " bold" : "");
        }));

        // hover, through the hover provider contributed for Cordon's content type
        int perm = content.indexOf(".writeconsole") >= 0 ? content.indexOf(".writeconsole") + 1 : content.indexOf("map_write");
        out.addProperty("hover", ui(display, () -> hover(viewer, perm)));

        // outline: what the Outline view shows for the editor
        out.add("outline", ui(display, () -> {
            JsonArray rows = new JsonArray();
            IViewPart view = editor.getSite().getPage().findView("org.eclipse.ui.views.ContentOutline");
            if (view instanceof PageBookView book && book.getCurrentPage() instanceof IContentOutlinePage page
                    && page.getControl() instanceof Tree tree) {
                for (TreeItem item : tree.getItems()) {
                    rows.add(item.getText());
                    for (TreeItem child : item.getItems()) {
                        rows.add("  " + child.getText());
                    }
                }
            }
            return rows;
        }));

        // content assist, through the editor's own command, after "xen." in a rule (the catalogue's permissions)
        String assistAfter = System.getProperty("cordon.test.assistAfter");
        int caret = content.indexOf(assistAfter) + assistAfter.length();
        out.addProperty("assistOffset", caret);
        ui(display, () -> {
            text.selectAndReveal(caret, 0);
            ((ITextOperationTarget) viewer).doOperation(ISourceViewer.CONTENTASSIST_PROPOSALS);
            return null;
        });
        List<String> proposals = new ArrayList<>();
        deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (proposals.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            proposals = ui(display, () -> proposalsShown(display));
        }
        JsonArray shown = new JsonArray();
        proposals.forEach(shown::add);
        out.add("proposals", shown);

        // the screenshot: the editor with its markers, the outline, the problems and the proposals open
        Thread.sleep(1000);
        Path png = Path.of(System.getProperty("cordon.test.screenshot"));
        ui(display, () -> {
            GC gc = new GC(display);
            Rectangle bounds = display.getBounds();
            Image image = new Image(display, bounds.width, bounds.height);
            gc.copyArea(image, 0, 0);
            gc.dispose();
            ImageLoader loader = new ImageLoader();
            loader.data = new org.eclipse.swt.graphics.ImageData[] { image.getImageData() };
            loader.save(png.toString(), SWT.IMAGE_PNG);
            image.dispose();
            return null;
        });
        out.addProperty("screenshot", png.toString());

        // as you type: the fix the IT names (a line removed) clears the verdict, and the markers follow
        String remove = System.getProperty("cordon.test.fix");
        ui(display, () -> {
            try {
                int at = document.get().indexOf(remove);
                document.replace(at, remove.length(), "");
            } catch (org.eclipse.jface.text.BadLocationException e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
        deadline = System.currentTimeMillis() + TIMEOUT_MS;
        JsonArray after = markers(project);
        while (after.toString().contains("\"isolation\"") && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            after = markers(project);
        }
        Thread.sleep(1000);
        out.add("markersAfterFix", markers(project));

        // quick fix (Ctrl+1): a misspelt permission, fixed through the contributed quick-assist processor
        String typo = System.getProperty("cordon.test.typo");
        int typoAt = ui(display, () -> {
            int at = document.get().indexOf(typo);
            try {
                document.replace(at, typo.length(), typo.substring(0, typo.length() - 1));
            } catch (org.eclipse.jface.text.BadLocationException e) {
                throw new IllegalStateException(e);
            }
            return at;
        });
        deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!markers(project).toString().contains("\"unknown-permission\"") && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        out.add("quickFixes", ui(display, () -> {
            JsonArray titles = new JsonArray();
            for (IConfigurationElement e : Platform.getExtensionRegistry()
                    .getConfigurationElementsFor("org.eclipse.ui.genericeditor.quickAssistProcessors")) {
                if (!"org.cordon.eclipse.policy".equals(e.getAttribute("contentType"))) {
                    continue;
                }
                try {
                    IQuickAssistProcessor p = (IQuickAssistProcessor) e.createExecutableExtension("class");
                    ICompletionProposal[] fixes = p.computeQuickAssistProposals(
                            new TextInvocationContext((ISourceViewer) viewer, typoAt + 2, 0));
                    for (ICompletionProposal fix : fixes) {
                        titles.add(fix.getDisplayString());
                    }
                    if (fixes.length > 0) {
                        fixes[0].apply(document);
                    }
                } catch (CoreException ex) {
                    throw new IllegalStateException(ex);
                }
            }
            return titles;
        }));
        out.addProperty("fixedText", ui(display, () -> document.get().contains(typo)));
    }


    /** Cordon's markers on the project's policy files. */
    private static JsonArray markers(IProject project) throws CoreException {
        JsonArray markers = new JsonArray();
        for (IResource r : project.members()) {
            if (r instanceof IFile f && f.getName().endsWith(".cordon")) {
                for (IMarker m : f.findMarkers(MARKER, false, IResource.DEPTH_ZERO)) {
                    JsonObject o = new JsonObject();
                    o.addProperty("file", f.getName());
                    o.addProperty("severity", switch (m.getAttribute(IMarker.SEVERITY, -1)) {
                        case IMarker.SEVERITY_ERROR -> "error";
                        case IMarker.SEVERITY_WARNING -> "warning";
                        default -> "info";
                    });
                    o.addProperty("code", m.getAttribute("code", ""));
                    o.addProperty("message", m.getAttribute(IMarker.MESSAGE, ""));
                    o.addProperty("line", m.getAttribute(IMarker.LINE_NUMBER, -1));
                    o.addProperty("offset", m.getAttribute(IMarker.CHAR_START, -1));
                    o.addProperty("length", m.getAttribute(IMarker.CHAR_END, -1) - m.getAttribute(IMarker.CHAR_START, -1));
                    o.addProperty("related", m.getAttribute("related", ""));
                    markers.add(o);
                }
            }
        }
        return markers;
    }

    private static int firstWord(String text, String word) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s*(" + word + ")\\b").matcher(text);
        return m.find() ? m.start(1) : -1;
    }

    private static String hover(ITextViewer viewer, int offset) {
        for (IConfigurationElement e : Platform.getExtensionRegistry()
                .getConfigurationElementsFor("org.eclipse.ui.genericeditor.hoverProviders")) {
            if ("org.cordon.eclipse.policy".equals(e.getAttribute("contentType"))) {
                try {
                    ITextHover h = (ITextHover) e.createExecutableExtension("class");
                    return h.getHoverInfo(viewer, new Region(offset, 0));
                } catch (CoreException ex) {
                    throw new IllegalStateException(ex);
                }
            }
        }
        return null;
    }

    /** The rows of the completion popup, if it is open. */
    private static List<String> proposalsShown(Display display) {
        List<String> rows = new ArrayList<>();
        for (Shell shell : display.getShells()) {
            collect(shell, rows);
        }
        return rows;
    }

    private static void collect(Shell shell, List<String> rows) {
        if (!shell.isVisible()) {
            return;
        }
        for (Control c : shell.getChildren()) {
            if (c instanceof Table table && !table.isDisposed()) {
                for (TableItem item : table.getItems()) {
                    rows.add(item.getText());
                }
            }
        }
    }

    private static <T> T ui(Display display, Supplier<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        display.syncExec(() -> {
            try {
                result.set(work.get());
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }
}

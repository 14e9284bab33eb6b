package org.cordon.eclipse.services;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.cordon.driver.Driver;
import org.cordon.dsl.ide.quickfix.CordonCodeActions;
import org.cordon.dsl.load.CordonFrontEnd;
import org.cordon.model.Diagnostic;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.xtext.findReferences.IReferenceFinder;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.contentassist.ContentAssistService;
import org.eclipse.xtext.ide.server.hover.IHoverService;
import org.eclipse.xtext.ide.server.symbol.DocumentSymbolService;
import org.eclipse.xtext.ide.server.symbol.HierarchicalDocumentSymbolService;
import org.eclipse.xtext.resource.IResourceFactory;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * One moment of an edited policy: the texts of its files (the edited one as in the editor), with
 * what editors ask of it answered by the same services the language server uses — and its problems
 * by the same passes as {@code cordon check}. Xtext resources are not thread-safe: one caller at a time.
 */
public final class PolicySnapshot {

    private final Path focus;
    private final Map<Path, String> texts;
    private XtextResource resource;
    private XtextResourceSet resourceSet;
    private Document document;

    /** @param texts the policy's files (see {@link PolicySources}), including {@code focus} */
    public PolicySnapshot(Path focus, Map<Path, String> texts) {
        this.focus = focus.toAbsolutePath();
        this.texts = new LinkedHashMap<>(texts);
        this.texts.putIfAbsent(this.focus, "");
    }

    public Path focus() {
        return focus;
    }

    /** The edited file's text. */
    public String text() {
        return texts.get(focus);
    }

    public Map<Path, String> texts() {
        return texts;
    }

    /** Everything {@code cordon check} reports on these files, named by their absolute paths. */
    public List<Diagnostic> check() {
        List<CordonFrontEnd.Source> sources = new ArrayList<>();
        texts.forEach((path, text) -> sources.add(new CordonFrontEnd.Source(path.toString(), text)));
        return Driver.check(sources).diagnostics();
    }

    public synchronized List<CompletionItem> complete(int offset) {
        load();
        CompletionParams params = new CompletionParams(id(), position(offset));
        return CordonIde.injector().getInstance(ContentAssistService.class)
                .createCompletionList(document, resource, params, CancelIndicator.NullImpl).getItems();
    }

    /** Markdown, or null where there is nothing to say. */
    public synchronized Hover hover(int offset) {
        load();
        Hover h = CordonIde.injector().getInstance(IHoverService.class)
                .hover(document, resource, new HoverParams(id(), position(offset)), CancelIndicator.NullImpl);
        return h == null || h.getContents() == null || h == IHoverService.EMPTY_HOVER ? null : h;
    }

    /** The outline: layers and what they declare. */
    public synchronized List<DocumentSymbol> symbols() {
        load();
        return CordonIde.injector().getInstance(HierarchicalDocumentSymbolService.class)
                .getSymbols(document, resource, new DocumentSymbolParams(id()), CancelIndicator.NullImpl);
    }

    /** Where the name at {@code offset} is declared, in any file of the policy. */
    public synchronized List<? extends Location> definitions(int offset) {
        load();
        IReferenceFinder.IResourceAccess access = new IReferenceFinder.IResourceAccess() {
            @Override
            public <R> R readOnly(URI uri, org.eclipse.xtext.util.concurrent.IUnitOfWork<R, org.eclipse.emf.ecore.resource.ResourceSet> work) {
                try {
                    return work.exec(resourceSet);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        return CordonIde.injector().getInstance(DocumentSymbolService.class).getDefinitions(document, resource,
                new DefinitionParams(id(), position(offset)), access, CancelIndicator.NullImpl);
    }

    /** The quick fixes for a problem of the edited file (as the language server offers them). */
    public synchronized List<Either<Command, CodeAction>> fixes(org.eclipse.lsp4j.Diagnostic problem) {
        load();
        CordonCodeActions.Policy policy = new CordonCodeActions.Policy() {
            @Override
            public String text() {
                return PolicySnapshot.this.text();
            }

            @Override
            public <T> T withResources(Function<ResourceSet, T> work) {
                return work.apply(resourceSet);
            }
        };
        return CordonCodeActions.fixes(id().getUri(), policy, problem);
    }

    /** The URI the language services give the file at {@code path}. */
    public static String uriOf(Path path) {
        return uri(path.toAbsolutePath()).toString();
    }

    /** The offset of an LSP position in the edited text. */
    public synchronized int offset(Position p) {
        load();
        return document.getOffSet(p);
    }

    public synchronized Position position(int offset) {
        load();
        return document.getPosition(Math.max(0, Math.min(offset, text().length())));
    }

    private TextDocumentIdentifier id() {
        return new TextDocumentIdentifier(uri(focus).toString());
    }

    private static URI uri(Path p) {
        return URI.createFileURI(p.toString());
    }

    private void load() {
        if (resource != null) {
            return;
        }
        var injector = CordonIde.injector();
        XtextResourceSet set = injector.getInstance(XtextResourceSet.class);
        // this set's own factory: other Xtext languages or setups in the framework cannot change what it builds
        set.getResourceFactoryRegistry().getExtensionToFactoryMap().put("cordon", injector.getInstance(IResourceFactory.class));
        texts.forEach((path, text) -> {
            XtextResource r = (XtextResource) set.createResource(uri(path));
            try {
                r.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Map.of());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (path.equals(focus)) {
                resource = r;
            }
        });
        resourceSet = set;
        document = new Document(1, text());
    }
}

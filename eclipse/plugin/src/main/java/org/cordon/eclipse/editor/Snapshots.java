package org.cordon.eclipse.editor;

import java.nio.file.Path;
import java.util.Map;
import java.util.WeakHashMap;
import org.cordon.eclipse.services.PolicySnapshot;
import org.cordon.eclipse.services.PolicySources;
import org.eclipse.jface.text.IDocument;

/**
 * The current {@link PolicySnapshot} of each open document, shared by colouring, assist, hover,
 * outline and markers, and rebuilt only when a text of the policy changed.
 */
final class Snapshots {

    private static final Map<IDocument, PolicySnapshot> CURRENT = new WeakHashMap<>();

    private Snapshots() {
    }

    static PolicySnapshot of(IDocument document) {
        String text = document.get();
        Map<Path, String> texts;
        Path focus;
        var file = EditedFile.of(document);
        if (file.isPresent()) {
            focus = file.get().path();
            texts = PolicySources.of(focus, text, EditedFile::openText);
        } else {
            // a document with no file (a compare viewer, say) stands alone
            focus = Path.of(System.getProperty("java.io.tmpdir"), "untitled.cordon").toAbsolutePath();
            texts = Map.of(focus, text);
        }
        synchronized (CURRENT) {
            PolicySnapshot s = CURRENT.get(document);
            if (s != null && s.focus().equals(focus) && s.texts().equals(texts)) {
                return s;
            }
            s = new PolicySnapshot(focus, texts);
            CURRENT.put(document, s);
            return s;
        }
    }
}

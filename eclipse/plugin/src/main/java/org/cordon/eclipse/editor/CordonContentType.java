package org.cordon.eclipse.editor;

import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.content.IContentType;
import org.eclipse.ui.IEditorInput;

/** The content type of Cordon policies, declared in plugin.xml for {@code *.cordon}. */
public final class CordonContentType {

    public static final String ID = "org.cordon.eclipse.policy";

    private CordonContentType() {
    }

    static boolean isCordon(IEditorInput input) {
        if (input == null || input.getName() == null) {
            return false;
        }
        IContentType cordon = Platform.getContentTypeManager().getContentType(ID);
        IContentType type = Platform.getContentTypeManager().findContentTypeFor(input.getName());
        return cordon != null && type != null && type.isKindOf(cordon);
    }
}

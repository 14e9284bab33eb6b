package org.cordon.eclipse.editor;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.filebuffers.ITextFileBufferManager;
import org.eclipse.core.filesystem.EFS;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.text.IDocument;

/**
 * The file behind an editor's document: its path on disk and, where it is in the workspace, the
 * resource that carries its problem markers.
 */
record EditedFile(Path path, IFile resource, ITextFileBuffer buffer) {

    static Optional<EditedFile> of(IDocument document) {
        if (document == null) {
            return Optional.empty();
        }
        ITextFileBuffer buffer = FileBuffers.getTextFileBufferManager().getTextFileBuffer(document);
        if (buffer == null || buffer.getFileStore() == null) {
            return Optional.empty();
        }
        URI uri = buffer.getFileStore().toURI();
        if (!"file".equals(uri.getScheme())) {
            return Optional.empty();
        }
        return Optional.of(new EditedFile(Path.of(uri).toAbsolutePath(), workspaceFile(Path.of(uri)), buffer));
    }

    /** The workspace resource for a file on disk, if the workspace has it. */
    static IFile workspaceFile(Path path) {
        IFile[] files = ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(path.toAbsolutePath().toUri());
        return Arrays.stream(files).filter(IFile::isAccessible).findFirst().orElse(null);
    }

    /** The text of a file as an open editor has it, unsaved changes included. */
    static Optional<String> openText(Path path) {
        ITextFileBufferManager manager = FileBuffers.getTextFileBufferManager();
        ITextFileBuffer b = manager.getFileStoreTextFileBuffer(EFS.getLocalFileSystem().getStore(path.toUri()));
        if (b == null) {
            IFile file = workspaceFile(path);
            b = file == null ? null : manager.getTextFileBuffer(file.getFullPath(), org.eclipse.core.filebuffers.LocationKind.IFILE);
        }
        return b == null ? Optional.empty() : Optional.of(b.getDocument().get());
    }
}

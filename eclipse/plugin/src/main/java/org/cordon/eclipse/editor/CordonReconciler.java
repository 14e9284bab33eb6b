package org.cordon.eclipse.editor;

import org.cordon.eclipse.services.PolicySnapshot;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.reconciler.DirtyRegion;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.reconciler.IReconcilingStrategyExtension;
import org.eclipse.jface.text.reconciler.MonoReconciler;

/**
 * Problems as you type: after a pause in editing (and when the editor opens) the driver's passes (what
 * {@code cordon check} runs: front end, checks, lowering, encoding, translation validation, verifier, placement) run
 * in-process on the policy this file belongs to, in the reconciler's background thread, and the problem markers of
 * all its files are replaced.
 */
public class CordonReconciler extends MonoReconciler {

    public CordonReconciler() {
        super(new Strategy(), false);
        setDelay(300);
    }

    private static final class Strategy implements IReconcilingStrategy, IReconcilingStrategyExtension {
        private IDocument document;

        @Override
        public void setDocument(IDocument document) {
            this.document = document;
        }

        @Override
        public void reconcile(DirtyRegion dirtyRegion, IRegion subRegion) {
            check();
        }

        @Override
        public void reconcile(IRegion partition) {
            check();
        }

        @Override
        public void initialReconcile() {
            check();
        }

        @Override
        public void setProgressMonitor(IProgressMonitor monitor) {
        }

        private void check() {
            IDocument d = document;
            EditedFile.of(d).ifPresent(file -> {
                try {
                    PolicySnapshot snapshot = Snapshots.of(d);
                    Problems.show(file, snapshot, snapshot.check());
                } catch (RuntimeException | LinkageError e) {
                    ILog.of(CordonReconciler.class).error("Cordon: checking " + file.path() + " failed", e);
                }
            });
        }
    }
}

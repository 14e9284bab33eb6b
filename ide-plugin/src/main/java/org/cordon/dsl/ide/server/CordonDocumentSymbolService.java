package org.cordon.dsl.ide.server;

import java.util.ArrayList;
import java.util.List;
import com.google.inject.Inject;
import org.cordon.dsl.naming.CordonExports;
import org.eclipse.lsp4j.WorkspaceSymbol;
import org.eclipse.xtext.findReferences.IReferenceFinder;
import org.eclipse.xtext.ide.server.symbol.DocumentSymbolService;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.resource.IResourceDescription;
import org.eclipse.xtext.service.OperationCanceledManager;
import org.eclipse.xtext.util.CancelIndicator;

/** Xtext's, with each class's VMs among the workspace symbols after the class: the index has them in its entry. */
public class CordonDocumentSymbolService extends DocumentSymbolService {

    @Inject
    private OperationCanceledManager canceled;

    @Override
    public List<? extends WorkspaceSymbol> getSymbols(IResourceDescription description, String query,
            IReferenceFinder.IResourceAccess resourceAccess, CancelIndicator cancelIndicator) {
        List<WorkspaceSymbol> symbols = new ArrayList<>();
        for (IEObjectDescription exported : description.getExportedObjects()) {
            for (IEObjectDescription named : withVms(exported)) {
                canceled.checkCanceled(cancelIndicator);
                if (filter(named, query)) {
                    createSymbol(named, resourceAccess, symbols::add);
                }
            }
        }
        return symbols;
    }

    private static List<IEObjectDescription> withVms(IEObjectDescription exported) {
        List<IEObjectDescription> vms = CordonExports.vms(exported);
        if (vms.isEmpty()) {
            return List.of(exported);
        }
        List<IEObjectDescription> all = new ArrayList<>(vms.size() + 1);
        all.add(exported);
        all.addAll(vms);
        return all;
    }
}

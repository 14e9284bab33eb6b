package org.cordon.dsl.ide.quickfix;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import java.util.List;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ShowDocumentParams;
import org.eclipse.lsp4j.ShowDocumentResult;
import org.eclipse.xtext.ide.server.ILanguageServerAccess;
import org.eclipse.xtext.ide.server.commands.IExecutableCommandService;
import org.eclipse.xtext.util.CancelIndicator;

/** {@code cordon.showLocation URI RANGE}: asks the editor to open a file at a range (the forbid a rule breaks). */
public class ShowLocation implements IExecutableCommandService {

    public static final String COMMAND = "cordon.showLocation";

    @Override
    public List<String> initialize() {
        return List.of(COMMAND);
    }

    @Override
    public Object execute(ExecuteCommandParams params, ILanguageServerAccess access, CancelIndicator cancel) {
        if (!COMMAND.equals(params.getCommand()) || params.getArguments().size() != 2) {
            return null;
        }
        Gson gson = new Gson();
        String uri = text(gson, params.getArguments().get(0));
        Range range = params.getArguments().get(1) instanceof Range r ? r
                : gson.fromJson(gson.toJsonTree(params.getArguments().get(1)), Range.class);
        ShowDocumentParams show = new ShowDocumentParams(uri);
        show.setSelection(range);
        show.setTakeFocus(true);
        ShowDocumentResult shown = access.getLanguageClient().showDocument(show).join();
        return shown != null && shown.isSuccess();
    }

    private static String text(Gson gson, Object argument) {
        return argument instanceof JsonElement e ? e.getAsString() : String.valueOf(argument);
    }
}

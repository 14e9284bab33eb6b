package org.cordon.dsl.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.cordon.dsl.TestFrontEnd;
import org.cordon.dsl.cordon.CordonPackage;
import org.cordon.dsl.cordon.Layer;
import org.cordon.dsl.cordon.Model;
import org.cordon.dsl.cordon.Rule;
import org.cordon.dsl.cordon.Vm;
import org.cordon.dsl.cordon.VmClass;
import org.cordon.dsl.load.CordonFrontEnd;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.build.ResolvedResourceDescription;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.resource.IResourceDescription;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.resource.impl.DefaultResourceDescriptionDelta;
import org.eclipse.xtext.resource.impl.DefaultResourceDescriptionManager;
import org.eclipse.xtext.resource.impl.ResourceDescriptionsData;
import org.eclipse.xtext.scoping.IGlobalScopeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VMs are left out of Xtext's index and found through their class's entry, by linking, scopes and rebuilds. */
class CordonExportsTest {

    private static final String FLEET = "policy p target xen 4.22\nlayer fleet {\n"
            + "  class bank { vm web features { introspection deny } vm db }\n  domain dom0 : control singleton\n"
            + "  export dom0, bank.db\n}\n";
    private static final String HOST = "layer hosting over fleet {\n  allow dom0 manage bank.db\n}\n";

    @Test
    void aClassEntryNamesItsVmsAndTheirPlacesAndNoVmHasAnEntry() {
        XtextResource fleet = TestFrontEnd.parse(FLEET);
        IResourceDescription description = description(fleet);
        List<String> names = exportedNames(fleet);
        // everything named but the VMs, which the qualified name provider names bank.web and bank.db
        assertEquals(namedButVms(fleet), names);
        assertTrue(names.containsAll(List.of("p", "fleet", "bank", "dom0")), names.toString());
        IEObjectDescription bank = entry(description, "bank");
        assertEquals("web:0 db:2", bank.getUserData(CordonExports.VMS));
        List<IEObjectDescription> vms = CordonExports.vms(bank);
        assertEquals(List.of("bank.web", "bank.db"), vms.stream().map(d -> d.getName().toString()).toList());
        VmClass cls = (VmClass) bank.getEObjectOrProxy();
        assertSame(cls.getItems().get(2), vms.get(1).getEObjectOrProxy());
        // from the index's copy, as the language server holds it: proxies at EMF's own paths
        IEObjectDescription copied = entry(new ResolvedResourceDescription(description), "bank");
        List<IEObjectDescription> proxies = CordonExports.vms(copied);
        assertTrue(proxies.get(1).getEObjectOrProxy().eIsProxy());
        assertEquals(EcoreUtil.getURI(cls.getItems().get(2)), proxies.get(1).getEObjectURI());
        assertEquals(EcoreUtil.getURI(cls.getItems().get(0)), proxies.get(0).getEObjectURI());
    }

    @Test
    void everyFileOfTheCorpusExportsEverythingNamedButItsVms() throws IOException {
        for (String text : TestFrontEnd.corpus()) {
            XtextResource resource = TestFrontEnd.parse(text);
            assertEquals(namedButVms(resource), exportedNames(resource), text.lines().findFirst().orElse(""));
        }
    }

    @Test
    void aVmInAnotherFileIsFoundThroughItsClass() {
        var result = TestFrontEnd.run(List.of(new CordonFrontEnd.Source("fleet.cordon", FLEET),
                new CordonFrontEnd.Source("host.cordon", HOST)));
        assertFalse(result.hasErrors(), result.diagnostics().toString());
        XtextResourceSet set = CordonFrontEnd.injector().getInstance(XtextResourceSet.class);
        Resource fleet = load(set, "cordon:/0/fleet.cordon", FLEET);
        Resource host = load(set, "cordon:/1/host.cordon", HOST);
        EcoreUtil2.resolveAll(host);
        EObject target = ruleTarget(host);
        assertTrue(target instanceof Vm vm && vm.getName().equals("db") && vm.eResource() == fleet, String.valueOf(target));
        // the other ways of asking a scope: by the object, and everything
        var scope = CordonFrontEnd.injector().getInstance(IGlobalScopeProvider.class)
                .getScope(host, CordonPackage.Literals.SUBJECT_REF__REF, null);
        assertEquals("bank.db", scope.getSingleElement(target).getName().toString());
        List<String> all = StreamSupport.stream(scope.getAllElements().spliterator(), false)
                .map(d -> d.getName().toString()).toList();
        assertTrue(all.containsAll(List.of("bank", "bank.web", "bank.db", "dom0")), all.toString());
        assertEquals(null, scope.getSingleElement(QualifiedName.create("bank", "mail")));
        assertEquals(null, scope.getSingleElement(QualifiedName.create("dom0", "db")));
    }

    @Test
    void aVmIsFoundThroughTheIndexWhenItsFileIsNotLoaded(@TempDir Path dir) throws IOException {
        Path fleetFile = dir.resolve("fleet.cordon");
        Files.writeString(fleetFile, FLEET);
        URI fleetUri = URI.createFileURI(fleetFile.toString());
        // the index the language server keeps: copies of each file's entries, made while the file was loaded
        XtextResourceSet first = CordonFrontEnd.injector().getInstance(XtextResourceSet.class);
        IResourceDescription fleetEntry = new ResolvedResourceDescription(description(first.getResource(fleetUri, true)));
        ResourceDescriptionsData index = new ResourceDescriptionsData(List.of(fleetEntry));

        XtextResourceSet set = CordonFrontEnd.injector().getInstance(XtextResourceSet.class);
        ResourceDescriptionsData.ResourceSetAdapter.installResourceDescriptionsData(set, index);
        Resource host = load(set, URI.createFileURI(dir.resolve("host.cordon").toString()).toString(), HOST);
        assertEquals(1, set.getResources().size());
        EObject vm = ruleTarget(host);
        assertTrue(vm instanceof Vm v && !v.eIsProxy() && v.getName().equals("db")
                && v.eResource().getURI().equals(fleetUri), String.valueOf(vm));
        assertEquals(2, set.getResources().size(), "the fleet is loaded when the VM is read");
        assertTrue(host.getErrors().isEmpty(), host.getErrors().toString());
    }

    @Test
    void aFileThatNamesAVmIsBuiltAgainWhenTheVmIsAddedToItsClass() {
        // the file names a VM its class does not have yet, and nothing else of the fleet's file: only the VM's
        // name ties it to the fleet, and it has no reference into that file to be rebuilt by
        String waiting = "layer hosting {\n  domain d0 : control singleton\n  allow d0 manage bank.mail\n}\n";
        XtextResourceSet set = CordonFrontEnd.injector().getInstance(XtextResourceSet.class);
        Resource fleet = load(set, "cordon:/0/fleet.cordon", FLEET);
        Resource hosting = load(set, "cordon:/1/hosting.cordon", waiting);
        EcoreUtil2.resolveAll(hosting);
        assertEquals(1, hosting.getErrors().size(), hosting.getErrors().toString());
        IResourceDescription hostingEntry = description(hosting);
        IResourceDescription before = new ResolvedResourceDescription(description(fleet));
        IResourceDescription after = new ResolvedResourceDescription(description(load(
                CordonFrontEnd.injector().getInstance(XtextResourceSet.class), "cordon:/0/fleet.cordon",
                FLEET.replace("vm db", "vm db vm mail"))));
        var delta = new DefaultResourceDescriptionDelta(before, after);
        assertTrue(delta.haveEObjectDescriptionsChanged(), "a class's VMs are part of its entry");
        var manager = CordonFrontEnd.injector().getInstance(IResourceDescription.Manager.class);
        assertTrue(manager instanceof CordonDescriptionManager, manager.getClass().getName());
        assertTrue(manager.isAffected(List.of(delta), hostingEntry, new ResourceDescriptionsData(List.of(after))));
        // Xtext's own manager would leave the file with its error: the names it imported are the VM's alone
        var xtexts = CordonFrontEnd.injector().getInstance(DefaultResourceDescriptionManager.class);
        assertFalse(xtexts.isAffected(List.of(delta), hostingEntry, new ResourceDescriptionsData(List.of(after))));
    }

    /** The names of every object of the file that the qualified name provider names, but its VMs, in order. */
    private static List<String> namedButVms(Resource resource) {
        IQualifiedNameProvider naming = CordonFrontEnd.injector().getInstance(IQualifiedNameProvider.class);
        List<String> named = new ArrayList<>();
        resource.getAllContents().forEachRemaining(o -> {
            QualifiedName n = naming.getFullyQualifiedName(o);
            if (n != null && !(o instanceof Vm)) {
                named.add(n.toString());
            }
        });
        return named;
    }

    private static List<String> exportedNames(Resource resource) {
        return StreamSupport.stream(description(resource).getExportedObjects().spliterator(), false)
                .map(d -> d.getName().toString()).toList();
    }

    private static IResourceDescription description(Resource resource) {
        return CordonFrontEnd.injector().getInstance(IResourceDescription.Manager.class).getResourceDescription(resource);
    }

    private static IEObjectDescription entry(IResourceDescription description, String name) {
        return StreamSupport.stream(description.getExportedObjects().spliterator(), false)
                .filter(d -> d.getName().toString().equals(name)).findFirst().orElseThrow();
    }

    private static Resource load(XtextResourceSet set, String uri, String text) {
        Resource r = set.createResource(URI.createURI(uri));
        try {
            r.load(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), Map.of());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return r;
    }

    /** The target the host's one rule names, resolved. */
    private static EObject ruleTarget(Resource host) {
        Layer layer = (Layer) ((Model) host.getContents().get(0)).getElements().get(0);
        return ((Rule) layer.getMembers().get(0)).getTarget().getRef();
    }
}

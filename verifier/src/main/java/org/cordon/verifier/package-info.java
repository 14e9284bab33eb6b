/**
 * The verifier on the policy model (DESIGN.md §5). Entry point: {@link org.cordon.verifier.Verifier}.
 *
 * <p>Pipeline: {@code facts.FactExpander} gives the IR its own meaning (every allowed
 * (source, target, class, permission) tuple with the Cordon statement behind it; not the
 * compiler's statement table or lowering) → {@code flow.FlowGraph} turns tuples
 * into information-flow edges with {@code permmap.XenPermissionMap} → {@code check.*} decide the
 * properties and map counterexamples back to source positions.
 *
 * <p>Choices a reader should know:
 * <ul>
 * <li>Labels are principals plus three facets: a domain's send-capable event channels, its receive-only ones,
 * and its build label.
 * Xen's {@code _self}/{@code _target} types are the domain itself.</li>
 * <li>Only {@code allow} grants; auditallow and dontaudit change logging only (as in FLASK).</li>
 * <li>Flow properties hold under every switch setting: Z3 looks for a setting that breaks each
 * property the defaults keep ({@code switches.SwitchSolver}); escalation and feature checks look at every rule whatever its switch; policy tests
 * decide with the switches at their defaults.</li>
 * <li>Isolation ({@code assert isolated}, and what strong classes and hybrid clusters promise)
 * trusts platform domains (control, service, driver, device model, boot) as mediators and
 * exempts declared channels; {@code assert no flow} trusts only the mediators it names.
 * DOMID_IO and DOMID_XEN are never conduits.</li>
 * </ul>
 */
package org.cordon.verifier;

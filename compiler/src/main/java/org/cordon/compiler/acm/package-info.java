/**
 * Pass "lower-acm": a Cordon policy model → a Xen ACM/sHype policy (Simple Type Enforcement + Chinese Wall),
 * and the re-check of the policy's assertions under ACM's own semantics.
 *
 * <p>Entry point: {@link org.cordon.compiler.acm.AcmLowering#lower(org.cordon.compiler.table.StatementTable)} → a
 * {@link org.cordon.compiler.acm.AcmLowering.Result} (the {@link org.cordon.xsm.acm.AcmPolicy}, principal →
 * label names, and positioned diagnostics); {@code Result.writeAll(dir)} writes
 * {@code dir/acm/<name>-security_policy.xml}, {@code <name>.bin} (V4, sorted numbering) and {@code <name>.map}.
 *
 * <table>
 *   <caption>What each Cordon statement becomes</caption>
 *   <tr><th>Cordon</th><th>ACM</th></tr>
 *   <tr><td>domain D</td><td>VM label D; STE and CHWALL type D</td></tr>
 *   <tr><td>control domain</td><td>the bootstrap label (dom0), holding every STE type</td></tr>
 *   <tr><td>class C, vm C.v</td><td>STE and CHWALL type C; VM label C.v with both</td></tr>
 *   <tr><td>channel A -> B, rule between two classes</td><td>STE type {@code A--B} on both sides</td></tr>
 *   <tr><td>rule between a mediator M and guests G</td><td>M's label takes G's home types</td></tr>
 *   <tr><td>resource R, uses R</td><td>STE type R, resource label R, R on every user's label</td></tr>
 *   <tr><td>conflict S { A, B }</td><td>conflict set S of the CHWALL types of A and B (a cluster, group, VM
 *       or domain member gets a CHWALL type of its own name on all its labels)</td></tr>
 *   <tr><td>forbid, features, caps, switches, devices, one-way or single-kind channels, audit rules,
 *       permissions other than event/grant</td><td>nothing: a warning at the statement</td></tr>
 * </table>
 *
 * <p>{@link org.cordon.compiler.acm.AcmIsolationCheck} then judges the produced policy, not the lowering's
 * intent: STE sharing between isolated subjects and co-residency of conflicting ones are errors.
 */
package org.cordon.compiler.acm;

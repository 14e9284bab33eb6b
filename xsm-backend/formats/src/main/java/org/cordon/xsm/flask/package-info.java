/**
 * Xen XSM/FLASK policies: compile policy.conf, write and read binary policies, decompile.
 *
 * <p>The public facade is {@link org.cordon.xsm.flask.FlaskPolicies}:
 * <ul>
 *   <li>{@code parse(Path)} / {@code parse(String name, String text)} (and overloads with {@code mls}, like
 *       checkpolicy's {@code -M}) compile policy.conf into a {@link org.cordon.xsm.flask.model.FlaskPolicy}, the
 *       expanded kernel policy model. Errors are {@link org.cordon.xsm.flask.PolicyConfException} with
 *       {@code file:line:col: message}, where file and line follow m4's {@code #line} markers.</li>
 *   <li>{@code writeBinary(model, version, mls)} writes the "XenFlask" binary for version 30 or 24, byte-identical
 *       to {@code checkpolicy -t Xen -c <version> [-M]} (3.4). Version 24 drops devicetreecon entries, as
 *       checkpolicy does, and refuses iomemcon page numbers above 32 bits
 *       ({@link org.cordon.xsm.flask.binary.PolicyWriteException}).</li>
 *   <li>{@code readBinary(bytes)} reads "XenFlask" v24/v30 and legacy "SE Linux" v15–v24 policies; malformed input
 *       gives {@link org.cordon.xsm.flask.BinaryPolicyException} with the byte offset.</li>
 *   <li>{@code decompile(model)} renders policy.conf that compiles back to the same binary: {@code conf.Decompiler}
 *       builds {@code conf.Ast} statements and {@code conf.ConfPrinter} prints them, as it prints Cordon's FLASK
 *       lowering. Initial SIDs are named in Xen's order (xenboot = 1 … domDM = 13).</li>
 * </ul>
 *
 * <p>Pipeline: {@code conf.ConfParser} (ANTLR grammar {@code PolicyConf.g4}) → {@code conf.AstBuilder} →
 * {@code conf.Expander} (checkpolicy's base policy and libsepol's expansion: hash-order numbering, attributes kept
 * in access rules, conditional merging) → {@code binary.BinaryWriter} ({@code AvtabWriter}, {@code OcontextWriter}).
 * <p>Tests: {@code ConformanceTest} (vectors → byte-identical binaries), {@code ConfPrinterTest} (text → AST →
 * printed → the same AST and the same binary, on Xen's policies and random ones), {@code RoundTripTest} (read → write,
 * decompile → compile, also with the real checkpolicy), {@code DifferentialTest} (random policies against
 * {@code checkpolicy -t Xen -c 30/24 [-M]}; large run:
 * {@code mvn -B -pl xsm-backend test -Dtest=DifferentialTest -Dcordon.flask.diff.cases=5000 -Dcordon.flask.diff.seed=1}),
 * {@code FuzzTest} (mutated vectors into reader and parser; {@code -Dcordon.flask.fuzz.iterations=N}).
 *
 * <p>Not supported (rejected with a message): conditionals mixing tunables and booleans, role attributes and role dominance,
 * filename type transitions, extended permissions.
 */
package org.cordon.xsm.flask;

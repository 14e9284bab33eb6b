/**
 * Xen hosts: reaching them ({@link org.cordon.xsm.host.HostConnection}: {@link org.cordon.xsm.host.LocalHost},
 * {@link org.cordon.xsm.host.SshHost} with strict known_hosts checking and key authentication), their files
 * ({@link org.cordon.xsm.host.HostFiles}, atomic writes checked by SHA-256), typed operations with parsers of the
 * real tools' outputs ({@link org.cordon.xsm.host.XenHost}, {@link org.cordon.xsm.host.XenOutputs}), safe loading
 * with preflight, backup, post-checks and rollback ({@link org.cordon.xsm.host.PolicyLoader}, a history kept on the
 * host by {@link org.cordon.xsm.host.HostHistory}), the boot configuration ({@link org.cordon.xsm.host.BootConfig},
 * {@link org.cordon.xsm.host.BootFiles}) and fleet rollouts in waves.
 *
 * <p>Tests drive all of it against {@code FakeXen} (test sources), an in-memory dom0 that answers like Xen 4.17's
 * tools, with injectable faults; the SSH path runs against Apache MINA SSHD's server in-process.
 */
package org.cordon.xsm.host;
